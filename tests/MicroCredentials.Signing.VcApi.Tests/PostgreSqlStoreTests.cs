using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Tests.Status;
using MicroCredentials.Signing.VcApi.Tests.Support;
using Xunit;
using MicroCredentials.Signing.Dids;

namespace MicroCredentials.Signing.VcApi.Tests;

/// <summary>The service over a real PostgreSQL server on loopback: issue with a status, revoke by id, verify, readiness.</summary>
public sealed class PostgreSqlStoreTests : IClassFixture<PostgreSqlFixture>
{
    private readonly PostgreSqlFixture _pg;

    public PostgreSqlStoreTests(PostgreSqlFixture pg) => _pg = pg;

    [Fact]
    public async Task IssueRevokeVerifyAndReadyOverPostgreSql()
    {
        using var factory = new VcApiFactory(new Dictionary<string, string?>
        {
            ["VcApi:Store"] = "PostgreSql",
            ["VcApi:PostgreSqlConnectionString"] = _pg.ConnectionString,
            ["VcApi:StatusListUrl"] = "https://issuer.example.edu/status/" + Guid.NewGuid().ToString("N")[..8],
        });
        using var http = factory.ClientWithToken("credentials:issue credentials:status");

        using (var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.StartsWith("PostgreSql", (string?)(await ready.Content.ReadFromJsonAsync<JsonObject>())!["checks"]!["database"]!["description"], StringComparison.Ordinal);
        }

        var signed = await http.IssueAsync(await factory.UnsignedAsync(http), withStatus: true);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = signed.DeepClone() })).Status);

        var (updated, _, _) = await http.PostAsync("/credentials/status", new JsonObject
        {
            ["credentialId"] = (string)signed["id"]!,
            ["credentialStatus"] = new JsonArray(new JsonObject { ["type"] = "BitstringStatusListCredential", ["status"] = "revoked" }),
        });
        Assert.Equal(HttpStatusCode.OK, updated);

        var (after, body, _) = await http.PostAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = signed.DeepClone() });
        Assert.Equal(HttpStatusCode.BadRequest, after);
        Assert.Contains(body["problemDetails"]!.AsArray(), p => (string?)p!["title"] == "CREDENTIAL_REVOKED");
    }

    [Fact]
    public async Task AStoppedServiceInstanceDoesNotLoseTheIndex()
    {
        var settings = new Dictionary<string, string?>
        {
            ["VcApi:Store"] = "PostgreSql",
            ["VcApi:PostgreSqlConnectionString"] = _pg.ConnectionString,
            ["VcApi:StatusListUrl"] = "https://issuer.example.edu/status/" + Guid.NewGuid().ToString("N")[..8],
        };
        string id;
        JsonObject signed;
        string keyFile;
        using (var first = new VcApiFactory(settings))
        {
            using var http = first.ClientWithToken("credentials:issue");
            signed = await http.IssueAsync(await first.UnsignedAsync(http), withStatus: true);
            id = (string)signed["id"]!;
            keyFile = Path.Combine(Path.GetTempPath(), "mcred-vcapi-key-" + Guid.NewGuid().ToString("N") + ".json");
            File.Copy(Path.Combine(first.Directory, "key.json"), keyFile);
        }

        // A second instance (same database, same key) revokes what the first issued.
        settings["VcApi:KeyFile"] = keyFile;
        using var second = new VcApiFactory(settings);
        using var http2 = second.ClientWithToken("credentials:status");
        var (updated, _, _) = await http2.PostAsync("/credentials/status", new JsonObject
        {
            ["credentialId"] = id,
            ["credentialStatus"] = new JsonArray(new JsonObject { ["type"] = "BitstringStatusListCredential", ["status"] = "revoked" }),
        });
        Assert.Equal(HttpStatusCode.OK, updated);
        var (after, _, _) = await http2.PostAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = signed });
        Assert.Equal(HttpStatusCode.BadRequest, after);
        File.Delete(keyFile);
    }
}
