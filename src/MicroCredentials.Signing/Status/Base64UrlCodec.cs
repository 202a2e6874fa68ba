namespace MicroCredentials.Signing.Status;

/// <summary>Base64url without padding (RFC 4648 §5), written here because net8.0 lacks System.Buffers.Text.Base64Url.</summary>
internal static class Base64UrlCodec
{
    public static string Encode(ReadOnlySpan<byte> data)
    {
        var s = Convert.ToBase64String(data);
        var end = s.Length;
        while (end > 0 && s[end - 1] == '=')
        {
            end--;
        }

        return string.Create(end, s, static (span, src) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                var c = src[i];
                span[i] = c == '+' ? '-' : c == '/' ? '_' : c;
            }
        });
    }

    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] data)
    {
        data = [];
        if (text.Length % 4 == 1)
        {
            return false;
        }

        var padded = new char[(text.Length + 3) / 4 * 4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            padded[i] = c switch
            {
                '-' => '+',
                '_' => '/',
                >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' => c,
                _ => '\0',
            };
            if (padded[i] == '\0')
            {
                return false;
            }
        }

        for (var i = text.Length; i < padded.Length; i++)
        {
            padded[i] = '=';
        }

        try
        {
            data = Convert.FromBase64CharArray(padded, 0, padded.Length);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
