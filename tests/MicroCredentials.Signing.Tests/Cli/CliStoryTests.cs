using System.Text.Json.Nodes;
using MicroCredentials.Signing.Cli;
using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.Cli;

/// <summary>The README's main job and the issue → verify flow, driven through the CLI in-process.</summary>
public sealed class CliStoryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mcred-cli-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task DemoIssuesVerifiesRevokesAndReverifies()
    {
        var (code, stdout, _) = await RunAsync("demo", "--db", Path.Combine(_dir, "status.db"), "--dir", _dir);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("6. Verified        VERIFIED", stdout, StringComparison.Ordinal);
        Assert.Contains("8. Verified again  NOT VERIFIED: CREDENTIAL_REVOKED", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_dir, "credential.json")));
    }

    [Fact]
    public async Task IssuedCredentialVerifiesAndATamperedOneDoesNot()
    {
        var key = Path.Combine(_dir, "key.json");
        var cred = Path.Combine(_dir, "cred.json");
        Assert.Equal(0, (await RunAsync("keygen", "--type", "p256", "--out", key)).Code);
        var issue = await RunAsync("issue", "--elements", TestPaths.RepoFile("samples", "elements", "rich-valid.json"), "--key", key, "--vc", "1.1", "--out", cred);
        Assert.True(issue.Code == 0, issue.Stderr);

        var (code, stdout, _) = await RunAsync("verify", "--in", cred);
        Assert.Equal(ExitCodes.Success, code);
        var report = JsonNode.Parse(stdout)!;
        Assert.True((bool)report["verified"]!);
        Assert.Contains(report["checks"]!.AsArray(), c => (string?)c!["check"] == "proof" && (string?)c["status"] == "passed" && ((string?)c["message"])!.Contains("ecdsa-rdfc-2019", StringComparison.Ordinal));

        var tampered = JsonNode.Parse(File.ReadAllText(cred))!;
        tampered["credentialSubject"]!["achievement"]!["name"] = "A different title";
        File.WriteAllText(cred, tampered.ToJsonString());
        var after = await RunAsync("verify", "--in", cred);
        Assert.Equal(ExitCodes.NotVerified, after.Code);
        Assert.False((bool)JsonNode.Parse(after.Stdout)!["verified"]!);
    }

    [Fact]
    public async Task StatusThatCannotBeCheckedFailsClosed()
    {
        var key = Path.Combine(_dir, "key.json");
        var cred = Path.Combine(_dir, "cred.json");
        await RunAsync("keygen", "--type", "ed25519", "--out", key);
        var issue = await RunAsync("issue", "--elements", TestPaths.RepoFile("samples", "elements", "rich-valid.json"), "--key", key,
            "--status-list", "https://issuer.example.edu/status/7", "--db", Path.Combine(_dir, "status.db"), "--out", cred);
        Assert.True(issue.Code == 0, issue.Stderr);

        // Nothing is wrong with the credential, but its status cannot be established: not verified, and the exit
        // code says indeterminate (3), not failed (issue 13 §1).
        var (code, stdout, _) = await RunAsync("verify", "--in", cred);
        Assert.Equal(ExitCodes.Indeterminate, code);
        Assert.Equal("indeterminate", (string?)JsonNode.Parse(stdout)!["outcome"]);
        Assert.Contains(JsonNode.Parse(stdout)!["checks"]!.AsArray(), c => (string?)c!["check"] == "status" && (string?)c["code"] == "STATUS_RETRIEVAL_ERROR");
    }

    [Fact]
    public async Task RsaKeySignsAnRs256JwtThatVerifiesWithTheIssuersPublishedKey()
    {
        const string issuer = "https://issuer.example.edu";
        var key = Path.Combine(_dir, "rsa.json");
        var unsigned = Path.Combine(_dir, "unsigned.json");
        var jwt = Path.Combine(_dir, "cred.jwt");
        Assert.Equal(0, (await RunAsync("keygen", "--type", "rsa", "--controller", issuer, "--out", key)).Code);
        Assert.Equal(0, (await RunAsync("map", "--elements", TestPaths.RepoFile("samples", "elements", "minimal-valid.json"), "--out", unsigned)).Code);
        var credential = JsonNode.Parse(File.ReadAllText(unsigned))!;
        credential["issuer"]!["id"] = issuer;
        File.WriteAllText(unsigned, credential.ToJsonString());
        var sign = await RunAsync("sign-jwt", "--in", unsigned, "--key", key, "--alg", "RS256", "--out", jwt);
        Assert.True(sign.Code == 0, sign.Stderr);

        // The issuer publishes the public half in its controller document; the verifier reads it from a local map.
        var jwk = JsonNode.Parse(File.ReadAllText(key))!.AsObject();
        foreach (var secret in new[] { "d", "p", "q", "dp", "dq", "qi" })
        {
            jwk.Remove(secret);
        }

        File.WriteAllText(Path.Combine(_dir, "issuer.json"), new JsonObject
        {
            ["id"] = issuer,
            ["verificationMethod"] = new JsonArray(new JsonObject { ["id"] = issuer + "#key-1", ["type"] = "JsonWebKey", ["controller"] = issuer, ["publicKeyJwk"] = jwk }),
            ["assertionMethod"] = new JsonArray(issuer + "#key-1"),
        }.ToJsonString());
        File.WriteAllText(Path.Combine(_dir, "dids.json"), new JsonObject { [issuer] = "issuer.json" }.ToJsonString());

        var (code, stdout, _) = await RunAsync("verify", "--in", jwt, "--did-map", Path.Combine(_dir, "dids.json"));
        Assert.True(code == 0, stdout);
        Assert.Equal("jwt", (string?)JsonNode.Parse(stdout)!["format"]);
        Assert.Equal(ExitCodes.NotVerified, (await RunAsync("verify", "--in", jwt)).Code);
    }

    [Fact]
    public async Task UnreadableInputIsAUsageError()
    {
        var (code, _, stderr) = await RunAsync("verify", "--in", Path.Combine(_dir, "missing.json"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("missing.json", stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, (await RunAsync("verify")).Code);
    }

    private static Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args) =>
        CliRunner.RunAsync(args);
}
