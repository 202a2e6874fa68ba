namespace MicroCredentials.Signing.Keys;

/// <summary>
/// Multikey values (W3C Controlled Identifiers §2.2.2): base58btc multibase of an unsigned-varint multicodec header
/// followed by the raw key. Ed25519 public <c>0xed</c> (bytes <c>ed 01</c>), secret <c>0x1300</c> (<c>80 26</c>);
/// P-256 public <c>0x1200</c> (<c>80 24</c>), secret <c>0x1306</c> (<c>86 26</c>); P-384 public <c>0x1201</c>
/// (<c>81 24</c>), secret <c>0x1307</c> (<c>87 26</c>).
/// </summary>
public static class Multikey
{
    /// <summary>The verification method type <c>Multikey</c>.</summary>
    public const string TypeName = "Multikey";

    private static readonly (KeyAlgorithm Algorithm, ulong PublicCodec, ulong SecretCodec)[] Codecs =
    [
        (KeyAlgorithm.Ed25519, 0xed, 0x1300),
        (KeyAlgorithm.P256, 0x1200, 0x1306),
        (KeyAlgorithm.P384, 0x1201, 0x1307),
    ];

    /// <summary>Encodes a public key as <c>publicKeyMultibase</c>.</summary>
    /// <exception cref="NotSupportedException">RSA keys have no Multikey form here.</exception>
    public static string EncodePublicKey(PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var codec = Find(key.Algorithm).PublicCodec;
        return Multibase.Encode(Prefix(codec, key.Bytes.Span));
    }

    /// <summary>Decodes a <c>publicKeyMultibase</c> value, checking the header, the length and the point.</summary>
    /// <exception cref="FormatException">Not base58btc, unknown header, wrong length, or not a valid key.</exception>
    public static PublicKey DecodePublicKey(string publicKeyMultibase)
    {
        var bytes = Multibase.DecodeBase58Btc(publicKeyMultibase);
        var codec = ReadVarint(bytes, out var headerLength);
        foreach (var (algorithm, publicCodec, secretCodec) in Codecs)
        {
            if (codec == publicCodec)
            {
                var raw = bytes.AsSpan(headerLength);
                if (raw.Length != algorithm.PublicKeySize)
                {
                    throw new FormatException($"A {algorithm.Name} Multikey public key is {algorithm.PublicKeySize} bytes, not {raw.Length}.");
                }

                return algorithm.ImportPublicKey(raw);
            }

            if (codec == secretCodec)
            {
                throw new FormatException("The value is a secret key, not a public key.");
            }
        }

        throw new FormatException($"Unsupported Multikey header 0x{codec:x}.");
    }

    /// <summary>Encodes a secret key (Ed25519 seed or EC scalar) as <c>secretKeyMultibase</c>.</summary>
    public static string EncodeSecretKey(KeyAlgorithm algorithm, ReadOnlySpan<byte> secret)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        return Multibase.Encode(Prefix(Find(algorithm).SecretCodec, secret));
    }

    /// <summary>
    /// Decodes a <c>secretKeyMultibase</c> value into a key pair. Ed25519 accepts the 32-byte seed and the
    /// 64-byte seed‖public layout (which must be consistent).
    /// </summary>
    /// <exception cref="FormatException">Not base58btc, unknown header, wrong length or out-of-range scalar.</exception>
    public static KeyPair DecodeSecretKey(string secretKeyMultibase)
    {
        var bytes = Multibase.DecodeBase58Btc(secretKeyMultibase);
        try
        {
            var codec = ReadVarint(bytes, out var headerLength);
            foreach (var (algorithm, _, secretCodec) in Codecs)
            {
                if (codec == secretCodec)
                {
                    return algorithm.ImportKeyPair(bytes.AsSpan(headerLength));
                }
            }

            throw new FormatException($"Unsupported Multikey secret header 0x{codec:x}.");
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static (KeyAlgorithm Algorithm, ulong PublicCodec, ulong SecretCodec) Find(KeyAlgorithm algorithm)
    {
        foreach (var entry in Codecs)
        {
            if (ReferenceEquals(entry.Algorithm, algorithm))
            {
                return entry;
            }
        }

        throw new NotSupportedException($"{algorithm.Name} keys have no Multikey encoding.");
    }

    private static byte[] Prefix(ulong codec, ReadOnlySpan<byte> raw)
    {
        Span<byte> header = stackalloc byte[10];
        var n = 0;
        var value = codec;
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            header[n++] = value != 0 ? (byte)(b | 0x80) : b;
        }
        while (value != 0);

        var result = new byte[n + raw.Length];
        header[..n].CopyTo(result);
        raw.CopyTo(result.AsSpan(n));
        return result;
    }

    /// <summary>Reads a minimal unsigned varint (multiformats rules: at most 9 bytes, no redundant trailing zero groups).</summary>
    internal static ulong ReadVarint(ReadOnlySpan<byte> bytes, out int length)
    {
        ulong value = 0;
        for (var i = 0; i < bytes.Length && i < 9; i++)
        {
            var b = bytes[i];
            value |= (ulong)(b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0)
            {
                if (b == 0 && i > 0)
                {
                    throw new FormatException("Non-minimal varint in the multicodec header.");
                }

                length = i + 1;
                return value;
            }
        }

        throw new FormatException("Truncated or oversized multicodec header.");
    }
}
