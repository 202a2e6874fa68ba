using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.VcApi.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.VcApi.Tests;

/// <summary>Rate limiting of the public endpoints, request size limits, and health checks.</summary>
public sealed class LimitsAndHealthTests
{
    [Fact]
    public async Task PublicEndpointsAreRateLimitedWith429Problem()
    {
        using var factory = new VcApiFactory(new Dictionary<string, string?> { ["VcApi:PublicPermitLimit"] = "3", ["VcApi:PublicWindowSeconds"] = "60" });
        using var http = factory.CreateClient();
        var body = new JsonObject { ["verifiableCredential"] = 42 };
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/credentials/verify", body)).Status);
        }

        var (status, problem, response) = await http.PostAsync("/credentials/verify", body);
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("RATE_LIMITED", (string?)problem["code"]);
        Assert.NotNull(response.Headers.RetryAfter);

        // Issuing (authenticated) is not behind the public limit.
        using var issuer = factory.ClientWithToken("credentials:issue");
        Assert.Equal(HttpStatusCode.Created, (await issuer.PostAsync("/credentials/issue", new JsonObject { ["credential"] = await factory.UnsignedAsync(issuer) })).Status);
    }

    [Fact]
    public async Task OversizedBodiesAre413Problems()
    {
        using var factory = new VcApiFactory(new Dictionary<string, string?> { ["VcApi:MaxRequestBodyBytes"] = "4096" });
        using var http = factory.CreateClient();
        var big = "{\"verifiableCredential\":{\"x\":\"" + new string('a', 10_000) + "\"}}";

        using var declared = await http.PostAsync(new Uri("/credentials/verify", UriKind.Relative), new StringContent(big, Encoding.UTF8, "application/json"));
        using var chunked = await http.PostAsync(new Uri("/credentials/verify", UriKind.Relative), new ChunkedContent(big));

        foreach (var response in new[] { declared, chunked })
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("REQUEST_TOO_LARGE", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["code"]);
        }

        var (small, _, _) = await http.PostAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, small);
    }

    [Fact]
    public async Task LiveAndReadyWithTheSqliteStore()
    {
        using var factory = new VcApiFactory();
        using var http = factory.CreateClient();

        using var live = await http.GetAsync(new Uri("/health/live", UriKind.Relative));
        using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var report = (await ready.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("Healthy", (string?)report["checks"]!["database"]!["status"]);
        Assert.Null(report["checks"]!["redis"]); // not configured, not checked
    }

    [Fact]
    public async Task ReadyIs503WhenTheDatabaseIsGone()
    {
        using var factory = new VcApiFactory();
        using var http = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);

        // Make the database file unusable under the running service: replace it with a folder.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var db = Path.Combine(factory.Directory, "status.db");
        foreach (var file in Directory.GetFiles(factory.Directory, "status.db*"))
        {
            File.Delete(file);
        }

        Directory.CreateDirectory(db);

        using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        using var live = await http.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        var report = (await ready.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("Unhealthy", (string?)report["checks"]!["database"]!["status"]);
    }

    [Fact]
    public async Task ReadyCoversRedisWhenConfigured()
    {
        var port = FreePort();
        using var factory = new VcApiFactory(new Dictionary<string, string?> { ["VcApi:Redis"] = $"127.0.0.1:{port}" });
        using var http = factory.CreateClient();

        using (var down = await http.GetAsync(new Uri("/health/ready", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.Equal("Unhealthy", (string?)(await down.Content.ReadFromJsonAsync<JsonObject>())!["checks"]!["redis"]!["status"]);
        }

        using var redis = StartRedis(port);
        using var up = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        Assert.Equal("Healthy", (string?)(await up.Content.ReadFromJsonAsync<JsonObject>())!["checks"]!["redis"]!["status"]);
    }

    private static RedisProcess StartRedis(int port)
    {
        var binary = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server not found; install the Debian package redis-server (build/setup.sh does)");
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start)!;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return new RedisProcess(process);
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        process.Kill();
        throw new TimeoutException("redis-server did not start");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class RedisProcess(Process process) : IDisposable
    {
        public void Dispose()
        {
            process.Kill();
            process.WaitForExit(10_000);
            process.Dispose();
        }
    }

    private sealed class ChunkedContent : HttpContent
    {
        private readonly string _text;

        public ChunkedContent(string text)
        {
            _text = text;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(Encoding.UTF8.GetBytes(_text)).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false; // no Content-Length: the body arrives chunked
        }
    }
}
