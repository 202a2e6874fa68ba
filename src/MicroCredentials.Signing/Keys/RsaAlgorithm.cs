using System.Security.Cryptography;

namespace MicroCredentials.Signing.Keys;

/// <summary>
/// RSA public keys for verifying JWTs (RS256 by default through <see cref="KeyAlgorithm.Verify"/>).
/// Key bytes are the PKCS#1 <c>RSAPublicKey</c> DER. This library does not create RSA keys or sign with them.
/// </summary>
internal sealed class RsaAlgorithm : KeyAlgorithm
{
    // Below 2048 bits RSA is not acceptable for new signatures (NIST SP 800-131A).
    internal const int MinimumModulusBits = 2048;

    public RsaAlgorithm()
        : base("RSA", 0, 0, 0)
    {
    }

    public override HashAlgorithmName HashAlgorithm => HashAlgorithmName.SHA256;

    public override bool CanSign => false;

    internal override byte[] SignCore(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data) =>
        throw new NotSupportedException("RSA keys are supported for verification only.");

    internal override bool VerifyCore(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        VerifyRsa(publicKey, data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    internal static bool VerifyRsa(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, HashAlgorithmName hash, RSASignaturePadding padding)
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportRSAPublicKey(publicKey, out _);
            return rsa.VerifyData(data, signature, hash, padding);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    internal override byte[] GenerateSecretCore() => throw new NotSupportedException("RSA keys are supported for verification only.");

    internal override byte[] NormalizeSecretCore(ReadOnlySpan<byte> secret) => throw new NotSupportedException("RSA keys are supported for verification only.");

    internal override byte[] DerivePublicKeyCore(ReadOnlySpan<byte> secret) => throw new NotSupportedException("RSA keys are supported for verification only.");

    internal override void ValidatePublicKeyCore(ReadOnlySpan<byte> publicKey)
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportRSAPublicKey(publicKey, out var read);
            if (read != publicKey.Length)
            {
                throw new FormatException("Trailing bytes after the RSA public key.");
            }

            if (rsa.KeySize < MinimumModulusBits)
            {
                throw new FormatException($"RSA keys shorter than {MinimumModulusBits} bits are refused.");
            }
        }
        catch (CryptographicException ex)
        {
            throw new FormatException("The bytes are not a PKCS#1 RSA public key.", ex);
        }
    }
}
