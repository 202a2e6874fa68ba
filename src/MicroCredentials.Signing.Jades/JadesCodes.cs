namespace MicroCredentials.Signing.Jades;

/// <summary>
/// Stable codes of the JAdES verifier's checks (UPPER_SNAKE, like <c>VerificationCodes</c>). Each failure has its own
/// code; the ETSI-style sub-indication (<see cref="JadesSubIndications"/>) says what kind of failure it is.
/// </summary>
public static class JadesCodes
{
    /// <summary>A check passed.</summary>
    public const string Ok = "OK";

    /// <summary>The input is not JSON nor a compact JWS, or a JSON serialization is malformed.</summary>
    public const string Malformed = "JADES_MALFORMED";

    /// <summary>The input exceeds <see cref="JadesLimits.MaxInputBytes"/> or another hostile-input limit.</summary>
    public const string LimitExceeded = "JADES_LIMIT_EXCEEDED";

    /// <summary>A JSON serialization has an empty or missing <c>signatures</c> array.</summary>
    public const string NoSignatures = "JADES_NO_SIGNATURES";

    /// <summary>A header (protected or unprotected) names a member twice (RFC 7515 §4).</summary>
    public const string DuplicateHeader = "JADES_HEADER_DUPLICATE";

    /// <summary>The <c>payload</c> member is not a string.</summary>
    public const string PayloadInvalid = "JADES_PAYLOAD_INVALID";

    /// <summary><c>crit</c> breaks RFC 7515 §4.1.11 or ETSI TS 119 182-1 (not a non-empty array of unique strings, lists a registered or absent or not understood header, or omits <c>b64</c>/<c>sigD</c>).</summary>
    public const string CritInvalid = "JADES_CRIT_INVALID";

    /// <summary>Neither or both of <c>sigT</c> and <c>iat</c>, or <c>sigT</c> dated on/after 2025-07-15 without <c>iat</c>: not a JAdES baseline signature.</summary>
    public const string SigningTimeInvalid = "JADES_SIGNING_TIME_INVALID";

    /// <summary>The <c>etsiU</c> unprotected header is not an array of components of one form (all base64url or all clear JSON).</summary>
    public const string EtsiUInvalid = "JADES_ETSIU_INVALID";

    /// <summary>The <c>alg</c> is not one of RS256/384/512, PS256/384/512, ES256/384/512, EdDSA.</summary>
    public const string AlgorithmUnsupported = "JADES_ALG_UNSUPPORTED";

    /// <summary><c>x5c</c> is not an array of base64 DER certificates.</summary>
    public const string X5cInvalid = "JADES_X5C_INVALID";

    /// <summary>No signing certificate could be found (x5c, xVals or a supplied certificate matching the header's digest).</summary>
    public const string SigningCertificateNotFound = "JADES_SIGNING_CERTIFICATE_NOT_FOUND";

    /// <summary>The protected header does not bind the signing certificate (no x5c, or an <c>x5t#S256</c>/<c>x5t#o</c>/<c>sigX5ts</c> digest that does not match).</summary>
    public const string SigningCertificateNotBound = "JADES_SIGNING_CERTIFICATE_NOT_BOUND";

    /// <summary>The JWS signature value does not verify over the signing input.</summary>
    public const string SignatureInvalid = "JADES_SIGNATURE_INVALID";

    /// <summary>A detached document named by <c>sigD</c> (or the detached payload) was not supplied.</summary>
    public const string DetachedContentMissing = "JADES_DETACHED_CONTENT_MISSING";

    /// <summary>A <c>sigD</c> <c>hashV</c> does not match its document, or <c>sigD</c> is malformed or uses an unknown <c>hashM</c>/<c>mId</c>.</summary>
    public const string DetachedDigestMismatch = "JADES_SIGD_DIGEST_MISMATCH";

    /// <summary>A timestamp token is not a readable RFC 3161 CMS SignedData.</summary>
    public const string TimestampMalformed = "JADES_TIMESTAMP_MALFORMED";

    /// <summary>A content timestamp's (<c>adoTst</c>) message imprint does not match the signed payload.</summary>
    public const string ContentTimestampImprintMismatch = "JADES_CONTENT_TIMESTAMP_IMPRINT_MISMATCH";

    /// <summary>A signature timestamp's (<c>sigTst</c>) message imprint does not match the signature value.</summary>
    public const string SignatureTimestampImprintMismatch = "JADES_SIGNATURE_TIMESTAMP_IMPRINT_MISMATCH";

    /// <summary>An archive timestamp's (<c>arcTst</c>) message imprint does not match what it must cover.</summary>
    public const string ArchiveTimestampImprintMismatch = "JADES_ARCHIVE_TIMESTAMP_IMPRINT_MISMATCH";

    /// <summary>A validation-data timestamp's (<c>sigRTst</c>, <c>rfsTst</c>) message imprint does not match.</summary>
    public const string ValidationDataTimestampImprintMismatch = "JADES_VALIDATION_DATA_TIMESTAMP_IMPRINT_MISMATCH";

    /// <summary>A timestamp token is byte-identical to another token of the document that covers something else (a copied timestamp).</summary>
    public const string TimestampCopied = "JADES_TIMESTAMP_COPIED";

    /// <summary>The same timestamp token appears twice for the same role (tolerated: a warning).</summary>
    public const string TimestampDuplicated = "JADES_TIMESTAMP_DUPLICATED";

