using System.Net;
using System.Net.Sockets;
using System.Text;
using MicroCredentials.Signing.Status;
using Xunit;

namespace MicroCredentials.Signing.Tests.Status;

/// <summary>The opt-in HTTP status-list resolver against a real server on loopback: allow-list, size cap, redirects, caching.</summary>
public sealed class HttpStatusListResolverTests : IDisposable
{
    private const string ListJson = "{\"id\":\"x\",\"type\":[\"VerifiableCredential\",\"BitstringStatusListCredential\"]}";
    private readonly HttpListener _listener = new();
    private readonly string _base;
    private int _requests;

    public HttpStatusListResolverTests()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _base = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(_base);
        _listener.Start();
        _ = ServeAsync();
    }

    public void Dispose() => _listener.Close();

    [Fact]
    public async Task AllowListedUrlIsFetchedWithItsMaxAge()
    {
        using var resolver = Resolver(_base + "lists/");
        var doc = await resolver.ResolveAsync(_base + "lists/ok");
        Assert.Equal("x", (string?)doc.Document["id"]);
        Assert.Equal(TimeSpan.FromSeconds(120), doc.MaxAge);
        Assert.Equal(1, _requests);
    }

    [Fact]
    public async Task UrlOutsideTheAllowListIsRefusedWithoutAConnection()
    {
        using var resolver = Resolver(_base + "lists/");
        var ex = await Assert.ThrowsAsync<StatusListException>(() => resolver.ResolveAsync(_base + "other/ok"));
        Assert.Equal(StatusErrorCodes.StatusRetrievalError, ex.Code);
        Assert.Equal(0, _requests);
    }

    [Fact]
    public async Task PlainHttpIsRefusedByDefault()
    {
        using var resolver = new HttpStatusListResolver(new HttpStatusListResolverOptions { AllowedUrlPrefixes = [_base] });
        var ex = await Assert.ThrowsAsync<StatusListException>(() => resolver.ResolveAsync(_base + "lists/ok"));
        Assert.Contains("https", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, _requests);
    }

    [Fact]
    public async Task OversizedResponseIsRefused()
    {
        using var resolver = new HttpStatusListResolver(new HttpStatusListResolverOptions { AllowedUrlPrefixes = [_base], RequireHttps = false, MaxResponseBytes = 1024 });
        var ex = await Assert.ThrowsAsync<StatusListException>(() => resolver.ResolveAsync(_base + "lists/huge"));
        Assert.Equal(StatusErrorCodes.StatusRetrievalError, ex.Code);
    }

    [Fact]
    public async Task RedirectIsNotFollowed()
    {
        using var resolver = Resolver(_base);
        var ex = await Assert.ThrowsAsync<StatusListException>(() => resolver.ResolveAsync(_base + "lists/redirect"));
        Assert.Contains("302", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, _requests);
    }

    [Fact]
    public async Task CachingResolverFetchesOncePerMaxAge()
    {
        using var inner = Resolver(_base);
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var cached = new CachingStatusListResolver(inner, time);
        await cached.ResolveAsync(_base + "lists/ok");
        await cached.ResolveAsync(_base + "lists/ok");
        Assert.Equal(1, _requests);
        time.Advance(TimeSpan.FromSeconds(121));
        await cached.ResolveAsync(_base + "lists/ok");
        Assert.Equal(2, _requests);
    }

    private HttpStatusListResolver Resolver(string prefix) =>
        new(new HttpStatusListResolverOptions { AllowedUrlPrefixes = [prefix], RequireHttps = false, Timeout = TimeSpan.FromSeconds(10) });

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Interlocked.Increment(ref _requests);
            var response = context.Response;
            switch (context.Request.Url!.AbsolutePath)
            {
                case "/lists/redirect":
                    response.StatusCode = 302;
                    response.RedirectLocation = _base + "lists/ok";
                    break;
                case "/lists/huge":
                    var big = Encoding.UTF8.GetBytes("{\"pad\":\"" + new string('a', 64 * 1024) + "\"}");
                    response.SendChunked = true;
                    await response.OutputStream.WriteAsync(big);
                    break;
                default:
                    response.Headers["Cache-Control"] = "max-age=120";
                    var body = Encoding.UTF8.GetBytes(ListJson);
                    response.ContentType = "application/vc+ld+json";
                    await response.OutputStream.WriteAsync(body);
                    break;
            }

            response.Close();
        }
    }
}
