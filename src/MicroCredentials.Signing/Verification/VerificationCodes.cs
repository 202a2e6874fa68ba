namespace MicroCredentials.Signing.Verification;

/// <summary>
/// Stable codes of the verification pipeline's own checks. Checks that delegate to a layer carry that layer's code
/// instead (<c>input.*</c> from SafeJson, <c>jwt.*</c>, <c>baking.*</c>, the Data Integrity and status-list codes, and
/// the JSON-LD error codes prefixed <c>jsonld:</c>).
/// </summary>
public static class VerificationCodes
{
    /// <summary>A check passed.</summary>
    public const string Ok = "OK";

    /// <summary>The input is neither JSON, a compact JWT, a PNG nor an SVG.</summary>
    public const string UnrecognizedInput = "INPUT_UNRECOGNIZED";

    /// <summary>The JSON input is not an object.</summary>
    public const string NotAnObject = "INPUT_NOT_AN_OBJECT";

    /// <summary>The first <c>@context</c> is not the VC 1.1 or VC 2.0 context.</summary>
    public const string InvalidBaseContext = "CONTEXT_BASE_INVALID";

    /// <summary>The credential uses VC Data Model 1.1 (a warning: still accepted, superseded by 2.0).</summary>
    public const string LegacyDataModel = "CONTEXT_VC11";

    /// <summary>An Open Badges credential lacks the OB 3.0 context.</summary>
    public const string MissingObContext = "CONTEXT_OB_MISSING";

    /// <summary>A context URL is not bundled and the caller did not allow others.</summary>
    public const string UnknownContext = "CONTEXT_UNKNOWN";

    /// <summary>
    /// JSON-LD processing hit a resource limit (<see cref="JsonLd.JsonLdLimits"/>): too many or too deeply nested remote
    /// contexts (including cycles), or expansion nested too deep. The message names the JSON-LD code.
    /// </summary>
    public const string ContextLimitExceeded = "CONTEXT_LIMIT_EXCEEDED";

    /// <summary>JSON-LD processing (safe mode) failed: an undefined term, a relative type, a bad context.</summary>
    public const string JsonLdError = "CONTEXT_JSONLD_ERROR";

    /// <summary>
    /// The credential's JSON says something other than its RDF to a reader of JSON members: a VC, Data Integrity, OB 3.0
    /// or status-list property or type spelled through an alias, a compact or absolute IRI, or <c>@nest</c>; an
    /// identifier that is not written as the absolute IRI it stands for (compact IRI, <c>@base</c>); one node described
    /// in two JSON objects; one property given twice. The signature would still verify (the RDF is unchanged), but the
    /// values the verifier reads would not be the signed ones, so the credential is refused.
    /// </summary>
    public const string NoncanonicalShape = "CONTEXT_NONCANONICAL_SHAPE";

    /// <summary>The <c>type</c> lacks <c>VerifiableCredential</c> or an OB 3.0 credential type.</summary>
    public const string InvalidType = "TYPE_INVALID";

    /// <summary>A verifiable credential of no Open Badges 3.0 type (a warning; a failure under <see cref="SchemaPolicy.Strict"/>).</summary>
    public const string NotOpenBadge = "TYPE_NOT_OPEN_BADGE";

    /// <summary>The credential violates the OB 3.0 JSON Schema or one of its <c>credentialSchema</c> entries.</summary>
    public const string SchemaInvalid = "SCHEMA_INVALID";

    /// <summary>A <c>credentialSchema</c> URL is not known (never fetched).</summary>
    public const string SchemaUnknown = "SCHEMA_UNKNOWN";

    /// <summary>The credential has no proof (neither Data Integrity nor JWT).</summary>
    public const string ProofMissing = "PROOF_MISSING";

    /// <summary>The credential has no readable issuer, so no proof key can be bound to it.</summary>
    public const string IssuerMissing = "CREDENTIAL_ISSUER_MISSING";

    /// <summary>A proof verified with a superseded, verify-only suite (<c>Ed25519Signature2020</c>, <c>eddsa-2022</c>): a warning.</summary>
    public const string LegacyCryptosuite = "PROOF_LEGACY_SUITE";

