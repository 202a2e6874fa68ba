using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Json;
using MicroCredentials.Signing.Primitives;

namespace MicroCredentials.Signing.Status;

/// <summary>A fetched status list document (a status list credential, or a 1EdTech revocation list) and its HTTP cache lifetime.</summary>
/// <param name="Document">The JSON document.</param>
/// <param name="MaxAge">The transport's cache lifetime (HTTP <c>Cache-Control</c> <c>max-age</c>, <c>no-store</c>/<c>no-cache</c>, else <c>Expires</c>), when it gave one.</param>
public sealed record StatusListDocument(JsonObject Document, TimeSpan? MaxAge = null);

/// <summary>
/// Fetches status list documents for verifiers. Implementations throw <see cref="StatusListException"/> with
/// <see cref="StatusErrorCodes.StatusRetrievalError"/> when the document cannot be had.
/// </summary>
public interface IStatusListResolver
{
    /// <summary>Fetches the document published at <paramref name="url"/>.</summary>
    Task<StatusListDocument> ResolveAsync(string url, CancellationToken cancellationToken = default);
}

/// <summary>Serves status list documents from memory or local files; never touches the network.</summary>
public sealed class StaticStatusListResolver : IStatusListResolver
{
    private const long MaxFileBytes = 8L * 1024 * 1024;
    private readonly Dictionary<string, Func<CancellationToken, Task<JsonObject>>> _documents = new(StringComparer.Ordinal);

    /// <summary>Serves the given documents, keyed by URL (each is deep-copied on every resolve).</summary>
    public StaticStatusListResolver(IReadOnlyDictionary<string, JsonObject> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        foreach (var (url, doc) in documents)
        {
            var copy = (JsonObject)doc.DeepClone();
            _documents[url] = _ => Task.FromResult((JsonObject)copy.DeepClone());
        }
    }

    private StaticStatusListResolver(IReadOnlyDictionary<string, string> files)
    {
        foreach (var (url, path) in files)
        {
            _documents[url] = ct => LoadFileAsync(url, path, ct);
        }
    }

    /// <summary>Serves local files, keyed by URL; each file is read when its URL is resolved.</summary>
    public static StaticStatusListResolver FromFiles(IReadOnlyDictionary<string, string> urlToPath)
    {
        ArgumentNullException.ThrowIfNull(urlToPath);
        return new StaticStatusListResolver(urlToPath);
    }

    /// <summary>
    /// Reads a map file <c>{"&lt;status list URL&gt;": "&lt;path&gt;"}</c>; relative paths are relative to the map file's folder.
    /// </summary>
    public static StaticStatusListResolver FromMapFile(string mapPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mapPath);
        var full = Path.GetFullPath(mapPath);
        var dir = Path.GetDirectoryName(full) ?? ".";
        JsonObject map;
        try
        {
            map = SafeJson.Parse(ReadBounded(full), JsonLimits) as JsonObject
                ?? throw new StatusListException(StatusErrorCodes.MalformedValueError, $"'{mapPath}' must hold a JSON object mapping URLs to files");
        }
        catch (JsonInputException ex)
        {
            throw new StatusListException(StatusErrorCodes.MalformedValueError, $"'{mapPath}' is not usable JSON ({ex.Code} at {ex.JsonPath ?? "$"}): {ex.Message}", ex);
        }

        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (url, value) in map)
        {
            if (value is not JsonValue v || !v.TryGetValue<string>(out var path))
            {
                throw new StatusListException(StatusErrorCodes.MalformedValueError, $"'{mapPath}': the entry for '{url}' must be a file path string");
            }

            files[url] = Path.GetFullPath(Path.Combine(dir, path));
        }

        return new StaticStatusListResolver(files);
    }

    /// <inheritdoc/>
    public async Task<StatusListDocument> ResolveAsync(string url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_documents.TryGetValue(url, out var load))
        {
            throw new StatusListException(StatusErrorCodes.StatusRetrievalError, $"no status list is mapped for '{url}'");
        }

        return new StatusListDocument(await load(cancellationToken).ConfigureAwait(false));
    }

    // The library's untrusted-JSON parser, so a map or list with a duplicate member is refused, never read two ways.
    internal static JsonInputLimits JsonLimits { get; } = JsonInputLimits.Default with { MaxBytes = (int)MaxFileBytes };

    private static async Task<JsonObject> LoadFileAsync(string url, string path, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await BoundedRead.ReadFileAsync(path, MaxFileBytes, cancellationToken).ConfigureAwait(false)
                ?? throw new StatusListException(StatusErrorCodes.TooLarge, $"'{path}' is larger than {MaxFileBytes} bytes");
            return SafeJson.Parse(bytes, JsonLimits) as JsonObject
                ?? throw new StatusListException(StatusErrorCodes.StatusRetrievalError, $"the file for '{url}' does not hold a JSON object");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonInputException)
        {
            throw new StatusListException(StatusErrorCodes.StatusRetrievalError, $"cannot read the status list for '{url}' from '{path}': {ex.Message}", ex);
        }
    }

    private static byte[] ReadBounded(string path)
    {
        var info = new FileInfo(path);
        if (info.Exists && info.Length > MaxFileBytes)
        {
            throw new StatusListException(StatusErrorCodes.TooLarge, $"'{path}' is larger than {MaxFileBytes} bytes");
        }

        return File.ReadAllBytes(path);
    }
}

