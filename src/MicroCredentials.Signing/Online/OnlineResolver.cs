using System.Text.Json;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Json;
using MicroCredentials.Signing.JsonLd;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Trust;

namespace MicroCredentials.Signing.Online;

/// <summary>
/// Online resolution under one <see cref="OnlineResolutionOptions"/> policy: a resolver for <c>did:web</c> and HTTPS
/// controller documents, a cached status list resolver and a JSON-LD loader (bundled contexts, plus remote ones only
/// from <see cref="OnlineResolutionOptions.AllowedContextOrigins"/>), all over one HTTP client whose connections
/// reach public addresses only. Create one per service and share it: it is thread-safe and holds the caches.
/// </summary>
public sealed class OnlineResolver : IDisposable
{
    private readonly OnlineFetcher _fetcher;

    /// <summary>Creates the resolvers; throws <see cref="ArgumentException"/> for an invalid policy.</summary>
    public OnlineResolver(OnlineResolutionOptions options)
        : this(options, null)
    {
    }

    /// <summary>
    /// Creates the resolvers over a caller's client (for example one from <c>IHttpClientFactory</c>, with a resilience
    /// pipeline). The client's primary handler must be <see cref="GuardedHttpHandler.Create"/> for the same policy: that
    /// handler is where the address guard lives. Its <see cref="HttpClient.Timeout"/> should not be shorter than the
    /// policy's <see cref="OnlineResolutionOptions.Timeout"/>, which bounds every fetch anyway. The client is disposed
    /// with this resolver (a factory's client may be).
    /// </summary>
    public OnlineResolver(OnlineResolutionOptions options, HttpClient? client)
    {
        _fetcher = new OnlineFetcher(options, client);
        MethodResolver = new OnlineControllerDocumentResolver(_fetcher);
        var cache = new StatusListCacheOptions
        {
            DefaultTimeToLive = options.DefaultCacheTtl > options.MaxCacheTtl ? options.MaxCacheTtl : options.DefaultCacheTtl,
            MaxTimeToLive = options.MaxCacheTtl,
            MaxEntries = Math.Max(1, options.CacheEntries),
        };
        IStatusListResolver lists = new OnlineStatusListResolver(_fetcher);
        FetchingStatusListResolver = lists;
        StatusListResolver = options.CacheEntries > 0 ? new CachingStatusListResolver(lists, options.TimeProvider, cache) : lists;
        DocumentLoader = new OnlineDocumentLoader(_fetcher);
    }

    /// <summary>The policy in force.</summary>
    public OnlineResolutionOptions Options => _fetcher.Policy;

    /// <summary>
    /// Resolves <c>did:web</c> DIDs and HTTPS controller documents (not <c>did:key</c>, whose document is never
    /// fetched). A refused fetch fails with <see cref="VerificationMethodErrorCodes.ResolutionRefused"/>, an
    /// unreachable one with <see cref="VerificationMethodErrorCodes.ResolutionFailed"/>.
    /// </summary>
    public IVerificationMethodResolver MethodResolver { get; }

    /// <summary>
    /// Fetches status lists, cached for the shortest of the list's <c>ttl</c>, its <c>validUntil</c> and the HTTP
    /// max-age, within the policy's bounds. Any failure is <see cref="StatusErrorCodes.StatusRetrievalError"/>.
    /// </summary>
    public IStatusListResolver StatusListResolver { get; }

    /// <summary>
    /// Fetches status lists under the same policy with no cache of its own, for a caller that puts its own cache in
    /// front (a shared <c>HybridCache</c> across verifier nodes). Failures are <see cref="StatusErrorCodes.StatusRetrievalError"/>.
    /// </summary>
    public IStatusListResolver FetchingStatusListResolver { get; }

    /// <summary>Serves the bundled contexts, and fetches others only from the allowed context origins.</summary>
    public IDocumentLoader DocumentLoader { get; }

    /// <summary>
    /// Fetches a registry in the DCC known-issuer format from <paramref name="url"/>, whose origin must be listed by
    /// name in <see cref="OnlineResolutionOptions.AllowedOrigins"/> (an empty list, "any public host", is not enough
    /// for a list that decides whom a verifier names as known). Throws <see cref="IssuerRegistryException"/>.
    /// </summary>
    public async Task<DccIssuerRegistry> LoadDccIssuerRegistryAsync(string name, string url, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(url);
        FetchedResponse response;
        try
        {
            response = await _fetcher.GetAsync(url, FetchKind.IssuerRegistry, useCache: false, cancellationToken).ConfigureAwait(false);
        }
        catch (OnlineFetchException ex)
        {
            throw new IssuerRegistryException(IssuerRegistryErrorCodes.Unavailable, $"registry '{name}' {Describe(ex)}", ex);
        }

        return DccIssuerRegistry.Parse(name, response.Body);
    }

    /// <summary>Releases the HTTP client.</summary>
    public void Dispose() => _fetcher.Dispose();

