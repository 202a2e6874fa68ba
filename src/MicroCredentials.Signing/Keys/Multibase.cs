using MicroCredentials.Signing.Primitives;

namespace MicroCredentials.Signing.Keys;

/// <summary>The multibase encodings this library reads and writes.</summary>
internal enum MultibaseEncoding
{
    /// <summary><c>z</c>: base58 with the Bitcoin alphabet.</summary>
    Base58Btc = 0,

    /// <summary><c>u</c>: base64url without padding (RFC 4648 §5).</summary>
    Base64Url = 1,
}

/// <summary>
/// Multibase strings: a one-character prefix naming the encoding, then the encoded bytes.
/// Only <c>z</c> (base58btc) and <c>u</c> (base64url, no padding) are supported; anything else is a
/// <see cref="FormatException"/>.
/// </summary>
internal static class Multibase
{
    /// <summary>Encodes bytes with the given multibase encoding, prefix included.</summary>
    public static string Encode(ReadOnlySpan<byte> data, MultibaseEncoding encoding = MultibaseEncoding.Base58Btc) => encoding switch
    {
        MultibaseEncoding.Base58Btc => "z" + Base58.Encode(data),
        MultibaseEncoding.Base64Url => "u" + Base64UrlEncoding.Encode(data),
        _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
    };

    /// <summary>Decodes a multibase string.</summary>
    /// <exception cref="FormatException">Unknown prefix or invalid characters for the encoding.</exception>
    public static byte[] Decode(string value) => Decode(value, out _);

    /// <summary>Decodes a multibase string and reports which encoding it used.</summary>
    /// <exception cref="FormatException">Unknown prefix or invalid characters for the encoding.</exception>
    public static byte[] Decode(string value, out MultibaseEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            throw new FormatException("A multibase value cannot be empty.");
        }

        switch (value[0])
        {
            case 'z':
                encoding = MultibaseEncoding.Base58Btc;
                return Base58.TryDecode(value.AsSpan(1), out var bytes)
                    ? bytes
                    : throw new FormatException("The multibase value is not valid base58btc.");
            case 'u':
                encoding = MultibaseEncoding.Base64Url;
                return Base64UrlEncoding.Decode(value.AsSpan(1));
            default:
                throw new FormatException($"Unsupported multibase prefix '{value[0]}'; expected 'z' (base58btc) or 'u' (base64url).");
        }
    }

    /// <summary>Decodes a base58btc multibase value (prefix <c>z</c>), rejecting every other encoding.</summary>
    /// <exception cref="FormatException">The value does not start with <c>z</c> or is not valid base58btc.</exception>
    public static byte[] DecodeBase58Btc(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0 || value[0] != 'z')
        {
            throw new FormatException("Expected a base58btc multibase value (prefix 'z').");
        }

        return Decode(value);
    }
}
