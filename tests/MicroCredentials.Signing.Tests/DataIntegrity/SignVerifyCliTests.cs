using System.Text.Json.Nodes;
using MicroCredentials.Signing.Cli;
using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.DataIntegrity;

/// <summary>mcred keygen / sign / verify, run in-process.</summary>
public sealed class SignVerifyCliTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mcred-crypto-" + Guid.NewGuid().ToString("N"));

    public SignVerifyCliTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) =>
        CliRunner.RunAsync(args);

    private string Path_(string name) => Path.Combine(_dir, name);

    /// <summary>The code of the first failed proof check in a <c>mcred verify</c> report.</summary>
    private static string? ProofFailure(JsonNode report) =>
        (string?)report["checks"]!.AsArray().First(c => (string?)c!["check"] == "proof" && (string?)c["status"] == "failed")!["code"];

    /// <summary>The OB 3.0 "complete" example, reissued by <paramref name="issuerDid"/>.</summary>
    internal static JsonObject RichCredential(string issuerDid)
    {
        var credential = DiSupport.ReadObject(TestPaths.ConformanceFile("openbadges-3.0", "examples", "complete-openbadgecredential.json"));
        credential["issuer"]!["id"] = issuerDid;
        // Its 1EdTechRevocationList cannot be fetched offline, and the verifier fails closed on unknown status.
        credential.Remove("credentialStatus");
        return credential;
    }

    [Theory]
    [InlineData("ed25519", null)]
    [InlineData("ed25519", "eddsa-jcs-2022")]
    [InlineData("p256", null)]
    [InlineData("p256", "ecdsa-jcs-2019")]
    [InlineData("p384", "ecdsa-rdfc-2019")]
    public async Task KeygenSignVerifyRoundTrip(string type, string? suite)
    {
        var (exit, _, err) = await RunAsync("keygen", "--type", type, "--out", Path_("key.json"));
        Assert.True(exit == 0, err);
        var key = DiSupport.ReadObject(Path_("key.json"));
        Assert.Equal("Multikey", (string)key["type"]!);
        File.WriteAllText(Path_("unsigned.json"), RichCredential((string)key["controller"]!).ToJsonString());

        string[] signArgs = ["sign", "--in", Path_("unsigned.json"), "--key", Path_("key.json"), "--created", "2025-05-01T10:00:00Z", "--out", Path_("signed.json")];
        (exit, _, err) = await RunAsync(suite is null ? signArgs : [.. signArgs, "--suite", suite]);
        Assert.True(exit == 0, err);
        var signed = DiSupport.ReadObject(Path_("signed.json"));
        Assert.Equal("2025-05-01T10:00:00Z", (string)signed["proof"]!["created"]!);

        (exit, var output, err) = await RunAsync("verify", "--in", Path_("signed.json"), "--now", "2025-06-01T00:00:00Z");
        Assert.True(exit == 0, output + err);
        Assert.True((bool)JsonNode.Parse(output)!["verified"]!);

        signed["credentialSubject"]!["id"] = "did:example:tampered";
        File.WriteAllText(Path_("tampered.json"), signed.ToJsonString());
        (exit, output, _) = await RunAsync("verify", "--in", Path_("tampered.json"), "--now", "2025-06-01T00:00:00Z");
        Assert.Equal(ExitCodes.NotVerified, exit);
        var report = JsonNode.Parse(output)!;
        Assert.False((bool)report["verified"]!);
        Assert.Equal("PROOF_VERIFICATION_ERROR", ProofFailure(report));
    }

    [Fact]
    public async Task VerifyBeforeTheProofWasCreatedFails()
    {
        await RunAsync("keygen", "--out", Path_("key.json"));
        var key = DiSupport.ReadObject(Path_("key.json"));
        File.WriteAllText(Path_("unsigned.json"), RichCredential((string)key["controller"]!).ToJsonString());
        await RunAsync("sign", "--in", Path_("unsigned.json"), "--key", Path_("key.json"), "--created", "2025-05-01T10:00:00Z", "--out", Path_("signed.json"));
        var (exit, output, _) = await RunAsync("verify", "--in", Path_("signed.json"), "--now", "2025-04-01T00:00:00Z");
        Assert.Equal(ExitCodes.NotVerified, exit);
        Assert.Equal("PROOF_CREATED_IN_FUTURE", ProofFailure(JsonNode.Parse(output)!));
    }

    [Fact]
    public async Task DidMapServesDidWebDocumentsOffline()
    {
        var fixture = TestPaths.ConformanceFile("in-the-wild", "dcc-vc-test-fixtures", "verifiableCredentials", "v2", "dataIntegrityProof", "didweb", "oidf-noStatus-notExpired.json");
        // Offline, the did:web document cannot be obtained: indeterminate (exit 3), not a bad credential.
        var (exit, output, _) = await RunAsync("verify", "--in", fixture, "--now", "2026-11-01T00:00:00Z");
        Assert.Equal(ExitCodes.Indeterminate, exit);
        Assert.Equal("INVALID_VERIFICATION_METHOD", ProofFailure(JsonNode.Parse(output)!));

        File.Copy(TestPaths.ConformanceFile("in-the-wild", "dcc-vc-test-fixtures", "dids", "oidf", "did.json"), Path_("oidf.json"));
        File.WriteAllText(Path_("map.json"), "{\"did:web:digitalcredentials.github.io:vc-test-fixtures:dids:oidf\": \"oidf.json\"}");
        (exit, output, var err) = await RunAsync("verify", "--in", fixture, "--now", "2026-11-01T00:00:00Z", "--did-map", Path_("map.json"));
        Assert.True(exit == 0, output + err);
    }

    [Fact]
    public async Task UnusableInputIsAUsageError()
    {
        File.WriteAllText(Path_("bad.json"), "{ not json");
        Assert.Equal(ExitCodes.Usage, (await RunAsync("verify", "--in", Path_("bad.json"))).Exit);
        Assert.Equal(ExitCodes.Usage, (await RunAsync("verify", "--in", Path_("missing.json"))).Exit);
        Assert.Equal(ExitCodes.Usage, (await RunAsync("keygen", "--type", "rsa")).Exit);
        await RunAsync("keygen", "--type", "p256", "--out", Path_("key.json"));
        File.WriteAllText(Path_("doc.json"), "{}");
        Assert.Equal(ExitCodes.Usage, (await RunAsync("sign", "--in", Path_("doc.json"), "--key", Path_("key.json"), "--suite", "eddsa-rdfc-2022")).Exit);
    }
}
