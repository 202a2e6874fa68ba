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

        var (code, stdout, _) = await RunAsync("verify", "--in", cred);
        Assert.Equal(ExitCodes.NotVerified, code);
        Assert.Contains(JsonNode.Parse(stdout)!["checks"]!.AsArray(), c => (string?)c!["check"] == "status" && (string?)c["code"] == "STATUS_RETRIEVAL_ERROR");
    }

    [Fact]
    public async Task UnreadableInputIsAUsageError()
    {
        var (code, _, stderr) = await RunAsync("verify", "--in", Path.Combine(_dir, "missing.json"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("missing.json", stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, (await RunAsync("verify")).Code);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await Program.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
