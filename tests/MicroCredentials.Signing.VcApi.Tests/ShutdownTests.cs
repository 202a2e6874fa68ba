using System.Net;
using MicroCredentials.Signing.VcApi.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;
using MicroCredentials.Signing.Dids;

namespace MicroCredentials.Signing.VcApi.Tests;

/// <summary>Graceful shutdown on the real Kestrel server: readiness turns 503 as soon as stopping begins, liveness stays 200.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task StoppingInstanceLeavesTheLoadBalancerPoolButKeepsAnswering()
    {
        var dir = Directory.CreateTempSubdirectory("mcred-vcapi-stop-").FullName;
        await using var app = Program.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["VcApi:KeyFile"] = Path.Combine(dir, "key.json"),
                ["VcApi:StatusDatabase"] = Path.Combine(dir, "status.db"),
                ["VcApi:StatusListUrl"] = VcApiFactory.StatusListUrl,
                ["VcApi:ShutdownTimeoutSeconds"] = "7",
            });
        });
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
            Assert.Equal(TimeSpan.FromSeconds(7), app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);

            // What SIGTERM does first: ApplicationStopping fires while the server still serves (in-flight requests drain).
            app.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);
        }
        finally
        {
            await app.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