/// <summary>Limits of <see cref="HttpStatusListResolver"/>. Fetching is opt-in: only URLs under <see cref="AllowedUrlPrefixes"/> are fetched.</summary>
public sealed record HttpStatusListResolverOptions
{
    /// <summary>URL prefixes that may be fetched (for example <c>https://issuer.example/status/</c>). Empty: nothing is fetched.</summary>
    public IReadOnlyList<string> AllowedUrlPrefixes { get; init; } = [];

    /// <summary>Whole-request timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest response body accepted, in bytes.</summary>
    public long MaxResponseBytes { get; init; } = 2L * 1024 * 1024;

    /// <summary>Refuse plain <c>http</c> URLs even when allow-listed (loopback test servers set this to false).</summary>
    public bool RequireHttps { get; init; } = true;

    /// <summary>The clock an <c>Expires</c> header is read against when the response carries no <c>Date</c>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>
/// Fetches status list documents over HTTP(S), only from allow-listed URL prefixes, with a timeout and a size
/// cap, and reports <c>Cache-Control: max-age</c>. Redirects are not followed when this class owns the handler;
/// a caller-supplied <see cref="HttpClient"/> should be configured the same way.
/// </summary>
public sealed class HttpStatusListResolver : IStatusListResolver, IDisposable
{
    private readonly HttpClient _client;
    private readonly bool _ownsClient;
    private readonly HttpStatusListResolverOptions _options;

    /// <summary>Creates a resolver with its own client that never follows redirects.</summary>
    public HttpStatusListResolver(HttpStatusListResolverOptions options)
        : this(new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None }), options, ownsClient: true)
    {
    }

    /// <summary>Creates a resolver over a caller-owned client.</summary>
    public HttpStatusListResolver(HttpClient client, HttpStatusListResolverOptions options)
        : this(client, options, ownsClient: false)
    {
    }

    private HttpStatusListResolver(HttpClient client, HttpStatusListResolverOptions options, bool ownsClient)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxResponseBytes, 1L, nameof(options));
        _client = client;
        _options = options;
        _ownsClient = ownsClient;
    }

    /// <inheritdoc/>
    public async Task<StatusListDocument> ResolveAsync(string url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw Retrieval($"'{url}' is not an http(s) URL");
        }

        if (_options.RequireHttps && uri.Scheme != Uri.UriSchemeHttps)
        {
            throw Retrieval($"'{url}' is not https");
        }

        if (!_options.AllowedUrlPrefixes.Any(p => url.StartsWith(p, StringComparison.Ordinal)))
        {
            throw Retrieval($"'{url}' is not in the allow-list of status list URLs");
        }

        using var scope = Telemetry.MicroCredentialsTelemetry.StartFetch("StatusList", url);
        try
        {
            return await FetchAsync(url, uri, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            scope.Fail(ex.GetType().Name);
            throw;
        }
    }

    private async Task<StatusListDocument> FetchAsync(string url, Uri uri, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vc+ld+json"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/ld+json", 0.9));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json", 0.8));
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw Retrieval($"'{url}' answered HTTP {(int)response.StatusCode}");
            }

            if (response.Content.Headers.ContentLength is long declared && declared > _options.MaxResponseBytes)
            {
                throw new StatusListException(StatusErrorCodes.StatusRetrievalError, $"'{url}' declares {declared} bytes; the limit is {_options.MaxResponseBytes}");
            }

            var body = await ReadCappedAsync(response.Content, _options.MaxResponseBytes, url, timeout.Token).ConfigureAwait(false);
            var doc = SafeJson.Parse(body, StaticStatusListResolver.JsonLimits) as JsonObject
                ?? throw Retrieval($"'{url}' did not return a JSON object");
            return new StatusListDocument(doc, HttpFreshness.Lifetime(response, _options.TimeProvider.GetUtcNow()));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Retrieval($"'{url}' did not answer within {_options.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException ex)
        {
            throw new StatusListException(StatusErrorCodes.StatusRetrievalError, $"fetching '{url}' failed: {ex.Message}", ex);
        }
        catch (JsonInputException ex)
        {
            throw new StatusListException(StatusErrorCodes.StatusRetrievalError, $"'{url}' did not return usable JSON ({ex.Code} at {ex.JsonPath ?? "$"}): {ex.Message}", ex);
        }
    }

    /// <summary>Disposes the client when this resolver created it.</summary>
    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    private static async Task<byte[]> ReadCappedAsync(HttpContent content, long max, string url, CancellationToken ct) =>
        await BoundedRead.ReadAsync(content, max, ct).ConfigureAwait(false)
            ?? throw new StatusListException(StatusErrorCodes.StatusRetrievalError, $"'{url}' sent more than {max} bytes");

    private static StatusListException Retrieval(string message) => new(StatusErrorCodes.StatusRetrievalError, message);
}

