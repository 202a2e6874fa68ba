using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.VcApi.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Xunit;
using Xunit.Abstractions;
using MicroCredentials.Signing.Dids;

namespace MicroCredentials.Signing.VcApi.Tests;

/// <summary>
/// A small, bounded load run over loopback against the real Kestrel server: <see cref="Requests"/> verifications
/// of one credential (with a status entry, so each also reads the status list from the SQLite store) by
/// <see cref="Concurrency"/> clients. It reports requests/s and p50/p99 latency (test output and
/// <c>artifacts/vcapi-load.json</c>; the figures in docs/scale.md come from it) and asserts only correctness: every
/// answer is 200 and verified. It never fails on speed.
/// </summary>
public sealed class VerifyLoadTests(ITestOutputHelper output)
{
    private const int Requests = 2000;
    private const int Concurrency = 8;
    private const int Warmup = 100;

    [Fact]
    public async Task VerifyUnderLoadReportsThroughputAndLatency()
    {
        var dir = Directory.CreateTempSubdirectory("mcred-vcapi-load-").FullName;
        await using var app = Program.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["VcApi:KeyFile"] = Path.Combine(dir, "key.json"),
                ["VcApi:StatusDatabase"] = Path.Combine(dir, "status.db"),
                ["VcApi:StatusListUrl"] = VcApiFactory.StatusListUrl,
                ["VcApi:PublicPermitLimit"] = "0",
                ["VcApi:Auth:ApiKeys:0:Key"] = VcApiFactory.ApiKey,
                ["VcApi:Auth:ApiKeys:0:Scopes:0"] = "credentials:issue",
                ["Logging:LogLevel:Default"] = "Warning",
            });
        });
        await app.StartAsync();
        try
        {
            var baseAddress = new Uri(app.Urls.Single());
            Assert.Equal("127.0.0.1", baseAddress.Host);
            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency };
            using var http = new HttpClient(handler) { BaseAddress = baseAddress };
            http.DefaultRequestHeaders.Add("X-API-Key", VcApiFactory.ApiKey);
            using var factory = new VcApiFactory(); // only for the sample credential helper
            var signed = await http.IssueAsync(await factory.UnsignedAsync(http), withStatus: true);
            var body = new JsonObject { ["verifiableCredential"] = signed }.ToJsonString();

            for (var i = 0; i < Warmup; i++)
            {
                await VerifyOnceAsync(http, body);
            }

            var latencies = new double[Requests];
            var next = -1;
            var total = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < Requests)
                {
                    var watch = Stopwatch.StartNew();
                    await VerifyOnceAsync(http, body);
                    latencies[i] = watch.Elapsed.TotalMilliseconds;
                }
            })));
            total.Stop();

            Array.Sort(latencies);
            var rps = Requests / total.Elapsed.TotalSeconds;
            var p50 = latencies[(int)(0.50 * (Requests - 1))];
            var p99 = latencies[(int)(0.99 * (Requests - 1))];
            var summary = string.Create(CultureInfo.InvariantCulture,
                $"POST /credentials/verify x{Requests}, {Concurrency} concurrent, loopback Kestrel, SQLite store: {rps:F0} req/s, p50 {p50:F1} ms, p99 {p99:F1} ms, max {latencies[^1]:F1} ms; {Environment.ProcessorCount} CPUs");
            output.WriteLine(summary);
            var artifacts = Path.Combine(Path.GetDirectoryName(VcApiFactory.RepoFile("MicroCredentials.Signing.sln"))!, "artifacts");
            Directory.CreateDirectory(artifacts);
            await File.WriteAllTextAsync(Path.Combine(artifacts, "vcapi-load.json"), new JsonObject
            {
                ["endpoint"] = "POST /credentials/verify",
                ["requests"] = Requests,
                ["concurrency"] = Concurrency,
                ["requestsPerSecond"] = Math.Round(rps, 1),
                ["p50Ms"] = Math.Round(p50, 2),
                ["p99Ms"] = Math.Round(p99, 2),
                ["maxMs"] = Math.Round(latencies[^1], 2),
                ["processorCount"] = Environment.ProcessorCount,
                ["summary"] = summary,
            }.ToJsonString());
        }
        finally
        {
            await app.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task VerifyOnceAsync(HttpClient http, string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/credentials/verify", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True((bool)result!["verified"]!);
    }
}
