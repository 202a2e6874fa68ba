using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Json;
using MicroCredentials.Signing.Primitives;

namespace MicroCredentials.Signing.JsonLd;

/// <summary>Options of <see cref="HttpDocumentLoader"/>. Nothing is reachable unless its origin is allow-listed.</summary>
public sealed record HttpDocumentLoaderOptions
{
    /// <summary>The largest response any configuration may allow (16 MiB).</summary>
    public const long HardMaxResponseBytes = 16 * 1024 * 1024;

    /// <summary>Origins that may be fetched, such as <c>https://w3id.org</c> (scheme, host and optional port; no path).</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>Time allowed for one fetch, headers and body included. Default 10 seconds.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Maximum response body size in bytes (default 1 MiB, capped at <see cref="HardMaxResponseBytes"/>).</summary>
    public long MaxResponseBytes { get; init; } = 1024 * 1024;

    /// <summary>Follow up to 5 redirects, each to an allow-listed origin. Off by default: a redirect is refused.</summary>
    public bool FollowRedirects { get; init; }

    /// <summary>How many fetched documents to keep in memory (0 disables caching). Default 128.</summary>
    public int CacheSize { get; init; } = 128;
}

/// <summary>
/// An opt-in loader that fetches JSON-LD documents over HTTP(S) from allow-listed origins only, with a timeout, a response
/// size cap, no redirects unless enabled, and an in-memory cache. Any refusal or failure raises
/// <see cref="JsonLdException"/> with code <c>loading remote context failed</c>.
/// </summary>
public sealed class HttpDocumentLoader : IDocumentLoader
{
    private const int MaxRedirects = 5;

    private readonly HttpClient httpClient;
    private readonly HttpDocumentLoaderOptions options;
    private readonly HashSet<string> origins;
    private readonly ConcurrentDictionary<string, RemoteDocument> cache = new(StringComparer.Ordinal);

    /// <summary>Creates a loader over <paramref name="httpClient"/> (owned by the caller). Its handler should not follow redirects by itself.</summary>
    public HttpDocumentLoader(HttpClient httpClient, HttpDocumentLoaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxResponseBytes <= 0 || options.MaxResponseBytes > HttpDocumentLoaderOptions.HardMaxResponseBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"MaxResponseBytes must be between 1 and {HttpDocumentLoaderOptions.HardMaxResponseBytes}.");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Timeout must be positive.");
        }

        this.httpClient = httpClient;
        this.options = options;
        origins = new HashSet<string>(StringComparer.Ordinal);
        foreach (var origin in options.AllowedOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
                || uri.AbsolutePath != "/" || uri.Query.Length > 0)
            {
                throw new ArgumentException($"\"{origin}\" is not an http(s) origin (scheme://host[:port]).", nameof(options));
            }

            origins.Add(Origin(uri));
        }
    }

    /// <inheritdoc />
    public async ValueTask<RemoteDocument> LoadDocumentAsync(string url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (cache.TryGetValue(url, out var cached))
        {
            return cached with { Document = cached.Document?.DeepClone() };
        }

        var uri = CheckAllowed(url);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        RemoteDocument result;
        try
        {
            result = await FetchAsync(url, uri, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Fail(url, $"timed out after {options.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException ex)
        {
            throw Fail(url, ex.Message, ex);
        }

        if (options.CacheSize > 0 && cache.Count < options.CacheSize)
        {
            cache.TryAdd(url, result);
        }

        return result with { Document = result.Document?.DeepClone() };
    }

    private async Task<RemoteDocument> FetchAsync(string url, Uri uri, CancellationToken cancellationToken)
    {
        for (var redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/ld+json"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json", 0.9));
            using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);

            // A handler that follows redirects itself must still land on an allowed origin, and only when redirects are allowed.
            var finalUri = response.RequestMessage?.RequestUri ?? uri;
            if (finalUri != uri)
            {
                if (!options.FollowRedirects)
                {
                    throw Fail(url, $"the request was redirected to {finalUri} and redirects are not allowed");
                }

                CheckAllowed(finalUri.AbsoluteUri);
            }

            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                if (!options.FollowRedirects)
                {
                    throw Fail(url, $"HTTP {status} redirect to {location} and redirects are not allowed");
                }

                if (redirects >= MaxRedirects)
                {
                    throw Fail(url, "too many redirects");
                }

                uri = CheckAllowed(new Uri(finalUri, location).AbsoluteUri);
                continue;
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw Fail(url, $"HTTP {status}");
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (mediaType is not null && mediaType != "application/json" && mediaType != "application/ld+json" && !mediaType.EndsWith("+json", StringComparison.Ordinal))
            {
                throw Fail(url, $"unexpected content type {mediaType}");
            }

            if (response.Content.Headers.ContentLength is { } length && length > options.MaxResponseBytes)
            {
                throw Fail(url, $"the response ({length} bytes) exceeds the limit of {options.MaxResponseBytes} bytes");
            }

            var body = await ReadCappedAsync(url, response.Content, cancellationToken).ConfigureAwait(false);
            JsonNode? document;
            try
            {
                document = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
            }
            catch (JsonException ex)
            {
                throw Fail(url, "the response is not valid JSON: " + ex.Message, ex);
            }

            JsonTree.Materialize(document);
            return new RemoteDocument(finalUri.AbsoluteUri, document);
        }
    }

    private async Task<byte[]> ReadCappedAsync(string url, HttpContent content, CancellationToken cancellationToken) =>
        await BoundedRead.ReadAsync(content, options.MaxResponseBytes, cancellationToken).ConfigureAwait(false)
            ?? throw Fail(url, $"the response exceeds the limit of {options.MaxResponseBytes} bytes");

    private Uri CheckAllowed(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw Fail(url, "only http(s) URLs can be fetched");
        }

        if (!origins.Contains(Origin(uri)))
        {
            throw Fail(url, $"the origin {Origin(uri)} is not allow-listed");
        }

        return uri;
    }

    private static string Origin(Uri uri) => uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();

    private static JsonLdException Fail(string url, string reason, Exception? inner = null) =>
        new("loading remote context failed", $"Could not load {url}: {reason}.", innerException: inner);
}
