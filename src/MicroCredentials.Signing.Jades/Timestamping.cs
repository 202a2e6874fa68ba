using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Tsp;

namespace MicroCredentials.Signing.Jades;

/// <summary>Obtains RFC 3161 timestamp tokens. Implement it for an in-house TSA; <see cref="HttpTimestampClient"/> speaks RFC 3161 over HTTP(S).</summary>
public interface ITimestampClient
{
    /// <summary>Returns a DER timestamp token (CMS <c>ContentInfo</c>) over the SHA-256 <paramref name="sha256Digest"/>.</summary>
    Task<byte[]> TimestampAsync(byte[] sha256Digest, CancellationToken cancellationToken = default);
}

/// <summary>Options of <see cref="HttpTimestampClient"/>: the network is only used for allow-listed TSAs.</summary>
public sealed record HttpTimestampClientOptions
{
    /// <summary>The host names that may be contacted (exact, case-insensitive). Empty means none: every request is refused.</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Allow plain HTTP to a loopback address (tests only). HTTPS is otherwise required.</summary>
    public bool AllowLoopbackHttp { get; init; }

    /// <summary>Request timeout (default 20 s).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Largest accepted response (default 256 KiB).</summary>
    public int MaxResponseBytes { get; init; } = 256 * 1024;
}

/// <summary>An RFC 3161 TSA client over HTTP(S) (<c>application/timestamp-query</c>), opt-in and allow-listed.</summary>
public sealed class HttpTimestampClient : ITimestampClient
{
    private readonly Uri _url;
    private readonly HttpClient _http;
    private readonly HttpTimestampClientOptions _options;

    /// <summary>Creates a client for <paramref name="url"/>.</summary>
    /// <exception cref="ArgumentException">The URL is not HTTPS (or loopback HTTP when allowed), or its host is not allow-listed.</exception>
    public HttpTimestampClient(Uri url, HttpTimestampClientOptions options, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(options);
        if (!url.IsAbsoluteUri)
        {
            throw new ArgumentException("the TSA URL must be absolute", nameof(url));
        }

        var loopback = url.IsLoopback || (IPAddress.TryParse(url.Host, out var ip) && IPAddress.IsLoopback(ip));
        if (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && loopback && options.AllowLoopbackHttp))
        {
            throw new ArgumentException($"the TSA URL {url} must be HTTPS (plain HTTP only to loopback when AllowLoopbackHttp is set)", nameof(url));
        }

        if (!options.AllowedHosts.Any(h => string.Equals(h, url.Host, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"the TSA host {url.Host} is not allow-listed", nameof(url));
        }

        _url = url;
        _options = options;
        _http = http ?? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = options.Timeout };
    }

    /// <inheritdoc/>
    public async Task<byte[]> TimestampAsync(byte[] sha256Digest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sha256Digest);
        var generator = new TimeStampRequestGenerator();
        generator.SetCertReq(true);
        var nonce = new BigInteger(1, RandomNumberGenerator.GetBytes(16));
        var request = generator.Generate(TspAlgorithms.Sha256, sha256Digest, nonce);
        using var content = new ByteArrayContent(request.GetEncoded());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        using var response = await _http.PostAsync(_url, content, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"the TSA answered HTTP {(int)response.StatusCode}");
        }

        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (body.Length > _options.MaxResponseBytes)
        {
            throw new InvalidOperationException("the TSA response is too large");
        }

        try
        {
            var tsr = new TimeStampResponse(body);
            tsr.Validate(request);
            return tsr.TimeStampToken?.GetEncoded() ?? throw new InvalidOperationException($"the TSA refused the request (status {tsr.Status}: {tsr.GetStatusString()})");
        }
        catch (TspException ex)
        {
            throw new InvalidOperationException("the TSA response is not a valid RFC 3161 response for this request: " + ex.Message, ex);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException("the TSA response cannot be read: " + ex.Message, ex);
        }
    }
}