    /// <summary>A proof verified only over the pre-RDFC-1.0 literal serialization of deployed stacks (a warning).</summary>
    public const string LegacyCanonicalForm = "PROOF_LEGACY_CANONICAL_FORM";

    /// <summary>Too many proofs (see <see cref="VerificationLimits.MaxProofs"/>).</summary>
    public const string TooManyProofs = "PROOF_LIMIT_EXCEEDED";

    /// <summary>The credential is not valid yet (<c>validFrom</c>/<c>issuanceDate</c> in the future).</summary>
    public const string NotYetValid = "CREDENTIAL_NOT_YET_VALID";

    /// <summary>The credential has expired (<c>validUntil</c>/<c>expirationDate</c> in the past).</summary>
    public const string Expired = "CREDENTIAL_EXPIRED";

    /// <summary>A date of the validity window is missing or malformed.</summary>
    public const string InvalidDate = "CREDENTIAL_DATE_INVALID";

    /// <summary>The credential is revoked.</summary>
    public const string Revoked = "CREDENTIAL_REVOKED";

    /// <summary>The credential is suspended.</summary>
    public const string Suspended = "CREDENTIAL_SUSPENDED";

    /// <summary>A status entry could not be checked because no status resolver was configured.</summary>
    public const string StatusUnresolvable = "STATUS_RETRIEVAL_ERROR";

    /// <summary>The check did not run because the proof did not verify.</summary>
    public const string SkippedProofFailed = "SKIPPED_PROOF_FAILED";

    /// <summary>The check does not apply to this credential.</summary>
    public const string NotApplicable = "NOT_APPLICABLE";

    /// <summary>The check was not requested.</summary>
    public const string NotRequested = "NOT_REQUESTED";

    /// <summary>An endorsement did not verify.</summary>
    public const string EndorsementInvalid = "ENDORSEMENT_INVALID";

    /// <summary>Endorsements nest deeper, or are more numerous, than the limits allow.</summary>
    public const string EndorsementLimitExceeded = "ENDORSEMENT_LIMIT_EXCEEDED";

    /// <summary>The credential lacks mandatory EU micro-credential elements (warning).</summary>
    public const string EuElementsMissing = "EU_ELEMENTS_MISSING";

    /// <summary>The holder's identity does not match the credential subject's identity hash.</summary>
    public const string RecipientMismatch = "RECIPIENT_MISMATCH";

    /// <summary>The credential carries no identity to compare the holder with.</summary>
    public const string RecipientUnknown = "RECIPIENT_NO_IDENTIFIER";

    /// <summary>The refresh service failed or returned an unusable credential.</summary>
    public const string RefreshFailed = "REFRESH_FAILED";

    /// <summary>An unexpected internal failure; reported, never thrown (fail closed).</summary>
    public const string InternalError = "INTERNAL_ERROR";

    /// <summary>
    /// A verified endorsement's <c>credentialSubject.id</c> is not the <c>id</c> of the object it is attached to (issuer
    /// profile, achievement, credential): it endorses something else. A warning, like an endorsement that does not
    /// verify: the credential may still verify, but the endorsement is not reported as passed.
    /// </summary>
    public const string EndorsementSubjectMismatch = "ENDORSEMENT_SUBJECT_MISMATCH";

    /// <summary>
    /// A presented credential's subject is not the presentation's holder. A warning by default (a holder may present a
    /// credential about someone else, e.g. a guardian); a failure under <see cref="HolderBinding.Require"/>.
    /// </summary>
    public const string HolderNotSubject = "HOLDER_NOT_SUBJECT";

    /// <summary>
    /// An <c>EnvelopedVerifiableCredential</c> carries members beside <c>@context</c>, <c>id</c> and <c>type</c>, or its
    /// <c>id</c> is not a <c>data:application/vc+jwt,</c> URL: only the enveloped JWT is signed, so anything beside it
    /// would be reported as if it were.
    /// </summary>
    public const string InvalidEnvelope = "ENVELOPE_INVALID";

    /// <summary>A presentation carries more credentials than <see cref="VerificationLimits.MaxPresentationCredentials"/>.</summary>
    public const string PresentationLimitExceeded = "PRESENTATION_LIMIT_EXCEEDED";
}
