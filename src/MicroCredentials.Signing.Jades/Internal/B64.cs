using System.Text;

namespace MicroCredentials.Signing.Jades.Internal;

/// <summary>base64url (RFC 4648 §5, no padding) and lenient standard base64 for DER values.</summary>
internal static class B64
{
    public static string UrlEncode(ReadOnlySpan<byte> data) =>
        Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string UrlEncode(string text) => UrlEncode(Encoding.UTF8.GetBytes(text));

    /// <summary>Strict base64url: only the URL alphabet, no padding, no whitespace.</summary>
    public static bool TryUrlDecode(string text, out byte[] bytes)
    {
        bytes = [];
        foreach (var c in text)
        {
            if (!(c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_'))
            {
                return false;
            }
        }

        if (text.Length % 4 == 1)
        {
            return false;
        }

        var s = text.Replace('-', '+').Replace('_', '/');
        s += new string('=', (4 - s.Length % 4) % 4);
        try
        {
            bytes = Convert.FromBase64String(s);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Standard base64 (what JAdES <c>val</c> members and <c>x5c</c> use), also accepting the URL alphabet.</summary>
    public static bool TryDecodeAny(string text, out byte[] bytes)
    {
        bytes = [];
        var s = text.Trim().Replace('-', '+').Replace('_', '/');
        if (s.Length % 4 != 0)
        {
            s = s.TrimEnd('=');
            s += new string('=', (4 - s.Length % 4) % 4);
        }

        try
        {
            bytes = Convert.FromBase64String(s);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
