using System.Text.Json.Nodes;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Jose;
using MicroCredentials.Signing.JsonLd;
using MicroCredentials.Signing.Online;
using MicroCredentials.Signing.Schemas;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Trust;

namespace MicroCredentials.Signing.Verification;

/// <summary>
/// Everything the verifier may reach outside the credential, injected, offline by default: the JSON-LD loader (bundled
/// contexts only), the key resolver (did:key only), status lists (none unless given) and the clock.
/// </summary>
public sealed record CredentialVerifierOptions
{
    /// <summary>
    /// Options that resolve online under <paramref name="policy"/>: did:key as always, <c>did:web</c> and HTTPS
    /// controller documents and status lists over HTTPS from public addresses, contexts bundled unless the policy
    /// allows origins for them. The options hold one <see cref="OnlineResolver"/> (its HTTP client and caches) for
    /// their lifetime; build them once per service, or use <see cref="Online(OnlineResolver)"/> to own it.
    /// </summary>
    public static CredentialVerifierOptions Online(OnlineResolutionOptions policy) => Online(new OnlineResolver(policy));

    /// <summary>Options that resolve through <paramref name="resolver"/> (see <see cref="Online(OnlineResolutionOptions)"/>).</summary>
    public static CredentialVerifierOptions Online(OnlineResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        return new CredentialVerifierOptions
        {
            DocumentLoader = resolver.DocumentLoader,

            // did:key first: its key is derived from the identifier and never fetched.
            MethodResolver = new CompositeVerificationMethodResolver(DidKeyResolver.Instance, resolver.MethodResolver),
            StatusListResolver = resolver.StatusListResolver,
        };
    }

    /// <summary>Serves JSON-LD contexts; the default serves the bundled contexts and refuses every other URL.</summary>
    public IDocumentLoader DocumentLoader { get; init; } = StaticDocumentLoader.Default;

    /// <summary>Resolves proof verification methods; the default resolves <c>did:key</c> only.</summary>
    public IVerificationMethodResolver MethodResolver { get; init; } = DidKeyResolver.Instance;

    /// <summary>Resolves VC-JWT <c>kid</c>s; by default the <see cref="MethodResolver"/> is asked.</summary>
    public IJwtKeyResolver? JwtKeyResolver { get; init; }

    /// <summary>
    /// Fetches status lists. Null means none can be fetched: a credential with a status entry then fails the status
    /// check (fail closed) rather than being reported as unrevoked.
    /// </summary>
    public IStatusListResolver? StatusListResolver { get; init; }

    /// <summary>Status-list issuers trusted besides the credential's own issuer (by default only the issuer's lists count).</summary>
    public IReadOnlyCollection<string> TrustedStatusListIssuers { get; init; } = [];

    /// <summary>
    /// The fewest entries a Bitstring/StatusList2021 list may have (the specs' 131,072 by default, for herd privacy);
    /// shorter lists fail with <c>STATUS_LIST_LENGTH_ERROR</c>. Lower it only for issuers known to publish short lists.
    /// </summary>
    public int MinimumStatusListEntries { get; init; } = BitstringStatusList.MinimumEntries;

    /// <summary>
    /// How deep status is followed when a status list carries its own <c>credentialStatus</c> (the credential's list
    /// is level 1); beyond it the credential's status is indeterminate (<c>LIST_STATUS_TOO_DEEP</c>).
    /// </summary>
    public int MaxStatusListDepth { get; init; } = 2;

    /// <summary>
    /// Issuer registries to look the issuer up in, most authoritative first (none by default). The answer is the
    /// report's <see cref="VerificationReport.Trust"/>; it never changes the outcome.
    /// </summary>
    public IReadOnlyList<IIssuerRegistry> IssuerRegistries { get; init; } = [];

    /// <summary>
    /// Whether proofs signed over the pre-RDFC-1.0 literal serialization of deployed stacks (DCC's rdf-canonize 3.x,
    /// DIDKit) are accepted, with a <c>PROOF_LEGACY_CANONICAL_FORM</c> warning. Accepted by default.
    /// </summary>
    public DataIntegrity.LegacyCanonicalForm LegacyCanonicalForm { get; init; } = DataIntegrity.LegacyCanonicalForm.Accept;

    /// <summary>The clock for validity windows, proof timestamps and status-list freshness.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How far clocks may disagree.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Limits on hostile input.</summary>
    public VerificationLimits Limits { get; init; } = VerificationLimits.Default;

    /// <summary>
    /// How JSON Schema conformance counts (<see cref="SchemaPolicy.Warn"/> by default): a schema the credential declares
    /// in <c>credentialSchema</c> always fails it when violated; the OB 3.0 schema it does not declare warns, or fails
    /// under <see cref="SchemaPolicy.Strict"/> (the 1EdTech conformance profile).
    /// </summary>
    public SchemaPolicy Schema { get; init; } = SchemaPolicy.Warn;

    /// <summary>The schema validator (bundled schemas).</summary>
    public CredentialSchemaValidator SchemaValidator { get; init; } = CredentialSchemaValidator.Default;

    /// <summary>
    /// Opt-in <c>1EdTechCredentialRefresh</c>: given the credential's <c>refreshService</c> object, returns the
    /// refreshed credential (JSON or JWT text), or null. Called at most once, after the proof verified.
    /// Null (the default) means refresh is not attempted.
    /// </summary>
    public Func<JsonObject, CancellationToken, Task<string?>>? RefreshHandler { get; init; }
}

/// <summary>Per-call verification options.</summary>
public sealed record VerifyOptions
{
    /// <summary>The default: no recipient check.</summary>
    public static VerifyOptions Default { get; } = new();

    /// <summary>
    /// The holder's identity (typically an e-mail address) to compare with the subject's <c>identifier</c> entries,
    /// hashed with their salt. Null skips the recipient check.
    /// </summary>
    public string? RecipientIdentity { get; init; }
}

/// <summary>How the verifier counts JSON Schema violations.</summary>
public enum SchemaPolicy
{
    /// <summary>Schemas are not checked (the check is reported as skipped).</summary>
    Off,

    /// <summary>
    /// Violations of a schema the credential declares in <c>credentialSchema</c> fail it (the issuer asked for that
    /// schema); violations of the OB 3.0 schema it does not declare, and declared schemas that are not bundled (so not
    /// checked), are warnings: authenticity and currency decide the verdict, conformance is reported beside it.
    /// </summary>
    Warn,

    /// <summary>Every OB 3.0 schema violation fails the credential, as the 1EdTech validator does.</summary>
    Strict,
}
