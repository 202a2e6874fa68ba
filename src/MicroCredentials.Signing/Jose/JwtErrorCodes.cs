namespace MicroCredentials.Signing.Jose;

/// <summary>The stable error codes of <see cref="JwtVerificationResult.ErrorCode"/>.</summary>
public static class JwtErrorCodes
{
    /// <summary>Not a compact JWS with a JSON header and payload holding a credential.</summary>
    public const string Malformed = "JWT_MALFORMED";

    /// <summary>The token or its header exceeds the configured size.</summary>
    public const string TooLarge = "JWT_TOO_LARGE";

    /// <summary>The <c>alg</c> is not on the allow-list (<c>none</c>, HMAC, anything but RS256/ES256/EdDSA).</summary>
    public const string AlgNotAllowed = "JWT_ALG_NOT_ALLOWED";

    /// <summary>The <c>alg</c> does not match the key type (RSA ⇒ RS256, P-256 ⇒ ES256, Ed25519 ⇒ EdDSA).</summary>
    public const string AlgKeyMismatch = "JWT_ALG_KEY_MISMATCH";

    /// <summary>The signature does not verify with the issuer's key.</summary>
    public const string SignatureInvalid = "JWT_SIGNATURE_INVALID";

    /// <summary>The <c>crit</c> header names an extension this verifier does not implement, or is malformed.</summary>
    public const string CritUnsupported = "JWT_CRIT_UNSUPPORTED";

    /// <summary>The <c>kid</c> could not be resolved to a key, or is not an acceptable key identifier.</summary>
    public const string KidUnresolved = "JWT_KID_UNRESOLVED";

    /// <summary>The <c>kid</c> names a key controlled by someone other than the credential's issuer.</summary>
    public const string KidNotIssuerKey = "JWT_KID_NOT_ISSUER_KEY";

    /// <summary>The embedded <c>jwk</c> is not a key of the credential's issuer.</summary>
    public const string JwkNotIssuerKey = "JWT_JWK_NOT_ISSUER_KEY";

    /// <summary>A registered claim (<c>iss jti sub nbf exp</c>) disagrees with the credential.</summary>
    public const string ClaimsMismatch = "JWT_CLAIMS_MISMATCH";

    /// <summary>The token or credential has expired (<c>exp</c> / <c>validUntil</c>).</summary>
    public const string Expired = "JWT_EXPIRED";

    /// <summary>The token or credential is not yet valid (<c>nbf</c> / <c>validFrom</c>).</summary>
    public const string NotYetValid = "JWT_NOT_YET_VALID";
}
