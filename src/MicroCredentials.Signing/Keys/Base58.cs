using System.Text;

namespace MicroCredentials.Signing.Keys;

/// <summary>
/// Base58 with the Bitcoin alphabet (the <c>z</c> multibase). Decoding is strict: any character outside the
/// alphabet is rejected, and leading zero bytes map one-to-one to leading <c>1</c>s, so every byte string has
/// exactly one accepted encoding.
/// </summary>
internal static class Base58
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    // Upper bound on accepted input so that hostile input cannot force quadratic work on megabytes.
    private const int MaxEncodedLength = 16 * 1024;

    private static readonly sbyte[] DecodeMap = BuildDecodeMap();

    /// <summary>Encodes bytes as base58btc.</summary>
    public static string Encode(ReadOnlySpan<byte> data)
    {
        var zeros = 0;
        while (zeros < data.Length && data[zeros] == 0)
        {
            zeros++;
        }

        // log(256)/log(58) ≈ 1.366
        var size = ((data.Length - zeros) * 138 / 100) + 1;
        var buffer = new byte[size];
        var length = 0;
        for (var i = zeros; i < data.Length; i++)
        {
            int carry = data[i];
            var j = 0;
            for (var k = size - 1; (carry != 0 || j < length) && k >= 0; k--, j++)
            {
                carry += 256 * buffer[k];
                buffer[k] = (byte)(carry % 58);
                carry /= 58;
            }

            length = j;
        }

        var sb = new StringBuilder(zeros + length);
        sb.Append('1', zeros);
        for (var i = size - length; i < size; i++)
        {
            sb.Append(Alphabet[buffer[i]]);
        }

        return sb.ToString();
    }

    /// <summary>Decodes a base58btc string.</summary>
    /// <exception cref="FormatException">The string holds a character outside the alphabet or is too long.</exception>
    public static byte[] Decode(string encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        if (!TryDecode(encoded, out var result))
        {
            throw new FormatException("The value is not valid base58btc.");
        }

        return result;
    }

    /// <summary>Decodes a base58btc string, returning false instead of throwing for invalid input.</summary>
    public static bool TryDecode(ReadOnlySpan<char> encoded, out byte[] result)
    {
        result = [];
        if (encoded.Length > MaxEncodedLength)
        {
            return false;
        }

        var zeros = 0;
        while (zeros < encoded.Length && encoded[zeros] == '1')
        {
            zeros++;
        }

        // log(58)/log(256) ≈ 0.733
        var size = ((encoded.Length - zeros) * 733 / 1000) + 1;
        var buffer = new byte[size];
        var length = 0;
        for (var i = zeros; i < encoded.Length; i++)
        {
            var c = encoded[i];
            if (c >= 128 || DecodeMap[c] < 0)
            {
                return false;
            }

            int carry = DecodeMap[c];
            var j = 0;
            for (var k = size - 1; (carry != 0 || j < length) && k >= 0; k--, j++)
            {
                carry += 58 * buffer[k];
                buffer[k] = (byte)(carry & 0xff);
                carry >>= 8;
            }

            length = j;
        }

        var start = size - length;
        while (start < size && buffer[start] == 0)
        {
            start++;
        }

        result = new byte[zeros + (size - start)];
        buffer.AsSpan(start).CopyTo(result.AsSpan(zeros));
        return true;
    }

    private static sbyte[] BuildDecodeMap()
    {
        var map = new sbyte[128];
        Array.Fill(map, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
        {
            map[Alphabet[i]] = (sbyte)i;
        }

        return map;
    }
}
