using System.Text.Json.Nodes;
using MicroCredentials.Signing.Dids;

namespace MicroCredentials.Signing.DataIntegrity;

/// <summary>Options for creating a proof.</summary>
public sealed record ProofOptions
{
    /// <summary>The <c>created</c> timestamp; null means "now" from <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset? Created { get; init; }

    /// <summary>Leave <c>created</c> out of the proof (it is optional in Data Integrity 1.0).</summary>
    public bool OmitCreated { get; init; }

    /// <summary>Optional <c>expires</c>.</summary>
    public DateTimeOffset? Expires { get; init; }

    /// <summary>
    /// Why the proof is made: <see cref="ProofPurpose.Assertion"/> (the default) for credentials,
    /// <see cref="ProofPurpose.Authentication"/> with the verifier's challenge and domain for presentations.
    /// </summary>
    public ProofPurpose Purpose { get; init; } = ProofPurpose.Assertion;

    /// <summary>Optional proof <c>id</c> (needed if a later proof chains to this one).</summary>
    public string? Id { get; init; }

    /// <summary>Optional <c>nonce</c>.</summary>
    public string? Nonce { get; init; }

    /// <summary>Ids of existing proofs this proof chains to (<c>previousProof</c>); empty for a proof set member.</summary>
    public IReadOnlyList<string> PreviousProof { get; init; } = [];

    /// <summary>The clock for the default <c>created</c>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How documents are canonicalized (JSON-LD loader and limits for the rdfc suites).</summary>
    public ProofCanonicalizer? Canonicalizer { get; init; }

    /// <summary>
    /// The document's RDF without its proof, when the caller already expanded it (the verifier's context check does):
    /// used instead of expanding the document again for RDFC suites. Must come from the same document, contexts and
    /// safe mode; null expands as usual.
    /// </summary>
    internal Lazy<IReadOnlyList<Rdf.Quad>>? DocumentQuads { get; init; }
}

/// <summary>Options for verifying the proofs of a document.</summary>
public sealed record DataIntegrityVerificationOptions
{
    /// <summary>Resolves verification methods; the default resolves did:key only (no network).</summary>
    public IVerificationMethodResolver Resolver { get; init; } = DidKeyResolver.Instance;

    /// <summary>The clock for <c>created</c>/<c>expires</c> checks.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Tolerance for clocks: <c>created</c> may be this far in the future, <c>expires</c> this far in the past.</summary>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The purpose every proof must have, its method must be authorised for, and whose own checks must hold:
    /// <see cref="ProofPurpose.CredentialIssuance"/> by default (assertion, and the key belongs to the document's
    /// <c>issuer</c>); <see cref="ProofPurpose.Assertion"/> without the issuer rule;
    /// <see cref="ProofPurpose.Authentication"/> with the expected challenge and domain for presentations.
    /// </summary>
    public ProofPurpose ExpectedPurpose { get; init; } = ProofPurpose.CredentialIssuance;

    /// <summary>
    /// Whether an RDFC proof that fails is retried over the literal form that rdf-canonize 3.x and DIDKit wrote (tab,
    /// form feed and other control characters raw rather than escaped). <see cref="LegacyCanonicalForm.Accept"/> by
    /// default: deployed wallets hold credentials signed that way. A proof that verifies only so says
    /// <see cref="ProofVerificationResult.LegacyCanonicalForm"/>.
    /// </summary>
    public LegacyCanonicalForm LegacyCanonicalForm { get; init; } = LegacyCanonicalForm.Accept;

    /// <summary>How documents are canonicalized (JSON-LD loader and limits for the rdfc suites).</summary>
    public ProofCanonicalizer? Canonicalizer { get; init; }

    /// <summary>
    /// The document's RDF without its proof, when the caller already expanded it (the verifier's context check does):
    /// used instead of expanding the document again for RDFC suites. Must come from the same document, contexts and
    /// safe mode; null expands as usual.
    /// </summary>
    internal Lazy<IReadOnlyList<Rdf.Quad>>? DocumentQuads { get; init; }
}

/// <summary>The outcome for one proof.</summary>
/// <param name="Index">Position of the proof in the document's proof set (0 for a single proof).</param>
/// <param name="Cryptosuite">The cryptosuite name (or legacy proof type), when readable.</param>
/// <param name="VerificationMethod">The verification method id, when readable.</param>
/// <param name="Verified">True when the proof verified and every check passed.</param>
/// <param name="ErrorCode">One of <see cref="DataIntegrityErrorCodes"/> when not verified.</param>
/// <param name="Message">Human-readable detail when not verified.</param>
public sealed record ProofVerificationResult(int Index, string? Cryptosuite, string? VerificationMethod, bool Verified, string? ErrorCode, string? Message)
{
    /// <summary>
    /// True when the proof could not be checked rather than found wrong: its cryptosuite is unknown, or its key's
    /// controller document could not be obtained (<see cref="Dids.VerificationMethodErrorCodes.NotFound"/>,
    /// <see cref="Dids.VerificationMethodErrorCodes.Unsupported"/>).
    /// </summary>
    public bool Undetermined { get; init; }

    /// <summary>
    /// True when the signature verified only over the legacy literal serialization (see
    /// <see cref="DataIntegrityVerificationOptions.LegacyCanonicalForm"/>): the same statements, non-RDFC-1.0 bytes.
    /// </summary>
    public bool LegacyCanonicalForm { get; init; }

    /// <summary>The result as a JSON object (for reports).</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["index"] = Index,
            ["cryptosuite"] = Cryptosuite,
            ["verificationMethod"] = VerificationMethod,
            ["verified"] = Verified,
        };
        if (ErrorCode is not null)
        {
            json["errorCode"] = ErrorCode;
            json["message"] = Message;
        }

        return json;
    }
}

/// <summary>The outcome for a document's proofs: verified only when there is at least one proof and all verified.</summary>
/// <param name="Verified">The overall outcome.</param>
/// <param name="Proofs">Per-proof results in document order.</param>
/// <param name="ErrorCode">Set when the document as a whole could not be checked (e.g. no proof).</param>
/// <param name="Message">Detail for <paramref name="ErrorCode"/>.</param>
public sealed record ProofSetVerificationResult(bool Verified, IReadOnlyList<ProofVerificationResult> Proofs, string? ErrorCode = null, string? Message = null)
{
    /// <summary>The result as a JSON object with top-level <c>verified</c> (for reports and the CLI).</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["verified"] = Verified,
            ["proofs"] = new JsonArray([.. Proofs.Select(p => (JsonNode)p.ToJson())]),
        };
        if (ErrorCode is not null)
        {
            json["errorCode"] = ErrorCode;
            json["message"] = Message;
        }

        return json;
    }
}

/// <summary>Whether proofs over the pre-RDFC-1.0 literal serialization of deployed stacks are accepted on verification.</summary>
public enum LegacyCanonicalForm
{
    /// <summary>Retry a failing RDFC proof over the legacy literal form when the document holds a character it writes differently.</summary>
    Accept,

    /// <summary>RDFC-1.0 only.</summary>
    Refuse,
}
