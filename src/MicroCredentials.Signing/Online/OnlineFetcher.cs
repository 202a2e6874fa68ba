using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using MicroCredentials.Signing.Json;
using MicroCredentials.Signing.Primitives;

namespace MicroCredentials.Signing.Online;

/// <summary>What is being fetched: decides the origin allow-list, the Accept header and the media types taken.</summary>
internal enum FetchKind
{
    ControllerDocument,
    StatusList,
    Context,

    // Issuer registries: fetched only from origins the caller allow-listed by name, never from "any public host".
    IssuerRegistry,
}

/// <summary>How a fetch went wrong: refused by the policy, not found, or failed (unreachable, timed out, HTTP error).</summary>
internal enum FetchFailure
{
    Refused,
    NotFound,
    Failed,
}

internal sealed class OnlineFetchException(FetchFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    public FetchFailure Failure { get; } = failure;
}

/// <summary>Raised inside the connect callback, so the refusal survives HttpClient's wrapping.</summary>
internal sealed class AddressRefusedException(string message) : IOException(message);

internal sealed record FetchedResponse(Uri Url, byte[] Body, string MediaType, TimeSpan? MaxAge);

/// <summary>
/// The single HTTP path of online resolution. The address check lives in the connect callback, on the addresses the
/// socket is actually opened to, because checking a name before the request and letting the HTTP stack resolve it
/// again is exactly what DNS rebinding defeats.
/// </summary>
internal sealed class OnlineFetcher : IDisposable
{
    private static readonly string[] ControllerTypes = ["application/did+json", "application/did+ld+json", "application/ld+json", "application/json"];
    private static readonly string[] StatusTypes = ["application/vc+ld+json", "application/vc", "application/vc+json", "application/ld+json", "application/json"];
    private static readonly string[] ContextTypes = ["application/ld+json", "application/json"];

    private readonly OnlineResolutionOptions _policy;
    private readonly HashSet<string>? _origins;
    private readonly HashSet<string>? _contextOrigins;
    private readonly HttpClient _client;
    private readonly ConcurrentDictionary<string, (DateTimeOffset Expires, FetchedResponse Response)> _cache = new(StringComparer.Ordinal);

