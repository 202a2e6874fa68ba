using System.Text.Json.Nodes;
using MicroCredentials.Signing.Cli;
using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.Cli;

/// <summary>
/// <c>mcred present</c> and <c>mcred verify</c> on presentations, driven through the CLI in-process: the round trip,
/// the verifier's challenge and domain, embedded credentials that fail, tampering, no proof, and a holder whose key
/// cannot be resolved.
/// </summary>
public sealed class CliPresentationTests : IDisposable
{
    private const string Challenge = "c0ffee-4711";
    private const string Domain = "verifier.example.org";
    private readonly string _dir = Directory.CreateTempSubdirectory("mcred-vp-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private string F(string name) => Path.Combine(_dir, name);

    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args) => await CliRunner.RunAsync(args);

    private static async Task MustSucceed(params string[] args)
    {
        var (exit, _, err) = await Run(args);
        Assert.True(exit == ExitCodes.Success, $"mcred {string.Join(' ', args)} exited {exit}: {err}");
    }

    /// <summary>An issuer key, a holder key and one signed credential, issued by the CLI.</summary>
    private async Task<string> IssueAsync(string name = "cred.json", params string[] extra)
    {
        if (!File.Exists(F("issuer.json")))
        {
            await MustSucceed("keygen", "--out", F("issuer.json"));
            await MustSucceed("keygen", "--out", F("holder.json"));
        }

        await MustSucceed(["issue", "--elements", TestPaths.RepoFile("samples", "elements", "rich-valid.json"), "--key", F("issuer.json"), "--out", F(name), .. extra]);
        return F(name);
    }

    private async Task<string> PresentAsync(string vp, params string[] credentials)
    {
        await MustSucceed(["present", "--holder-key", F("holder.json"), "--challenge", Challenge, "--domain", Domain, "--out", F(vp), .. credentials]);
        return F(vp);
    }

    private static JsonArray Checks(string stdout) => JsonNode.Parse(stdout)!["checks"]!.AsArray();

    private static bool HasFailed(JsonArray checks, string check, string code) =>
        checks.Any(c => (string?)c!["check"] == check && (string?)c["status"] == "failed" && (string?)c["code"] == code);

    [Fact]
    public async Task PresentThenVerifyRoundTripsWithTheVerifiersChallengeAndDomain()
    {
        var vp = await PresentAsync("vp.json", await IssueAsync());
        var presentation = JsonNode.Parse(File.ReadAllText(vp))!;
        Assert.Equal("authentication", (string?)presentation["proof"]!["proofPurpose"]);
        Assert.Equal(Challenge, (string?)presentation["proof"]!["challenge"]);
        Assert.Equal(Domain, (string?)presentation["proof"]!["domain"]);

        var (exit, stdout, stderr) = await Run("verify", "--in", vp, "--challenge", Challenge, "--domain", Domain);
        Assert.True(exit == ExitCodes.Success, stderr + stdout);
        var report = JsonNode.Parse(stdout)!;
        Assert.Equal("presentation", (string?)report["kind"]);
        Assert.Equal("verified", (string?)report["outcome"]);
        Assert.Contains(report["checks"]!.AsArray(), c => (string?)c!["check"] == "proof" && (string?)c["status"] == "passed");
        var credential = Assert.Single(report["credentials"]!.AsArray());
        Assert.Equal("verified", (string?)credential!["outcome"]);
    }

    [Fact]
    public async Task AVcJwtIsPresentedAsAnEnvelopedCredentialAndVerifies()
    {
        await IssueAsync();
        await MustSucceed("map", "--elements", TestPaths.RepoFile("samples", "elements", "minimal-valid.json"), "--out", F("unsigned.json"));
        var unsigned = JsonNode.Parse(File.ReadAllText(F("unsigned.json")))!;
        var issuer = (string)JsonNode.Parse(File.ReadAllText(F("issuer.json")))!["controller"]!;
        unsigned["issuer"]!["id"] = issuer;
        File.WriteAllText(F("unsigned.json"), unsigned.ToJsonString());
        await MustSucceed("sign-jwt", "--in", F("unsigned.json"), "--key", F("issuer.json"), "--out", F("cred.jwt"));

        var vp = await PresentAsync("vp.json", F("cred.jwt"), F("cred.json"));
        var embedded = JsonNode.Parse(File.ReadAllText(vp))!["verifiableCredential"]!.AsArray();
        Assert.Equal("EnvelopedVerifiableCredential", (string?)embedded[0]!["type"]);
        Assert.StartsWith("data:application/vc+jwt,", (string?)embedded[0]!["id"], StringComparison.Ordinal);

        var (exit, stdout, stderr) = await Run("verify", "--in", vp, "--challenge", Challenge, "--domain", Domain);
        Assert.True(exit == ExitCodes.Success, stderr + stdout);
        var formats = JsonNode.Parse(stdout)!["credentials"]!.AsArray().Select(c => (string?)c!["format"]).ToList();
        Assert.Equal(["jwt", "json"], formats);
    }

