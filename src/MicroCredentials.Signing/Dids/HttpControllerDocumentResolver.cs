using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Json;
using MicroCredentials.Signing.Primitives;

namespace MicroCredentials.Signing.Dids;

/// <summary>Options for <see cref="HttpControllerDocumentResolver"/>. Nothing is fetched from a host not listed.</summary>
public sealed record HttpControllerDocumentResolverOptions
{
    /// <summary>Host names (optionally <c>host:port</c>) that may be contacted. Empty means none.</summary>
    public IReadOnlyCollection<string> AllowedHosts { get; init; } = [];

    /// <summary>Per-request timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest response body accepted.</summary>
    public int MaxResponseBytes { get; init; } = 256 * 1024;

    /// <summary>How long a fetched document is reused; <see cref="TimeSpan.Zero"/> disables the cache.</summary>
    public TimeSpan CacheDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The clock for cache expiry.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>
/// Resolves did:web DIDs and plain HTTPS controller documents (OB 3.0 issuer profiles with HTTP-URL keys) over an
/// injected <see cref="HttpClient"/>, only for allow-listed hosts, with a timeout, a size cap and a cache.
/// did:web mapping: <c>did:web:host</c> → <c>https://host/.well-known/did.json</c>;
/// <c>did:web:host:a:b</c> → <c>https://host/a/b/did.json</c>; <c>%3A</c> in the host encodes a port.
/// A redirect the client follows must stay on HTTPS and on the allow-list; an unfollowed 3xx is treated as not found.
/// </summary>
public sealed class HttpControllerDocumentResolver : ControllerDocumentResolver
{
    private readonly HttpClient _client;
    private readonly HttpControllerDocumentResolverOptions _options;
    private readonly ConcurrentDictionary<string, (DateTimeOffset Expires, JsonObject Document)> _cache = new(StringComparer.Ordinal);

    /// <summary>Creates the resolver.</summary>
    public HttpControllerDocumentResolver(HttpClient client, HttpControllerDocumentResolverOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxResponseBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxResponseBytes must be positive.");
        }

        _client = client;
        _options = options;
    }

    /// <summary>The HTTPS URL of a did:web DID's document, or null when the DID is not a valid did:web.</summary>
    public static Uri? DidWebToUrl(string did)
    {
        ArgumentNullException.ThrowIfNull(did);
        const string prefix = "did:web:";
        if (!did.StartsWith(prefix, StringComparison.Ordinal) || did.Contains('#', StringComparison.Ordinal) || did.Contains('?', StringComparison.Ordinal))
        {
            return null;
        }

        var parts = did[prefix.Length..].Split(':');
        if (parts.Any(p => p.Length == 0 || p.Contains('/', StringComparison.Ordinal)))
        {
            return null;
        }

        var host = Uri.UnescapeDataString(parts[0]);
        var path = parts.Length == 1 ? "/.well-known/did.json" : "/" + string.Join('/', parts.Skip(1).Select(Uri.UnescapeDataString)) + "/did.json";
        return Uri.TryCreate("https://" + host + path, UriKind.Absolute, out var uri) && uri.Host.Length > 0 ? uri : null;
    }

    /// <inheritdoc/>
    public override bool CanResolve(string verificationMethodId)
    {
        var url = ToUrl(StripFragment(verificationMethodId ?? string.Empty));
        return url is not null && IsAllowed(url);
    }

    /// <inheritdoc/>
    protected override async ValueTask<JsonObject?> FetchAsync(string didOrUrl, CancellationToken cancellationToken)
    {
        var url = ToUrl(didOrUrl);
        if (url is null || !IsAllowed(url))
        {
            throw new VerificationMethodException(VerificationMethodErrorCodes.NotFound, $"'{didOrUrl}' is not on the allow-list of hosts.");
        }

        var now = _options.TimeProvider.GetUtcNow();
        var cacheKey = url.AbsoluteUri;
        if (_cache.TryGetValue(cacheKey, out var cached) && cached.Expires > now)
        {
            return (JsonObject)cached.Document.DeepClone();
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd("application/did+json, application/did+ld+json, application/ld+json, application/json");
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            // A redirect followed by the injected client must not take us off the allow-list.
            if (response.RequestMessage?.RequestUri is { } finalUrl && (finalUrl.Scheme != Uri.UriSchemeHttps || !IsAllowed(finalUrl)))
            {
                throw new VerificationMethodException(VerificationMethodErrorCodes.NotFound, $"GET {url} was redirected to '{finalUrl}', which is not allowed.");
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new VerificationMethodException(VerificationMethodErrorCodes.NotFound, $"GET {url} answered {(int)response.StatusCode}.");
            }

            if (response.Content.Headers.ContentLength > _options.MaxResponseBytes)
            {
                throw new VerificationMethodException(VerificationMethodErrorCodes.NotFound, $"GET {url}: the document exceeds {_options.MaxResponseBytes} bytes.");
            }

            var body = await ReadCappedAsync(response.Content, url, timeout.Token).ConfigureAwait(false);
            var document = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 64 }) as JsonObject
                ?? throw new VerificationMethodException(VerificationMethodErrorCodes.Invalid, $"GET {url}: not a JSON object.");
            if (_options.CacheDuration > TimeSpan.Zero)
            {
                _cache[cacheKey] = (now + _options.CacheDuration, (JsonObject)document.DeepClone());
            }

            return document;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new VerificationMethodException(VerificationMethodErrorCodes.NotFound, $"GET {url} timed out after {_options.Timeout}.");
        }
        catch (HttpRequestException ex)
        {
            throw new VerificationMethodException(VerificationMethodErrorCodes.NotFound, $"GET {url} failed: {ex.Message}", ex);
        }
        catch (JsonException ex)
        {
            throw new VerificationMethodException(VerificationMethodErrorCodes.Invalid, $"GET {url}: invalid JSON: {ex.Message}", ex);
        }
    }

    private async Task<byte[]> ReadCappedAsync(HttpContent content, Uri url, CancellationToken cancellationToken) =>
        await BoundedRead.ReadAsync(content, _options.MaxResponseBytes, cancellationToken).ConfigureAwait(false)
            ?? throw new VerificationMethodException(VerificationMethodErrorCodes.NotFound, $"GET {url}: the document exceeds {_options.MaxResponseBytes} bytes.");

    private bool IsAllowed(Uri url)
    {
        var hostPort = url.IsDefaultPort ? url.Host : url.Host + ":" + url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return _options.AllowedHosts.Any(h => string.Equals(h, hostPort, StringComparison.OrdinalIgnoreCase) || (url.IsDefaultPort && string.Equals(h, url.Host, StringComparison.OrdinalIgnoreCase)));
    }

    private static Uri? ToUrl(string didOrUrl)
    {
        if (didOrUrl.StartsWith("did:web:", StringComparison.Ordinal))
        {
            return DidWebToUrl(didOrUrl);
        }

        return Uri.TryCreate(didOrUrl, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps ? uri : null;
    }

    private static string StripFragment(string id)
    {
        var hash = id.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? id : id[..hash];
    }
}
