using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.JsonLd;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Mapping;
using MicroCredentials.Signing.Model;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Telemetry;

namespace MicroCredentials.Signing.Issuance;

/// <summary>Options of a <see cref="CredentialIssuer"/>.</summary>
public sealed record CredentialIssuerOptions
{
    /// <summary>Serves JSON-LD contexts for the rdfc suites; bundled contexts only by default.</summary>
    public IDocumentLoader DocumentLoader { get; init; } = StaticDocumentLoader.Default;

    /// <summary>The clock for <c>created</c> and status-list dates.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Allocates status-list entries and publishes lists; null when the issuer does not use status lists.</summary>
    public StatusListIssuer? StatusLists { get; init; }
}

/// <summary>Per-credential issuing options.</summary>
public sealed record IssueOptions
{
    /// <summary>The cryptosuite; <c>eddsa-rdfc-2022</c> by default.</summary>
    public Cryptosuite Cryptosuite { get; init; } = Cryptosuite.EddsaRdfc2022;

    /// <summary>How the elements map to Open Badges 3.0 (VC version, ids, validity end).</summary>
    public MappingOptions Mapping { get; init; } = new();

    /// <summary>When set, a random index of this status list is allocated and its entry added before signing.</summary>
    public string? StatusListUrl { get; init; }

    /// <summary>The proof's <c>created</c>; now when null.</summary>
    public DateTimeOffset? Created { get; init; }
}

/// <summary>
/// The issuing side in one object: EU elements → Open Badges 3.0 credential → status entry → Data Integrity proof.
/// Thread-safe; processed JSON-LD contexts are cached for its lifetime.
/// </summary>
public sealed class CredentialIssuer
{
    private readonly CredentialIssuerOptions _options;
    private readonly ProofCanonicalizer _canonicalizer;

    /// <summary>Creates an issuer (offline: bundled contexts only).</summary>
    public CredentialIssuer(CredentialIssuerOptions? options = null)
    {
        _options = options ?? new CredentialIssuerOptions();
        _canonicalizer = ProofCanonicalizer.Create(_options.DocumentLoader);
    }

    /// <summary>Adds a proof to <paramref name="credential"/> (which is not modified) and returns the signed copy.</summary>
    /// <exception cref="ArgumentException">The suite does not accept the signer's key.</exception>
    /// <exception cref="DataIntegrityException">Canonicalization (e.g. a term the contexts do not define) or signing failed.</exception>
    public Task<JsonObject> SignAsync(JsonObject credential, ISigner signer, Cryptosuite suite, ProofOptions? proofOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(suite);
        credential = WithProofContext(credential, suite);
        proofOptions = (proofOptions ?? new ProofOptions()) with
        {
            Canonicalizer = proofOptions?.Canonicalizer ?? _canonicalizer,
            TimeProvider = proofOptions?.TimeProvider ?? _options.TimeProvider,
        };
        return DataIntegrityProofs.SignAsync(credential, signer, suite, proofOptions, cancellationToken);
    }

    /// <summary>
    /// Issues a micro-credential: validates and maps the elements, allocates a status entry when asked, and signs.
    /// The first awarding body is the issuer, so its id must be the controller of the signer's verification method.
    /// </summary>
    /// <exception cref="ArgumentException">The elements are not a valid micro-credential, or the issuer is not the key's controller.</exception>
    /// <exception cref="InvalidOperationException">A status list was requested but no <see cref="CredentialIssuerOptions.StatusLists"/> is configured.</exception>
    public async Task<JsonObject> IssueAsync(MicroCredential elements, ISigner signer, IssueOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(elements);
        ArgumentNullException.ThrowIfNull(signer);
        options ??= new IssueOptions();
        using var activity = MicroCredentialsTelemetry.ActivitySource.StartActivity(MicroCredentialsTelemetry.IssueActivity);
        activity?.SetTag("mcred.cryptosuite", options.Cryptosuite.Name);
        activity?.SetTag("mcred.verification_method", signer.VerificationMethodId);
        var controller = ControllerOf(signer.VerificationMethodId);
        if (elements.AwardingBodies.Count > 0 && elements.AwardingBodies[0].Id != controller)
        {
            // Caught here rather than at verification time, where it would surface as ISSUER_KEY_MISMATCH.
            throw new ArgumentException(
                $"the issuer (first awarding body) '{elements.AwardingBodies[0].Id}' is not the controller '{controller}' of the signing key '{signer.VerificationMethodId}'",
                nameof(elements));
        }

        var credential = OpenBadgesMapper.ToCredential(elements, options.Mapping);
        if (options.StatusListUrl is { } listUrl)
        {
            var lists = _options.StatusLists ?? throw new InvalidOperationException("a status list was requested but CredentialIssuerOptions.StatusLists is not configured");
            await lists.AddStatusAsync(credential, listUrl, cancellationToken).ConfigureAwait(false);
        }

        var signed = await SignAsync(credential, signer, options.Cryptosuite, new ProofOptions { Created = options.Created }, cancellationToken).ConfigureAwait(false);
        MicroCredentialsTelemetry.Issued.Add(1, new KeyValuePair<string, object?>("mcred.cryptosuite", options.Cryptosuite.Name));
        activity?.SetTag("mcred.credential.id", (signed["id"] as JsonValue)?.ToString());
        activity?.SetTag("mcred.issuer", controller);
        return signed;
    }

    /// <summary>Builds and signs the current <c>BitstringStatusListCredential</c> of <paramref name="listUrl"/>.</summary>
    /// <exception cref="InvalidOperationException">No <see cref="CredentialIssuerOptions.StatusLists"/> is configured.</exception>
    public Task<JsonObject> PublishStatusListAsync(string listUrl, ISigner signer, Cryptosuite suite, StatusListCredentialOptions listOptions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listUrl);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(listOptions);
        var lists = _options.StatusLists ?? throw new InvalidOperationException("CredentialIssuerOptions.StatusLists is not configured");
        return lists.PublishAsync(listUrl, listOptions, (unsigned, ct) => SignAsync(unsigned, signer, suite, null, ct), cancellationToken);
    }

    /// <summary>
    /// VC 1.1's context does not define <c>DataIntegrityProof</c>; as the reference implementation does, the Data
    /// Integrity context is appended so the proof's terms expand (VC 2.0 already includes them).
    /// </summary>
    private static JsonObject WithProofContext(JsonObject credential, Cryptosuite suite)
    {
        const string DataIntegrityV2 = "https://w3id.org/security/data-integrity/v2";
        if (suite.ProofType != Cryptosuite.DataIntegrityProofType
            || credential["@context"] is not JsonArray contexts
            || contexts.Count == 0
            || (string?)contexts[0] != "https://www.w3.org/2018/credentials/v1"
            || contexts.Any(c => c is JsonValue v && v.TryGetValue<string>(out var url) && url is DataIntegrityV2 or "https://w3id.org/security/data-integrity/v1"))
        {
            return credential;
        }

        var copy = (JsonObject)credential.DeepClone();
        copy["@context"]!.AsArray().Add((JsonNode)DataIntegrityV2);
        return copy;
    }

    /// <summary>The controller a verification method id belongs to: the part before the fragment.</summary>
    public static string ControllerOf(string verificationMethodId)
    {
        ArgumentNullException.ThrowIfNull(verificationMethodId);
        var hash = verificationMethodId.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? verificationMethodId : verificationMethodId[..hash];
    }
}
