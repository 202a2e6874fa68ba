namespace MicroCredentials.Signing.Jose;

/// <summary>The stable error codes of <see cref="JwtVerificationResult.ErrorCode"/>.</summary>
public static class JwtErrorCodes
{
    /// <summary>Not a compact JWS with a JSON header and payload holding a credential.</summary>
    public const string Malformed = "jwt.malformed";

    /// <summary>The token or its header exceeds the configured size.</summary>
    public const string TooLarge = "jwt.too-large";

    /// <summary>The <c>alg</c> is not on the allow-list (<c>none</c>, HMAC, anything but RS256/ES256/EdDSA).</summary>
    public const string AlgNotAllowed = "jwt.alg-not-allowed";

    /// <summary>The <c>alg</c> does not match the key type (RSA ⇒ RS256, P-256 ⇒ ES256, Ed25519 ⇒ EdDSA).</summary>
    public const string AlgKeyMismatch = "jwt.alg-key-mismatch";

    /// <summary>The signature does not verify with the issuer's key.</summary>
    public const string SignatureInvalid = "jwt.signature-invalid";

    /// <summary>The <c>crit</c> header names an extension this verifier does not implement, or is malformed.</summary>
    public const string CritUnsupported = "jwt.crit-unsupported";

    /// <summary>The <c>kid</c> could not be resolved to a key, or is not an acceptable key identifier.</summary>
    public const string KidUnresolved = "jwt.kid-unresolved";

    /// <summary>The <c>kid</c> names a key controlled by someone other than the credential's issuer.</summary>
    public const string KidNotIssuerKey = "jwt.kid-not-issuer-key";

    /// <summary>The embedded <c>jwk</c> is not a key of the credential's issuer.</summary>
    public const string JwkNotIssuerKey = "jwt.jwk-not-issuer-key";

    /// <summary>A registered claim (<c>iss jti sub nbf exp</c>) disagrees with the credential.</summary>
    public const string ClaimsMismatch = "jwt.claims-mismatch";

    /// <summary>The token or credential has expired (<c>exp</c> / <c>validUntil</c>).</summary>
    public const string Expired = "jwt.expired";

    /// <summary>The token or credential is not yet valid (<c>nbf</c> / <c>validFrom</c>).</summary>
    public const string NotYetValid = "jwt.not-yet-valid";
}