/// <summary>Lifetimes of <see cref="CachingStatusListResolver"/>.</summary>
public sealed record StatusListCacheOptions
{
    /// <summary>Lifetime of a document that gives none (no <c>ttl</c>, <c>validUntil</c> or HTTP max-age).</summary>
    public TimeSpan DefaultTimeToLive { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Upper bound of any lifetime, whatever the document says.</summary>
    public TimeSpan MaxTimeToLive { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Most documents kept; the entry closest to expiry is dropped first.</summary>
    public int MaxEntries { get; init; } = 1024;
}

/// <summary>
/// Caches another resolver's documents for the shortest of: the list's <c>ttl</c> (milliseconds, in
/// <c>credentialSubject</c>), the time left until its <c>validUntil</c>, and the HTTP max-age; so a service
/// checking thousands of credentials fetches each list once per lifetime. Concurrent requests for one URL
/// share one fetch; failures are not cached. Time comes from the injected <see cref="TimeProvider"/>.
/// A document is kept under the URL it was fetched for and never under its own <c>id</c>, so what an inner resolver
/// returned for one URL is never served for another; the checkers compare the list's <c>id</c> with the URL on every
/// use, cached or not, so a document cached under a URL it does not claim is refused each time.
/// </summary>
public sealed class CachingStatusListResolver : IStatusListResolver
{
    private readonly IStatusListResolver _inner;
    private readonly TimeProvider _time;
    private readonly StatusListCacheOptions _options;
    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public CachingStatusListResolver(IStatusListResolver inner, TimeProvider? timeProvider = null, StatusListCacheOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _time = timeProvider ?? TimeProvider.System;
        _options = options ?? new StatusListCacheOptions();
    }

    /// <inheritdoc/>
    public async Task<StatusListDocument> ResolveAsync(string url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        Entry entry;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (!_entries.TryGetValue(url, out entry!) || (entry.Fetch.IsCompleted && (!entry.Fetch.IsCompletedSuccessfully || entry.ExpiresAt <= now)))
            {
                entry = new Entry(FetchAsync(url));
                _entries[url] = entry;
                Trim();
                Telemetry.MicroCredentialsTelemetry.RecordCacheLookup(hit: false, "memory");
            }
            else
            {
                Telemetry.MicroCredentialsTelemetry.RecordCacheLookup(hit: true, "memory");
            }
        }

        try
        {
            var (fetched, _) = await entry.Fetch.WaitAsync(cancellationToken).ConfigureAwait(false);
            return new StatusListDocument((JsonObject)fetched.Document.DeepClone(), fetched.MaxAge);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            lock (_gate)
            {
                if (_entries.TryGetValue(url, out var current) && ReferenceEquals(current, entry))
                {
                    _entries.Remove(url);
                }
            }

            throw;
        }
    }

    private async Task<(StatusListDocument Document, DateTimeOffset ExpiresAt)> FetchAsync(string url)
    {
        // The fetch is shared by every waiter, so it is not tied to the first caller's token.
        var doc = await _inner.ResolveAsync(url, CancellationToken.None).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        return (doc, now + LifetimeOf(doc, now));
    }

    private TimeSpan LifetimeOf(StatusListDocument doc, DateTimeOffset now)
    {
        TimeSpan? life = null;
        void Offer(TimeSpan t) => life = life is { } l && l <= t ? l : t;

        if (doc.MaxAge is { } maxAge)
        {
            Offer(maxAge);
        }

        if (doc.Document["credentialSubject"] is JsonObject subject && Json.TryNumber(subject["ttl"], out var ms) && ms >= 0 && ms < TimeSpan.MaxValue.TotalMilliseconds)
        {
            Offer(TimeSpan.FromMilliseconds(ms));
        }

        var until = (doc.Document["validUntil"] ?? doc.Document["expirationDate"]) as JsonValue;
        if (until is not null && until.TryGetValue<string>(out var text) && XsdDateTime.TryParse(text, out var validUntil))
        {
            Offer(validUntil > now ? validUntil - now : TimeSpan.Zero);
        }

        var result = life ?? _options.DefaultTimeToLive;
        return result > _options.MaxTimeToLive ? _options.MaxTimeToLive : result;
    }

    private void Trim()
    {
        while (_entries.Count > _options.MaxEntries)
        {
            var oldest = _entries.Where(e => e.Value.Fetch.IsCompleted).OrderBy(e => e.Value.ExpiresAt).Select(e => e.Key).FirstOrDefault();
            if (oldest is null)
            {
                return;
            }

            _entries.Remove(oldest);
        }
    }

    private sealed class Entry(Task<(StatusListDocument Document, DateTimeOffset ExpiresAt)> fetch)
    {
        public Task<(StatusListDocument Document, DateTimeOffset ExpiresAt)> Fetch { get; } = fetch;

        public DateTimeOffset ExpiresAt => Fetch.IsCompletedSuccessfully ? Fetch.Result.ExpiresAt : DateTimeOffset.MaxValue;
    }
}
