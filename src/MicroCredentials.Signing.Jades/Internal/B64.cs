using System.Text;
using MicroCredentials.Signing.Primitives;

namespace MicroCredentials.Signing.Jades.Internal;

/// <summary>base64url (RFC 4648 §5, no padding) and lenient standard base64 for DER values.</summary>
internal static class B64
{
    public static string UrlEncode(ReadOnlySpan<byte> data) => Base64UrlEncoding.Encode(data);

    public static string UrlEncode(string text) => UrlEncode(Encoding.UTF8.GetBytes(text));

    /// <summary>Strict base64url: the core's one decoder (URL alphabet, no padding or whitespace, no stray trailing bits).</summary>
    public static bool TryUrlDecode(string text, out byte[] bytes) => Base64UrlEncoding.TryDecode(text, out bytes);

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