    public OnlineFetcher(OnlineResolutionOptions policy, HttpClient? client = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        policy.Validate();
        _policy = policy;
        _origins = OnlineResolutionOptions.ParseOrigins(policy.AllowedOrigins, nameof(policy.AllowedOrigins));
        _contextOrigins = OnlineResolutionOptions.ParseOrigins(policy.AllowedContextOrigins, nameof(policy.AllowedContextOrigins));

        // A caller's client (from IHttpClientFactory) must sit on GuardedHttpHandler.Create(policy); see OnlineResolver.
        _client = client ?? new HttpClient(GuardedHttpHandler.Create(policy)) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    public OnlineResolutionOptions Policy => _policy;

    public bool ContextsAllowed => _contextOrigins is not null;

    public async Task<FetchedResponse> GetAsync(string url, FetchKind kind, bool useCache, CancellationToken cancellationToken)
    {
        var key = kind + " " + url;
        if (useCache && _cache.TryGetValue(key, out var cached) && cached.Expires > _policy.TimeProvider.GetUtcNow())
        {
            return cached.Response;
        }

        var response = await FetchAsync(url, kind, cancellationToken).ConfigureAwait(false);
        if (useCache && _policy.CacheEntries > 0 && Lifetime(response.MaxAge) is { } life && life > TimeSpan.Zero)
        {
            var now = _policy.TimeProvider.GetUtcNow();
            if (_cache.Count >= _policy.CacheEntries)
            {
                foreach (var (k, v) in _cache)
                {
                    if (v.Expires <= now)
                    {
                        _cache.TryRemove(k, out _);
                    }
                }
            }

            if (_cache.Count < _policy.CacheEntries)
            {
                _cache[key] = (now + life, response);
            }
        }

        return response;
    }

    /// <summary>The cache lifetime for a max-age (null: none given; zero: no-store/no-cache), within the policy's bounds.</summary>
    public TimeSpan? Lifetime(TimeSpan? maxAge)
    {
        if (maxAge == TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var life = maxAge ?? _policy.DefaultCacheTtl;
        if (maxAge is not null && life < _policy.MinCacheTtl)
        {
            life = _policy.MinCacheTtl;
        }

        return life > _policy.MaxCacheTtl ? _policy.MaxCacheTtl : life;
    }

    public void Dispose() => _client.Dispose();

    private async Task<FetchedResponse> FetchAsync(string url, FetchKind kind, CancellationToken cancellationToken)
    {
        using var scope = Telemetry.MicroCredentialsTelemetry.StartFetch(kind.ToString(), url);
        try
        {
            return await FetchCoreAsync(url, kind, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            scope.Fail(ex.GetType().Name);
            throw;
        }
    }

    private async Task<FetchedResponse> FetchCoreAsync(string url, FetchKind kind, CancellationToken cancellationToken)
    {
        var uri = Check(url, kind);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_policy.Timeout);
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                request.Headers.Accept.ParseAdd(string.Join(", ", Types(kind)));
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (status is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    if (redirects >= _policy.MaxRedirects)
                    {
                        throw new OnlineFetchException(FetchFailure.Refused, $"GET {uri} redirects to {location}; {(_policy.MaxRedirects == 0 ? "redirects are not followed" : "too many redirects")}");
                    }

                    // The target is held to the same policy as the original URL; its address is checked on connect.
                    uri = Check(new Uri(uri, location).AbsoluteUri, kind);
                    continue;
                }

                if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
                {
                    throw new OnlineFetchException(FetchFailure.NotFound, $"GET {uri} answered HTTP {status}");
                }

                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new OnlineFetchException(FetchFailure.Failed, $"GET {uri} answered HTTP {status}");
                }

                var mediaType = response.Content.Headers.ContentType?.MediaType?.ToLowerInvariant();
                if (mediaType is null || !Types(kind).Contains(mediaType))
                {
                    throw new OnlineFetchException(FetchFailure.Refused, $"GET {uri} answered content type '{mediaType ?? "(none)"}', not one of {string.Join(", ", Types(kind))}");
                }

                if (response.Content.Headers.ContentLength is { } length && length > _policy.MaxResponseBytes)
                {
                    throw new OnlineFetchException(FetchFailure.Refused, $"GET {uri} declares {length} bytes; the limit is {_policy.MaxResponseBytes}");
                }

                var body = await ReadCappedAsync(uri, response.Content, timeout.Token).ConfigureAwait(false);
                return new FetchedResponse(uri, body, mediaType, HttpFreshness.Lifetime(response, _policy.TimeProvider.GetUtcNow()));
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OnlineFetchException(FetchFailure.Failed, $"GET {uri} did not complete within {_policy.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException ex)
        {
            if (GuardedHttpHandler.RefusalOf(ex) is { } refused)
            {
                throw new OnlineFetchException(FetchFailure.Refused, $"GET {uri}: {refused.Message}", ex);
            }

            throw new OnlineFetchException(FetchFailure.Failed, $"GET {uri} failed: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw new OnlineFetchException(FetchFailure.Failed, $"GET {uri} failed while reading: {ex.Message}", ex);
        }
    }

    private static string[] Types(FetchKind kind) => kind switch
    {
        FetchKind.ControllerDocument => ControllerTypes,
        FetchKind.StatusList => StatusTypes,
        _ => ContextTypes,  // contexts and registries are plain JSON
    };

    private Uri Check(string url, FetchKind kind)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new OnlineFetchException(FetchFailure.Refused, $"'{url}' is not an https URL; online resolution fetches https only");
        }

        if (uri.UserInfo.Length > 0)
        {
            throw new OnlineFetchException(FetchFailure.Refused, $"'{url}' carries credentials");
        }

        var origins = kind == FetchKind.Context ? _contextOrigins : _origins;
        var origin = OnlineResolutionOptions.OriginOf(uri);
        var explicitOnly = kind is FetchKind.Context or FetchKind.IssuerRegistry;
        if (explicitOnly ? origins is null || !origins.Contains(origin) : origins is not null && !origins.Contains(origin))
        {
            var what = kind switch { FetchKind.Context => "JSON-LD contexts", FetchKind.IssuerRegistry => "issuer registries (allow-list it by name)", _ => "online resolution" };
            throw new OnlineFetchException(FetchFailure.Refused, $"the origin {origin} is not allowed for {what}");
        }

        // A literal address is refused before any connection is attempted; names are checked on connect.
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var literal)
            && PublicAddresses.RefusalReason(literal) is { } reason)
        {
            throw new OnlineFetchException(FetchFailure.Refused, $"'{url}' names a {reason} address");
        }

        return uri;
    }

    private async Task<byte[]> ReadCappedAsync(Uri uri, HttpContent content, CancellationToken cancellationToken) =>
        await BoundedRead.ReadAsync(content, _policy.MaxResponseBytes, cancellationToken).ConfigureAwait(false)
            ?? throw new OnlineFetchException(FetchFailure.Refused, $"GET {uri} sent more than {_policy.MaxResponseBytes} bytes");

}