    [Theory]
    [InlineData("--challenge", "another-challenge", "INVALID_CHALLENGE_ERROR")]
    [InlineData("--domain", "elsewhere.example.org", "INVALID_DOMAIN_ERROR")]
    public async Task AWrongChallengeOrDomainFails(string option, string value, string code)
    {
        var vp = await PresentAsync("vp.json", await IssueAsync());
        var (exit, stdout, _) = await Run("verify", "--in", vp, option, value);
        Assert.Equal(ExitCodes.NotVerified, exit);
        Assert.Equal("failed", (string?)JsonNode.Parse(stdout)!["outcome"]);
        Assert.True(HasFailed(Checks(stdout), "proof", code), stdout);
    }

    [Fact]
    public async Task WithoutChallengeOnTheCommandLineTheProofIsNotHeldToOne()
    {
        // The library's rule: an expected challenge is checked only when the verifier states one.
        var vp = await PresentAsync("vp.json", await IssueAsync());
        Assert.Equal(ExitCodes.Success, (await Run("verify", "--in", vp)).Exit);
    }

    [Fact]
    public async Task HolderBindingRequireFailsACredentialAboutSomeoneElse()
    {
        var vp = await PresentAsync("vp.json", await IssueAsync());
        var warn = await Run("verify", "--in", vp, "--holder-binding", "warn");
        Assert.Equal(ExitCodes.Success, warn.Exit);
        Assert.Contains(Checks(warn.Out), c => (string?)c!["code"] == "HOLDER_NOT_SUBJECT" && (string?)c["status"] == "warning");

        var (exit, stdout, _) = await Run("verify", "--in", vp, "--holder-binding", "require");
        Assert.Equal(ExitCodes.NotVerified, exit);
        Assert.True(HasFailed(Checks(stdout), "holder", "HOLDER_NOT_SUBJECT"), stdout);
    }

    [Fact]
    public async Task ARevokedEmbeddedCredentialFailsThePresentation()
    {
        const string list = "https://issuer.example.edu/status/vp";
        var cred = await IssueAsync("cred.json", "--status-list", list, "--store", F("status.db"));
        var index = (string)JsonNode.Parse(File.ReadAllText(cred))!["credentialStatus"]!["statusListIndex"]!;
        await MustSucceed("status", "create", "--purpose", "revocation", "--key", F("issuer.json"), "--status-list", list, "--out", F("list.json"));
        File.WriteAllText(F("lists.json"), new JsonObject { [list] = "list.json" }.ToJsonString());
        var vp = await PresentAsync("vp.json", cred);
        Assert.Equal(ExitCodes.Success, (await Run("verify", "--in", vp, "--status-map", F("lists.json"))).Exit);

        await MustSucceed("status", "set", "--in", F("list.json"), "--index", index, "--value", "1", "--key", F("issuer.json"), "--out", F("list.json"));
        var (exit, stdout, _) = await Run("verify", "--in", vp, "--status-map", F("lists.json"));
        Assert.Equal(ExitCodes.NotVerified, exit);
        var credential = Assert.Single(JsonNode.Parse(stdout)!["credentials"]!.AsArray());
        Assert.True(HasFailed(credential!["checks"]!.AsArray(), "status", "CREDENTIAL_REVOKED"), stdout);
    }

    [Fact]
    public async Task AnExpiredEmbeddedCredentialFailsThePresentation()
    {
        await IssueAsync();
        await MustSucceed("map", "--elements", TestPaths.RepoFile("samples", "elements", "minimal-valid.json"), "--out", F("unsigned.json"));
        var unsigned = JsonNode.Parse(File.ReadAllText(F("unsigned.json")))!;
        unsigned["issuer"]!["id"] = (string)JsonNode.Parse(File.ReadAllText(F("issuer.json")))!["controller"]!;
        unsigned["validFrom"] = "2020-01-01T00:00:00Z";
        unsigned["validUntil"] = "2021-01-01T00:00:00Z";
        File.WriteAllText(F("unsigned.json"), unsigned.ToJsonString());
        await MustSucceed("sign", "--in", F("unsigned.json"), "--key", F("issuer.json"), "--out", F("expired.json"));

        var vp = await PresentAsync("vp.json", F("expired.json"));
        var (exit, stdout, _) = await Run("verify", "--in", vp, "--challenge", Challenge);
        Assert.Equal(ExitCodes.NotVerified, exit);
        var credential = Assert.Single(JsonNode.Parse(stdout)!["credentials"]!.AsArray());
        Assert.Equal("failed", (string?)credential!["outcome"]);
        Assert.Contains(credential["checks"]!.AsArray(), c => (string?)c!["check"] == "validity" && (string?)c["status"] == "failed");
    }

