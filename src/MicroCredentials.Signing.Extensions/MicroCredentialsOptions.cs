using System.ComponentModel.DataAnnotations;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Verification;
using MicroCredentials.Signing.Dids;

namespace MicroCredentials.Signing.Extensions;

/// <summary>
/// The host-wide settings of <c>AddMicroCredentials</c>, bound from the <see cref="SectionName"/> configuration
/// section and validated when the host starts (<c>ValidateOnStart</c>): a bad setting stops the host with a message
/// naming it, never the first request.
/// </summary>
public sealed class MicroCredentialsOptions
{
    /// <summary>The configuration section bound by default: <c>MicroCredentials</c>.</summary>
    public const string SectionName = "MicroCredentials";

    /// <summary>How credentials are verified.</summary>
    [Required]
    public VerifierSettings Verifier { get; set; } = new();

    /// <summary>The status-list cache shared by verifier nodes.</summary>
    [Required]
    public StatusListCacheSettings StatusListCache { get; set; } = new();
}

/// <summary>Verifier settings (section <c>MicroCredentials:Verifier</c>).</summary>
public sealed class VerifierSettings
{
    /// <summary>
    /// Fetch <c>did:web</c> / HTTPS controller documents and status lists over HTTPS (through <c>IHttpClientFactory</c>,
    /// public addresses only). False (default): offline, did:key only, status lists only from a resolver the host adds.
    /// </summary>
    public bool Online { get; set; }

    /// <summary>Origins (<c>https://host[:port]</c>) that may be fetched from; empty: any public HTTPS host.</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Time allowed for one fetch, retries included (default 10 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:02:00")]
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of an idempotent GET after a transient failure (5xx, 408, 429, connection errors); never after a refused address. Default 2.</summary>
    [Range(0, 5)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>Status-list issuers trusted besides the credential's own issuer.</summary>
    public List<string> TrustedStatusListIssuers { get; set; } = [];

    /// <summary>Clock tolerance for validity windows and proofs (default 5 minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How the OB 3.0 JSON Schema result counts (default <see cref="SchemaPolicy.Warn"/>).</summary>
    public SchemaPolicy Schema { get; set; } = SchemaPolicy.Warn;
}

/// <summary>
/// The status-list cache (section <c>MicroCredentials:StatusListCache</c>): a <c>HybridCache</c> with an in-process
/// level and, when <see cref="Redis"/> is set, a Redis level shared by every verifier node.
/// </summary>
public sealed class StatusListCacheSettings
{
    /// <summary>Put the HybridCache in front of the status-list fetcher (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A StackExchange.Redis configuration string (for example <c>127.0.0.1:6379</c>); null: in-process level only.</summary>
    public string? Redis { get; set; }

    /// <summary>Prefix of every key this cache writes (default <c>mcred:status-list:</c>), so several deployments can share one Redis.</summary>
    [Required]
    [MinLength(1)]
    public string KeyPrefix { get; set; } = "mcred:status-list:";

    /// <summary>Lifetime of a list that gives none (no <c>ttl</c>, <c>validUntil</c> or HTTP max-age); default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan DefaultTimeToLive { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Upper bound of any lifetime, whatever the list or the server says; default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxTimeToLive { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Upper bound of the in-process level's lifetime (default 1 minute), so a list changed in Redis reaches every node soon.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxLocalTimeToLive { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Timeout of one Redis operation (default 1 s); a slower or absent Redis is bypassed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:30")]
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long Redis is bypassed after it failed before it is tried again (default 10 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RedisRetryAfter { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// One issuer of the host (named options: <c>MicroCredentials:Issuers:&lt;name&gt;</c>); a host may run several,
/// each with its own key, suite and status list.
/// </summary>
public sealed class IssuerSettings
{
    /// <summary>
    /// Path of the issuer's Multikey key file (<c>mcred keygen</c>). Required unless <see cref="Signer"/> is set in code
    /// (for example a KMS or HSM signer).
    /// </summary>
    public string? KeyFile { get; set; }

    /// <summary>A signer given in code instead of <see cref="KeyFile"/> (not bound from configuration).</summary>
    public ISigner? Signer { get; set; }

    /// <summary>The cryptosuite name (default <c>eddsa-rdfc-2022</c>).</summary>
    [Required]
    public string Cryptosuite { get; set; } = DataIntegrity.Cryptosuite.EddsaRdfc2022.Name;

    /// <summary>The status list new credentials get an entry of; null: no status.</summary>
    public string? StatusListUrl { get; set; }

    /// <summary>Entries of the status list when it is created (default the spec's minimum, 131,072).</summary>
    [Range(BitstringStatusList.MinimumEntries, 1 << 26)]
    public int StatusListLength { get; set; } = BitstringStatusList.MinimumEntries;

    /// <summary>The list's <c>statusPurpose</c> (default <c>revocation</c>).</summary>
    [Required]
    public string StatusPurpose { get; set; } = StatusPurposes.Revocation;

    /// <summary>The published list's <c>ttl</c>, which verifiers' caches honour (default 5 minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan StatusListTimeToLive { get; set; } = TimeSpan.FromMinutes(5);

    internal Cryptosuite? ResolveSuite() =>
        CryptosuiteRegistry.Signing.FirstOrDefault(s => string.Equals(s.Name, Cryptosuite, StringComparison.Ordinal));
}
