using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace MicroCredentials.Signing.Jades.Internal;

/// <summary>The JWA signature algorithms JAdES uses, verified with BouncyCastle on both target frameworks.</summary>
internal static class JwsAlgorithms
{
    public static readonly IReadOnlyList<string> Supported = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"];

    /// <summary>The BouncyCastle signer name; null for an algorithm outside the allow-list.</summary>
    public static string? SignerName(string? alg) => alg switch
    {
        "RS256" => "SHA-256withRSA",
        "RS384" => "SHA-384withRSA",
        "RS512" => "SHA-512withRSA",
        "PS256" => "SHA-256withRSAandMGF1",
        "PS384" => "SHA-384withRSAandMGF1",
        "PS512" => "SHA-512withRSAandMGF1",
        "ES256" => "SHA-256withPLAIN-ECDSA",
        "ES384" => "SHA-384withPLAIN-ECDSA",
        "ES512" => "SHA-512withPLAIN-ECDSA",
        "EdDSA" => "Ed25519",
        _ => null,
    };

    /// <summary>Verifies a JWS signature value; false for a wrong key type, curve or length.</summary>
    public static bool Verify(string alg, AsymmetricKeyParameter key, byte[] signingInput, byte[] signature)
    {
        var name = SignerName(alg) ?? throw new ArgumentException("unsupported alg", nameof(alg));
        if (!KeyFits(alg, key, signature.Length))
        {
            return false;
        }

        try
        {
            var verifier = SignerUtilities.GetSigner(name);
            verifier.Init(false, key);
            verifier.BlockUpdate(signingInput, 0, signingInput.Length);
            return verifier.VerifySignature(signature);
        }
        catch (Exception ex) when (ex is CryptoException or ArgumentException or InvalidCastException or InvalidOperationException)
        {
            return false;
        }
    }

    public static bool Verify(string alg, BcCertificate cert, byte[] signingInput, byte[] signature)
    {
        AsymmetricKeyParameter key;
        try
        {
            key = cert.GetPublicKey();
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityUtilityException or InvalidOperationException)
        {
            return false;
        }

        return Verify(alg, key, signingInput, signature);
    }

    private static bool KeyFits(string alg, AsymmetricKeyParameter key, int signatureLength) => alg[0] switch
    {
        'R' or 'P' => key is RsaKeyParameters { Modulus.BitLength: >= 2048 },
        'E' when alg == "EdDSA" => key is Ed25519PublicKeyParameters && signatureLength == 64,
        'E' => key is ECPublicKeyParameters ec && signatureLength == 2 * ((ec.Parameters.Curve.FieldSize + 7) / 8) && ec.Parameters.Curve.FieldSize == alg switch
        {
            "ES256" => 256,
            "ES384" => 384,
            _ => 521,
        },
        _ => false,
    };
}
