using System.Text.Json;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.VcApi.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.VcApi.Tests;

/// <summary>
/// The OpenAPI document the service serves must equal the one checked in at
/// <c>samples/MicroCredentials.Signing.VcApi/openapi.json</c>. After an intended API change, regenerate it with
/// <c>MCRED_UPDATE_OPENAPI=1 dotnet test tests/MicroCredentials.Signing.VcApi.Tests --filter OpenApiDocumentTests</c>
/// and review the diff.
/// </summary>
public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task ServedDocumentMatchesTheCheckedInOne()
    {
        using var factory = new VcApiFactory();
        using var http = factory.CreateClient();
        var served = JsonNode.Parse(await http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!;
        var path = VcApiFactory.RepoFile("samples", "MicroCredentials.Signing.VcApi", "openapi.json");
        var pretty = served.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";

        if (Environment.GetEnvironmentVariable("MCRED_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, pretty);
        }

        Assert.True(File.Exists(path), $"{path} is missing; run with MCRED_UPDATE_OPENAPI=1 to create it");
        var checkedIn = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        Assert.True(JsonNode.DeepEquals(checkedIn, served),
            $"the served OpenAPI document differs from {path}; if the change is intended, run with MCRED_UPDATE_OPENAPI=1 and commit the file.\nserved:\n{pretty}");
    }

    [Fact]
    public async Task DocumentDescribesTheVcApiEndpoints()
    {
        using var factory = new VcApiFactory();
        using var http = factory.CreateClient();
        var document = JsonNode.Parse(await http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!;
        var paths = document["paths"]!.AsObject();

        foreach (var path in new[] { "/credentials/issue", "/credentials/verify", "/presentations/verify", "/credentials/status" })
        {
            Assert.NotNull(paths[path]?["post"]);
        }

        Assert.NotNull(paths["/status/{id}"]?["get"]);
        Assert.NotNull(paths["/credentials/issue"]!["post"]!["responses"]!["403"]);
        Assert.Equal("bearer", (string?)document["components"]!["securitySchemes"]!["bearer"]!["scheme"]);
        Assert.Equal("X-API-Key", (string?)document["components"]!["securitySchemes"]!["apiKey"]!["name"]);
        Assert.Equal("credentials:issue", (string?)paths["/credentials/issue"]!["post"]!["security"]![0]!["bearer"]![0]);
        Assert.Equal("credentials:status", (string?)paths["/credentials/status"]!["post"]!["security"]![0]!["bearer"]![0]);
        Assert.Null(paths["/credentials/verify"]!["post"]!["security"]); // public
    }
}