    internal static string Describe(OnlineFetchException ex) => ex.Failure switch
    {
        FetchFailure.Refused => "refused: " + ex.Message,
        FetchFailure.NotFound => "not found: " + ex.Message,
        _ => "failed: " + ex.Message,
    };
}

internal sealed class OnlineControllerDocumentResolver(OnlineFetcher fetcher) : ControllerDocumentResolver
{
    private static readonly JsonInputLimits Limits = JsonInputLimits.Default with { MaxBytes = (int)OnlineResolutionOptions.HardMaxResponseBytes };

    public override bool CanResolve(string verificationMethodId)
    {
        var id = verificationMethodId ?? string.Empty;
        var hash = id.IndexOf('#', StringComparison.Ordinal);
        return ToUrl(hash < 0 ? id : id[..hash]) is not null;
    }

    protected override async ValueTask<JsonObject?> FetchAsync(string didOrUrl, CancellationToken cancellationToken)
    {
        var url = ToUrl(didOrUrl)
            ?? throw new VerificationMethodException(VerificationMethodErrorCodes.Unsupported, $"'{didOrUrl}' is neither a did:web nor an https URL.");
        FetchedResponse response;
        try
        {
            response = await fetcher.GetAsync(url.AbsoluteUri, FetchKind.ControllerDocument, useCache: true, cancellationToken).ConfigureAwait(false);
        }
        catch (OnlineFetchException ex)
        {
            var code = ex.Failure switch
            {
                FetchFailure.Refused => VerificationMethodErrorCodes.ResolutionRefused,
                FetchFailure.NotFound => VerificationMethodErrorCodes.NotFound,
                _ => VerificationMethodErrorCodes.ResolutionFailed,
            };
            throw new VerificationMethodException(code, $"Resolving '{didOrUrl}' online {OnlineResolver.Describe(ex)}.", ex);
        }

        try
        {
            return SafeJson.Parse(response.Body, Limits) as JsonObject
                ?? throw new VerificationMethodException(VerificationMethodErrorCodes.Invalid, $"GET {url}: not a JSON object.");
        }
        catch (JsonInputException ex)
        {
            throw new VerificationMethodException(VerificationMethodErrorCodes.Invalid, $"GET {url}: unusable JSON ({ex.Code}): {ex.Message}", ex);
        }
    }

    private static Uri? ToUrl(string didOrUrl) =>
        didOrUrl.StartsWith("did:web:", StringComparison.Ordinal)
            ? HttpControllerDocumentResolver.DidWebToUrl(didOrUrl)
            : Uri.TryCreate(didOrUrl, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps ? uri : null;
}

internal sealed class OnlineStatusListResolver(OnlineFetcher fetcher) : IStatusListResolver
{
    public async Task<StatusListDocument> ResolveAsync(string url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        FetchedResponse response;
        try
        {
            // Not cached here: the caching resolver in front also honours the list's own ttl and validUntil.
            response = await fetcher.GetAsync(url, FetchKind.StatusList, useCache: false, cancellationToken).ConfigureAwait(false);
        }
        catch (OnlineFetchException ex)
        {
            throw new StatusListException(StatusErrorCodes.StatusRetrievalError, $"the status list '{url}' {OnlineResolver.Describe(ex)}", ex);
        }

        try
        {
            var document = SafeJson.Parse(response.Body, StaticStatusListResolver.JsonLimits) as JsonObject
                ?? throw new StatusListException(StatusErrorCodes.StatusRetrievalError, $"'{url}' did not return a JSON object");
            return new StatusListDocument(document, fetcher.Lifetime(response.MaxAge) is { } life && response.MaxAge is not null ? life : null);
        }
        catch (JsonInputException ex)
        {
            throw new StatusListException(StatusErrorCodes.StatusRetrievalError, $"'{url}' did not return usable JSON ({ex.Code} at {ex.JsonPath ?? "$"}): {ex.Message}", ex);
        }
    }
}

internal sealed class OnlineDocumentLoader(OnlineFetcher fetcher) : IDocumentLoader
{
    public async ValueTask<RemoteDocument> LoadDocumentAsync(string url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);

        // Bundled contexts always win: a verifier online must read a credential exactly as it would offline.
        if (StaticDocumentLoader.Default.Contains(url) || !fetcher.ContextsAllowed)
        {
            return await StaticDocumentLoader.Default.LoadDocumentAsync(url, cancellationToken).ConfigureAwait(false);
        }

        FetchedResponse response;
        try
        {
            response = await fetcher.GetAsync(url, FetchKind.Context, useCache: true, cancellationToken).ConfigureAwait(false);
        }
        catch (OnlineFetchException ex)
        {
            throw new JsonLdException("loading remote context failed", $"Could not load {url}: {OnlineResolver.Describe(ex)}.", innerException: ex);
        }

        JsonNode? document;
        try
        {
            document = JsonNode.Parse(response.Body, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            throw new JsonLdException("loading remote context failed", $"Could not load {url}: the response is not valid JSON: {ex.Message}.", innerException: ex);
        }

        JsonTree.Materialize(document);
        return new RemoteDocument(response.Url.AbsoluteUri, document);
    }
}