    /// <summary>The TSA's CMS signature over a timestamp token does not verify, or its signer certificate is missing.</summary>
    public const string TimestampSignatureInvalid = "JADES_TIMESTAMP_SIGNATURE_INVALID";

    /// <summary>A TSA certificate does not chain to a trust anchor, or is outside its validity at the time it must be checked.</summary>
    public const string TimestampCertificateUntrusted = "JADES_TIMESTAMP_CERTIFICATE_UNTRUSTED";

    /// <summary>Timestamps out of order: a content timestamp after the signature timestamp (a failure), or the claimed signing time after it (a warning).</summary>
    public const string TimestampOrder = "JADES_TIMESTAMP_ORDER";

    /// <summary>No trust anchor was configured.</summary>
    public const string NoTrustAnchor = "JADES_NO_TRUST_ANCHOR";

    /// <summary>No path from the signing certificate to a configured trust anchor.</summary>
    public const string NoCertificateChain = "JADES_NO_CERTIFICATE_CHAIN";

    /// <summary>The path is longer than <see cref="JadesLimits.MaxChainDepth"/>, or an intermediate is not a CA.</summary>
    public const string ChainConstraints = "JADES_CHAIN_CONSTRAINTS";

    /// <summary>A path certificate is outside its validity period at the control time and no proof of existence covers it.</summary>
    public const string CertificateExpired = "JADES_CERTIFICATE_OUT_OF_BOUNDS_NO_POE";

    /// <summary>A path certificate is not yet valid at the control time.</summary>
    public const string CertificateNotYetValid = "JADES_CERTIFICATE_NOT_YET_VALID";

    /// <summary>A path certificate was revoked before the control time.</summary>
    public const string CertificateRevoked = "JADES_CERTIFICATE_REVOKED";

    /// <summary>No revocation value (rVals OCSP response or CRL) for a path certificate.</summary>
    public const string RevocationMissing = "JADES_REVOCATION_MISSING";

    /// <summary>Revocation values exist but were issued before the time they must speak for (not fresh).</summary>
    public const string RevocationNotFresh = "JADES_REVOCATION_NOT_FRESH";

    /// <summary>A revocation value's signature does not verify with its issuer or a delegated responder.</summary>
    public const string RevocationSignatureInvalid = "JADES_REVOCATION_SIGNATURE_INVALID";

    /// <summary>A counter signature (<c>cSig</c>) does not verify or does not countersign this signature's value (a warning on the master).</summary>
    public const string CounterSignatureInvalid = "JADES_COUNTER_SIGNATURE_INVALID";

    /// <summary>A signature policy (<c>sigPId</c>) is present; its document is not checked (information).</summary>
    public const string SignaturePolicyNotChecked = "JADES_SIGNATURE_POLICY_NOT_CHECKED";

    /// <summary>The <c>sigPId</c> digest algorithm is not a JAdES identifier, so the policy digest cannot be checked (a warning).</summary>
    public const string SignaturePolicyDigestUnknown = "JADES_SIGNATURE_POLICY_DIGEST_UNKNOWN";

    /// <summary>The trust anchor comes from a trusted list service whose status is not granted at the control time.</summary>
    public const string TrustedServiceNotGranted = "JADES_TRUSTED_SERVICE_NOT_GRANTED";
}

/// <summary>ETSI EN 319 102-1 sub-indications used in <see cref="JadesReport"/>.</summary>
public static class JadesSubIndications
{
    /// <summary>The signature does not conform to the format (JAdES baseline, RFC 7515).</summary>
    public const string FormatFailure = "FORMAT_FAILURE";

    /// <summary>A hash of signed data (sigD, a timestamp imprint) does not match.</summary>
    public const string HashFailure = "HASH_FAILURE";

    /// <summary>A signature value (of the JWS, a TSA, a revocation value) does not verify.</summary>
    public const string SigCryptoFailure = "SIG_CRYPTO_FAILURE";

    /// <summary>The algorithm is not supported.</summary>
    public const string CryptoConstraintsFailure = "CRYPTO_CONSTRAINTS_FAILURE";

    /// <summary>The signing certificate cannot be identified.</summary>
    public const string NoSigningCertificateFound = "NO_SIGNING_CERTIFICATE_FOUND";

    /// <summary>No path to a trust anchor.</summary>
    public const string NoCertificateChainFound = "NO_CERTIFICATE_CHAIN_FOUND";

    /// <summary>A path constraint is not met.</summary>
    public const string ChainConstraintsFailure = "CHAIN_CONSTRAINTS_FAILURE";

    /// <summary>The signing certificate was revoked before the signature's proof of existence.</summary>
    public const string Revoked = "REVOKED";

    /// <summary>The signing certificate was revoked, but no proof of existence before the revocation.</summary>
    public const string RevokedNoPoe = "REVOKED_NO_POE";

    /// <summary>A certificate is expired (or not yet valid) and no proof of existence places the signature inside its validity.</summary>
    public const string OutOfBoundsNoPoe = "OUT_OF_BOUNDS_NO_POE";

    /// <summary>A certificate is not yet valid at the control time.</summary>
    public const string NotYetValid = "NOT_YET_VALID";

    /// <summary>No (fresh) revocation information: try later or supply it (B-LT).</summary>
    public const string TryLater = "TRY_LATER";

    /// <summary>Detached signed data were not supplied.</summary>
    public const string SignedDataNotFound = "SIGNED_DATA_NOT_FOUND";

    /// <summary>Timestamps or signing time in the wrong order.</summary>
    public const string TimestampOrderFailure = "TIMESTAMP_ORDER_FAILURE";
}
