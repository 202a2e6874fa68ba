using System.Text.Json.Nodes;
using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.Cli;

/// <summary><c>mcred verify --issuer-registry</c>: the trust section, through the built CLI.</summary>
public sealed class CliIssuerRegistryTests
{
    private static readonly string Fixtures = TestPaths.ConformanceFile("in-the-wild", "dcc-vc-test-fixtures", "verifiableCredentials", "v1", "dataIntegrityProof", "didKey");
    private static readonly string Member = Path.Combine(AppContext.BaseDirectory, "TestData", "Trust", "dcc-member-registry.json");
    private static readonly string Sandbox = Path.Combine(AppContext.BaseDirectory, "TestData", "Trust", "dcc-sandbox-registry.json");

    [Fact]
    public async Task AListedIssuerIsReportedKnownByNameAndTheExitCodeIsTheVerdicts()
    {
        var (code, stdout, _) = await CliRunner.RunAsync("verify", "--in", Path.Combine(Fixtures, "fourRegistry-noStatus-noExpiry.json"), "--issuer-registry", "DCC Member=" + Member, "--issuer-registry", Sandbox);
        Assert.Equal(0, code);
        var trust = JsonNode.Parse(stdout)!["trust"]!;
        Assert.Equal("known", (string?)trust["status"]);
        Assert.Equal("DCC Member", (string?)trust["entries"]![0]!["registry"]);
        Assert.Equal("dcc-sandbox-registry", (string?)trust["entries"]![1]!["registry"]);
    }

    [Fact]
    public async Task AnUnlistedIssuerStillVerifies()
    {
        var (code, stdout, _) = await CliRunner.RunAsync("verify", "--in", Path.Combine(Fixtures, "noRegistry-noStatus-noExpiry.json"), "--issuer-registry", Member);
        Assert.Equal(0, code);
        Assert.Equal("unknown", (string?)JsonNode.Parse(stdout)!["trust"]!["status"]);
    }

    [Theory]
    [InlineData("https://registry.example/registry.json", "needs --online")]
    [InlineData("DCC=", "must be [NAME=]PATH")]
    public async Task AnUnusableRegistryArgumentIsAUsageError(string spec, string expected)
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("verify", "--in", Path.Combine(Fixtures, "noRegistry-noStatus-noExpiry.json"), "--issuer-registry", spec);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARegistryInTheWrongFormatIsAUsageErrorNamingTheMember()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".json");
        await File.WriteAllTextAsync(path, "{\"registry\":{\"did:web:a\":{\"url\":\"https://a\"}}}");
        try
        {
            var (code, _, stderr) = await CliRunner.RunAsync("verify", "--in", Path.Combine(Fixtures, "noRegistry-noStatus-noExpiry.json"), "--issuer-registry", path);
            Assert.Equal(2, code);
            Assert.Contains("REGISTRY_INVALID", stderr, StringComparison.Ordinal);
            Assert.Contains("$.registry['did:web:a'].name", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
