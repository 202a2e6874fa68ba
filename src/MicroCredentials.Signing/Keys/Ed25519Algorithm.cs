using System.Numerics;
using System.Security.Cryptography;
using BcEd25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace MicroCredentials.Signing.Keys;

/// <summary>
/// Ed25519 (RFC 8032 §5.1), through BouncyCastle. Public key 32 bytes, seed 32 bytes, signature 64 bytes.
/// Verification is strict: besides BouncyCastle's own checks we reject, explicitly, S ≥ L, non-canonical
/// point encodings (y ≥ p) and small-order public keys and R values, so that a signature binds one key and
/// one message (no "verifies for every message" keys such as the identity point).
/// </summary>
internal sealed class Ed25519Algorithm : KeyAlgorithm
{
    // p = 2^255 - 19
    private static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;

    // Group order L = 2^252 + 27742317777372353535851937790883648493
    private static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493", System.Globalization.CultureInfo.InvariantCulture);

    // y-coordinates of the eight points of order dividing 8: 1 (identity), p-1 (order 2), 0 (order 4) and ±y8 (order 8).
    // y8 is a root of d*y^4 + 2*y^2 - 1 = 0 (the tests recompute that); listed little-endian as in libsodium's blocklist.
    private static readonly BigInteger Y8 = new(
        [0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98, 0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05],
        isUnsigned: true,
        isBigEndian: false);

    private static readonly BigInteger[] SmallOrderY = [BigInteger.Zero, BigInteger.One, P - 1, Y8, P - Y8];

    public Ed25519Algorithm()
        : base("Ed25519", 32, 32, 64)
    {
    }

    internal static BigInteger SmallOrderY8 => Y8;

    internal static BigInteger FieldPrime => P;

    public override HashAlgorithmName HashAlgorithm => HashAlgorithmName.SHA256;

    internal override byte[] SignCore(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data)
    {
        var signature = new byte[64];
        BcEd25519.Sign(secret, publicKey, data, signature);
        return signature;
    }

    internal override bool VerifyCore(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != 32 || signature.Length != 64)
        {
            return false;
        }

        if (!IsAcceptablePoint(publicKey) || !IsAcceptablePoint(signature[..32]) || !IsCanonicalScalar(signature[32..]))
        {
            return false;
        }

        try
        {
            return BcEd25519.Verify(signature.ToArray(), 0, publicKey.ToArray(), 0, data.ToArray(), 0, data.Length);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// The decoded point of a key that passes every check (canonical, not small-order, full validation), so each
    /// verification skips decompressing it again. Keys that fail any check get no state and keep the byte path, so
    /// the answers are the same either way.
    /// </summary>
    internal override object? CreateVerifierState(ReadOnlySpan<byte> publicKey) =>
        publicKey.Length == 32 && IsAcceptablePoint(publicKey) ? BcEd25519.ValidatePublicKeyFullExport(publicKey) : null;

    internal override bool VerifyCore(object state, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != 64 || !IsAcceptablePoint(signature[..32]) || !IsCanonicalScalar(signature[32..]))
        {
            return false;
        }

        try
        {
            return BcEd25519.Verify(signature, (BcEd25519.PublicPoint)state, data);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    internal override byte[] GenerateSecretCore() => RandomNumberGenerator.GetBytes(32);

    internal override byte[] NormalizeSecretCore(ReadOnlySpan<byte> secret)
    {
        // The OB implementation guide's vector stores seed‖public (64 bytes, the NaCl layout); the seed is what signs.
        if (secret.Length == 64)
        {
            var seed = secret[..32].ToArray();
            var derived = DerivePublicKeyCore(seed);
            if (!derived.AsSpan().SequenceEqual(secret[32..]))
            {
                CryptographicOperations.ZeroMemory(seed);
                throw new FormatException("The 64-byte Ed25519 secret's public half does not match its seed.");
            }

            return seed;
        }

        if (secret.Length != 32)
        {
            throw new FormatException($"An Ed25519 secret is a 32-byte seed (or seed‖public, 64 bytes), not {secret.Length} bytes.");
        }

        return secret.ToArray();
    }

    internal override byte[] DerivePublicKeyCore(ReadOnlySpan<byte> secret)
    {
        var pk = new byte[32];
        BcEd25519.GeneratePublicKey(secret.ToArray(), 0, pk, 0);
        return pk;
    }

    internal override void ValidatePublicKeyCore(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != 32)
        {
            throw new FormatException($"An Ed25519 public key is 32 bytes, not {publicKey.Length}.");
        }

        if (!IsAcceptablePoint(publicKey))
        {
            throw new FormatException("The Ed25519 public key is a non-canonical encoding or a small-order point.");
        }

        if (!BcEd25519.ValidatePublicKeyFull(publicKey.ToArray(), 0))
        {
            throw new FormatException("The Ed25519 public key is not a valid curve point.");
        }
    }

    /// <summary>Canonical (y &lt; p) and not one of the eight small-order points.</summary>
    internal static bool IsAcceptablePoint(ReadOnlySpan<byte> encoded)
    {
        Span<byte> yBytes = stackalloc byte[32];
        encoded.CopyTo(yBytes);
        yBytes[31] &= 0x7f;
        var y = new BigInteger(yBytes, isUnsigned: true, isBigEndian: false);
        if (y >= P)
        {
            return false;
        }

        foreach (var small in SmallOrderY)
        {
            if (y == small)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>S &lt; L (RFC 8032 §5.1.7 step 1), so a signature cannot be malleated by adding L.</summary>
    internal static bool IsCanonicalScalar(ReadOnlySpan<byte> s) => new BigInteger(s, isUnsigned: true, isBigEndian: false) < L;
}
