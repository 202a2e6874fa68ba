namespace MicroCredentials.Signing.DataIntegrity;

/// <summary>
/// Stable error codes of Data Integrity proof creation and verification. The first six follow the processing
/// errors of VC Data Integrity 1.0 §2.x; the rest name checks this library makes beyond them.
/// </summary>
public static class DataIntegrityErrorCodes
{
    /// <summary>The signature does not verify, or the proof set cannot be checked as a whole.</summary>
    public const string ProofVerificationError = "PROOF_VERIFICATION_ERROR";

    /// <summary>A proof could not be created.</summary>
    public const string ProofGenerationError = "PROOF_GENERATION_ERROR";

    /// <summary>Canonicalization (JSON-LD to RDF, RDFC-1.0 or JCS) of the document or proof configuration failed.</summary>
    public const string ProofTransformationError = "PROOF_TRANSFORMATION_ERROR";

    /// <summary>The verification method cannot be resolved, is malformed, or has a key the cryptosuite cannot use.</summary>
    public const string InvalidVerificationMethod = "INVALID_VERIFICATION_METHOD";

    /// <summary>The proof purpose is not the expected one, or the controller does not authorise the method for it.</summary>
    public const string InvalidProofPurpose = "INVALID_PROOF_PURPOSE";

    /// <summary>The proof is not a well-formed object (missing or mistyped members, bad proofValue encoding, bad dates).</summary>
    public const string MalformedProofError = "MALFORMED_PROOF_ERROR";

    /// <summary>The proof's <c>domain</c> does not match the expected domain.</summary>
    public const string InvalidDomainError = "INVALID_DOMAIN_ERROR";

    /// <summary>The proof's <c>challenge</c> does not match the expected challenge.</summary>
    public const string InvalidChallengeError = "INVALID_CHALLENGE_ERROR";

    /// <summary>The proof's <c>expires</c> is in the past (beyond the allowed clock skew).</summary>
    public const string ProofExpired = "PROOF_EXPIRED";

    /// <summary>The proof's <c>created</c> is in the future (beyond the allowed clock skew).</summary>
    public const string ProofCreatedInFuture = "PROOF_CREATED_IN_FUTURE";

    /// <summary>The proof type or cryptosuite is not supported.</summary>
    public const string UnknownCryptosuite = "UNKNOWN_CRYPTOSUITE";

    /// <summary>The verification method's controller is not the credential's issuer.</summary>
    public const string IssuerKeyMismatch = "ISSUER_KEY_MISMATCH";

    /// <summary>A <c>previousProof</c> reference names no proof in the set.</summary>
    public const string PreviousProofNotFound = "PREVIOUS_PROOF_NOT_FOUND";
}

/// <summary>Proof creation failed for a reason other than misuse; <see cref="MicroCredentialsException.Code"/> is one of <see cref="DataIntegrityErrorCodes"/>.</summary>
public sealed class DataIntegrityException : MicroCredentialsException
{
    /// <summary>Creates the exception.</summary>
    public DataIntegrityException(string code, string message, Exception? innerException = null)
        : base(code, message, innerException)
    {
    }
}
