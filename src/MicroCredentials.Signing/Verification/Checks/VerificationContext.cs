using System.Text.Json.Nodes;
using MicroCredentials.Signing.Jose;

namespace MicroCredentials.Signing.Verification.Checks;

/// <summary>
/// What every check of one credential reads, built once per input after parsing: the credential, the JWT result it
/// came from (if any), and the facts several checks need (types, data model, nesting depth, caller options).
/// Immutable: checks never change what another check sees.
/// </summary>
internal sealed class VerificationContext
{
    public const string Vc1Context = "https://www.w3.org/2018/credentials/v1";
    public const string Vc2Context = "https://www.w3.org/ns/credentials/v2";

    public VerificationContext(JsonObject credential, JwtVerificationResult? jwt, int depth, VerifyOptions verifyOptions)
    {
        Credential = credential;
        Jwt = jwt;
        Depth = depth;
        VerifyOptions = verifyOptions;
        Types = CheckJson.Strings(credential["type"]);
        Contexts = credential["@context"] switch
        {
            JsonArray a => [.. a],
            JsonNode n => [n],
            null => [],
        };
        BaseContext = Contexts.Count > 0 ? CheckJson.Str(Contexts[0]) : null;
    }

    /// <summary>The credential as parsed (a JWT's payload credential for VC-JWT). Never modified.</summary>
    public JsonObject Credential { get; }

    /// <summary>The VC-JWT verification, when the input was a JWT; its signature is the proof.</summary>
    public JwtVerificationResult? Jwt { get; }

    /// <summary>0 for the input itself, 1 for its endorsements or refreshed copy, and so on.</summary>
    public int Depth { get; }

    /// <summary>The caller's per-call options.</summary>
    public VerifyOptions VerifyOptions { get; }

    /// <summary>The string values of <c>type</c>.</summary>
    public IReadOnlyList<string> Types { get; }

    /// <summary>The <c>@context</c> entries, in order.</summary>
    public IReadOnlyList<JsonNode?> Contexts { get; }

    /// <summary>The first <c>@context</c> entry when it is a string.</summary>
    public string? BaseContext { get; }

    /// <summary>VC Data Model 1.1 (<c>issuanceDate</c>/<c>expirationDate</c>) rather than 2.0.</summary>
    public bool IsVc1 => BaseContext == Vc1Context;

    public bool IsEndorsement => Types.Contains("EndorsementCredential");
}

/// <summary>What the checks of one credential have found so far, in the order they ran.</summary>
internal sealed class VerificationRun
{
    public List<VerificationCheck> Checks { get; } = [];

    public List<VerificationReport> Endorsements { get; } = [];

    /// <summary>Set by the proof check: status, refresh and endorsements run only for a credential someone signed.</summary>
    public bool ProofVerified { get; set; }

    /// <summary>
    /// Set by the context check: the credential's RDF without its proof, from the one safe-mode expansion the context
    /// check made, so the proof check canonicalizes it without expanding the credential a second time. Null when the
    /// expansion failed or the document's shape does not allow the reuse (the proof check then expands as usual).
    /// </summary>
    public Lazy<IReadOnlyList<Rdf.Quad>>? DocumentQuads { get; set; }

    /// <summary>Set by the context check when JSON-LD processing exceeded a limit: the document is not processed again.</summary>
    public bool ContextLimitExceeded { get; set; }

    /// <summary>Set by the trust check when registries are configured.</summary>
    public Trust.IssuerTrust? Trust { get; set; }
}

/// <summary>One step of credential verification. Implementations are stateless and shared by all verifications.</summary>
internal interface ICredentialCheck
{
    ValueTask RunAsync(VerificationContext context, VerificationRun run, CancellationToken cancellationToken);
}

/// <summary>Verifies a nested credential (an endorsement, a refreshed copy) one level down.</summary>
internal delegate Task<VerificationReport> NestedVerifier(string text, int depth, CancellationToken cancellationToken);
