using System.Net;
using System.Net.Security;

namespace MicroCredentials.Signing.Online;

/// <summary>
/// The one fetch policy of online resolution, shared by every fetcher it builds (did:web and HTTPS controller
/// documents, status lists, JSON-LD contexts). Only <c>https</c> URLs are fetched, only from public unicast addresses
/// (checked on the address actually connected to, see <see cref="PublicAddresses"/>), with a time cap, a size cap, a
/// content-type check and redirects re-checked against this same policy. Build verifier options from it with
/// <see cref="Verification.CredentialVerifierOptions.Online(OnlineResolutionOptions)"/>.
/// </summary>
public sealed record OnlineResolutionOptions
{
    /// <summary>The largest response any configuration may allow (16 MiB).</summary>
    public const long HardMaxResponseBytes = 16 * 1024 * 1024;

    /// <summary>
    /// Origins (<c>https://host[:port]</c>) that controller documents and status lists may be fetched from. Empty (the
    /// default) means any public HTTPS host, which is what verifying credentials from the wild needs.
    /// </summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>
    /// Origins that JSON-LD contexts not bundled with the library may be fetched from. Empty (the default) means
    /// contexts stay bundled-only even online: a remote context changes what a signed credential means.
    /// </summary>
    public IReadOnlyList<string> AllowedContextOrigins { get; init; } = [];

    /// <summary>Time allowed for one fetch (connection, redirects, headers and body). Default 10 seconds.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest response body accepted (default 2 MiB, at most <see cref="HardMaxResponseBytes"/>).</summary>
    public long MaxResponseBytes { get; init; } = 2L * 1024 * 1024;

    /// <summary>Redirects followed per fetch, each re-checked against this policy (default 3; 0 refuses every redirect).</summary>
    public int MaxRedirects { get; init; } = 3;

    /// <summary>Cache lifetime of a response that gives no <c>Cache-Control: max-age</c> (default 5 minutes).</summary>
    public TimeSpan DefaultCacheTtl { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Shortest lifetime a <c>max-age</c> is raised to, so a server cannot force a fetch per verification (default 10 seconds; <c>no-store</c> still disables caching).</summary>
    public TimeSpan MinCacheTtl { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest lifetime of any cached response, whatever it says (default 1 hour).</summary>
    public TimeSpan MaxCacheTtl { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Most responses kept per cache (default 1024; 0 disables caching).</summary>
    public int CacheEntries { get; init; } = 1024;

    /// <summary>The clock of the caches.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Resolves a host name to addresses; the default is the system resolver. Every address it returns is still
    /// checked before a connection is made, so a custom resolver (or a test's) cannot open a way to a private address.
    /// </summary>
    public Func<string, CancellationToken, ValueTask<IPAddress[]>>? HostResolver { get; init; }

    /// <summary>
    /// Test hook: where to really connect once an address passed the check (a loopback test server standing in for a
    /// public host). Internal because it is the one way around the address check.
    /// </summary>
    internal Func<IPEndPoint, IPEndPoint>? ConnectEndpointOverride { get; init; }

    /// <summary>Test hook: accepts the test server's self-signed certificate.</summary>
    internal RemoteCertificateValidationCallback? ServerCertificateValidation { get; init; }

    internal void Validate()
    {
        if (Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), "Timeout must be positive.");
        }

        if (MaxResponseBytes <= 0 || MaxResponseBytes > HardMaxResponseBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxResponseBytes), $"MaxResponseBytes must be between 1 and {HardMaxResponseBytes}.");
        }

        if (MaxRedirects < 0 || MaxRedirects > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRedirects), "MaxRedirects must be between 0 and 10.");
        }

        if (MinCacheTtl < TimeSpan.Zero || MaxCacheTtl < MinCacheTtl || DefaultCacheTtl < TimeSpan.Zero || CacheEntries < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxCacheTtl), "Cache bounds must satisfy 0 <= MinCacheTtl <= MaxCacheTtl, and be non-negative.");
        }
    }

    /// <summary>Parses an origin list into normalized <c>https://host[:port]</c> strings; null when the list is empty.</summary>
    internal static HashSet<string>? ParseOrigins(IReadOnlyList<string> origins, string name)
    {
        if (origins.Count == 0)
        {
            return null;
        }

        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var origin in origins)
        {
            if (!Uri.TryCreate(origin?.TrimEnd('/'), UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps
                || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
            {
                throw new ArgumentException($"\"{origin}\" is not an https origin (https://host[:port]).", name);
            }

            set.Add(OriginOf(uri));
        }

        return set;
    }

    internal static string OriginOf(Uri uri) => uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
}
