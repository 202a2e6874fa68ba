using System.Text.Json.Nodes;
using MicroCredentials.Signing.Cli;
using MicroCredentials.Signing.Tests.Support;
using Xunit;
using static MicroCredentials.Signing.Tests.Support.CliRunner;

namespace MicroCredentials.Signing.Tests.Cli;

/// <summary><c>keygen --controller</c> and <c>controller-document</c>: a did:web issuer a user can set up and verify offline.</summary>
public sealed class CliControllerDocumentTests : IDisposable
{
    private const string Did = "did:web:issuer.example.edu";
    private readonly string _dir = Directory.CreateTempSubdirectory("mcred-cid-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("ed25519")]
    [InlineData("p256")]
    [InlineData("p384")]
    public async Task ACredentialSignedWithADidWebKeyVerifiesAgainstTheWrittenDocument(string type)
    {
        var key = Path.Combine(_dir, "key.json");
        var doc = Path.Combine(_dir, "did.json");
        var cred = Path.Combine(_dir, "cred.json");
        Assert.Equal(0, (await RunAsync("keygen", "--type", type, "--controller", Did, "--out", key)).Exit);
        var written = await RunAsync("controller-document", "--key", key, "--id", Did, "--out", doc);
        Assert.True(written.Exit == 0, written.Err);

        var document = JsonNode.Parse(File.ReadAllText(doc))!;
        Assert.Equal(Did, (string?)document["id"]);
        Assert.Equal("https://www.w3.org/ns/did/v1", (string?)document["@context"]![0]);
        Assert.Equal("https://w3id.org/security/multikey/v1", (string?)document["@context"]![1]);
        var vm = document["verificationMethod"]![0]!;
        Assert.Equal(Did + "#key-1", (string?)vm["id"]);
        Assert.Equal(Did, (string?)vm["controller"]);
        Assert.Null(vm["secretKeyMultibase"]);
        Assert.Equal(Did + "#key-1", (string?)document["assertionMethod"]![0]);
        Assert.Equal(Did + "#key-1", (string?)document["authentication"]![0]);

        var issue = await RunAsync("issue", "--elements", TestPaths.RepoFile("samples", "elements", "rich-valid.json"), "--key", key, "--out", cred);
        Assert.True(issue.Exit == 0, issue.Err);
        var map = Path.Combine(_dir, "dids.json");
        File.WriteAllText(map, new JsonObject { [Did] = "did.json" }.ToJsonString());

        var verify = await RunAsync("verify", "--in", cred, "--did-map", map);
        Assert.True(verify.Exit == ExitCodes.Success, verify.Out + verify.Err);
        // Without the map the issuer's document cannot be obtained offline: indeterminate, not failed.
        Assert.Equal(ExitCodes.Indeterminate, (await RunAsync("verify", "--in", cred)).Exit);
    }

    [Fact]
    public async Task RsaKeysAndControlledIdentifiersGetTheirContexts()
    {
        const string Https = "https://issuer.example.edu/keys";
        var key = Path.Combine(_dir, "rsa.json");
        Assert.Equal(0, (await RunAsync("keygen", "--type", "rsa", "--controller", Https, "--out", key)).Exit);
        var (exit, stdout, err) = await RunAsync("controller-document", "--key", key, "--id", Https);
        Assert.True(exit == 0, err);
        var document = JsonNode.Parse(stdout)!;
        Assert.Equal("https://www.w3.org/ns/cid/v1", (string?)document["@context"]![0]);
        Assert.Equal("https://w3id.org/security/jwk/v1", (string?)document["@context"]![1]);
        var vm = document["verificationMethod"]![0]!;
        Assert.Equal("JsonWebKey", (string?)vm["type"]);
        Assert.Equal(Https + "#key-1", (string?)vm["id"]);
        Assert.Null(vm["publicKeyJwk"]!["d"]);
        Assert.NotNull(vm["publicKeyJwk"]!["n"]);

        Assert.Equal(ExitCodes.Usage, (await RunAsync("controller-document", "--key", key, "--id", "http://insecure.example")).Exit);
    }
}
