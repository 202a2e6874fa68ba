namespace MicroCredentials.Signing.Primitives;

/// <summary>Base64url without padding, strict (rejects padding, whitespace and non-zero trailing bits).</summary>
internal static class Base64UrlEncoding
{
    public static string Encode(ReadOnlySpan<byte> data)
    {
        var s = Convert.ToBase64String(data);
        return s.TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static byte[] Decode(ReadOnlySpan<char> value)
    {
        if (!TryDecode(value, out var bytes))
        {
            throw new FormatException("The value is not valid unpadded base64url.");
        }

        return bytes;
    }

    public static bool TryDecode(ReadOnlySpan<char> value, out byte[] bytes)
    {
        bytes = [];
        if (value.Length % 4 == 1)
        {
            return false;
        }

        var chars = new char[value.Length + ((4 - (value.Length % 4)) % 4)];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            chars[i] = c switch
            {
                '-' => '+',
                '_' => '/',
                >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' => c,
                _ => '\0',
            };
            if (chars[i] == '\0')
            {
                return false;
            }
        }

        for (var i = value.Length; i < chars.Length; i++)
        {
            chars[i] = '=';
        }

        try
        {
            bytes = Convert.FromBase64CharArray(chars, 0, chars.Length);
        }
        catch (FormatException)
        {
            return false;
        }

        // Non-canonical: trailing bits that the decoder silently dropped.
        return Encode(bytes).AsSpan().SequenceEqual(value);
    }
}