    [Fact]
    public async Task ATamperedPresentationFails()
    {
        var vp = await PresentAsync("vp.json", await IssueAsync());
        var presentation = JsonNode.Parse(File.ReadAllText(vp))!;
        presentation["id"] = "urn:uuid:00000000-0000-4000-8000-000000000000";
        File.WriteAllText(vp, presentation.ToJsonString());
        var (exit, stdout, _) = await Run("verify", "--in", vp, "--challenge", Challenge, "--domain", Domain);
        Assert.Equal(ExitCodes.NotVerified, exit);
        Assert.Contains(Checks(stdout), c => (string?)c!["check"] == "proof" && (string?)c["status"] == "failed");
    }

    [Fact]
    public async Task AnUnsignedPresentationFails()
    {
        var vp = await PresentAsync("vp.json", await IssueAsync());
        var presentation = JsonNode.Parse(File.ReadAllText(vp))!.AsObject();
        presentation.Remove("proof");
        File.WriteAllText(vp, presentation.ToJsonString());
        var (exit, stdout, _) = await Run("verify", "--in", vp);
        Assert.Equal(ExitCodes.NotVerified, exit);
        Assert.True(HasFailed(Checks(stdout), "proof", "PROOF_MISSING"), stdout);
    }

    [Fact]
    public async Task AHolderWhoseDidCannotBeResolvedIsIndeterminate()
    {
        var cred = await IssueAsync();
        await MustSucceed("keygen", "--controller", "did:web:holder.example.org", "--out", F("holder.json"));
        var vp = await PresentAsync("vp.json", cred);
        var (exit, stdout, _) = await Run("verify", "--in", vp, "--challenge", Challenge, "--domain", Domain);
        Assert.Equal(ExitCodes.Indeterminate, exit);
        Assert.Equal("indeterminate", (string?)JsonNode.Parse(stdout)!["outcome"]);
        Assert.Contains(Checks(stdout), c => (string?)c!["check"] == "proof" && (bool?)c["indeterminate"] == true);
    }

    [Fact]
    public async Task AMappedHolderDidResolvesThroughTheDidMap()
    {
        var cred = await IssueAsync();
        const string holder = "did:web:holder.example.org";
        await MustSucceed("keygen", "--controller", holder, "--out", F("holder.json"));
        await MustSucceed("controller-document", "--key", F("holder.json"), "--out", F("holder-did.json"));
        File.WriteAllText(F("dids.json"), new JsonObject { [holder] = "holder-did.json" }.ToJsonString());
        var vp = await PresentAsync("vp.json", cred);
        var (exit, stdout, stderr) = await Run("verify", "--in", vp, "--did-map", F("dids.json"), "--challenge", Challenge);
        Assert.True(exit == ExitCodes.Success, stderr + stdout);
    }

    [Fact]
    public async Task APresentationAmongBatchInputsIsVerifiedAsAPresentation()
    {
        var cred = await IssueAsync();
        var vp = await PresentAsync("vp.json", cred);
        var unsigned = JsonNode.Parse(File.ReadAllText(vp))!.AsObject();
        unsigned.Remove("proof");
        File.WriteAllText(F("unsigned-vp.json"), unsigned.ToJsonString());

        var (exit, stdout, _) = await Run("verify", "--challenge", Challenge, "--in", cred, vp, F("unsigned-vp.json"));
        Assert.Equal(ExitCodes.NotVerified, exit);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(4, lines.Count);
        Assert.Equal(["verified", "verified", "failed"], lines.Take(3).Select(l => (string?)l["outcome"]));
        Assert.Null(lines[0]["kind"]);
        Assert.Equal("presentation", (string?)lines[1]["kind"]);
        Assert.Equal(2, (int)lines[2]["index"]!);
        Assert.Equal(1, (int)lines[3]["summary"]!["failed"]!);
    }

    [Fact]
    public async Task PresentRefusesAFileThatIsNeitherJsonNorAJwt()
    {
        await IssueAsync();
        File.WriteAllText(F("junk.txt"), "not a credential");
        var (exit, stdout, stderr) = await Run("present", "--holder-key", F("holder.json"), "--challenge", Challenge, F("junk.txt"));
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("junk.txt", stderr, StringComparison.Ordinal);
    }
}
