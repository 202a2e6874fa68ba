using System.Text;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Trust;
using MicroCredentials.Signing.Tests.Support;
using MicroCredentials.Signing.Verification;
using Xunit;

namespace MicroCredentials.Signing.Tests.Verification;

/// <summary>Issuer registries are a third answer beside outcome and conformance: they name issuers, never change the verdict.</summary>
public sealed class IssuerTrustTests
{
    private static readonly string Fixtures = TestPaths.ConformanceFile("in-the-wild", "dcc-vc-test-fixtures", "verifiableCredentials", "v1", "dataIntegrityProof", "didKey");
    private static readonly string FourRegistry = Path.Combine(Fixtures, "fourRegistry-noStatus-noExpiry.json");
    private static readonly string NoRegistry = Path.Combine(Fixtures, "noRegistry-noStatus-noExpiry.json");

    private static async Task<IReadOnlyList<IIssuerRegistry>> RegistriesAsync() =>
    [
        await DccIssuerRegistry.LoadAsync("DCC Member Registry", Path.Combine(AppContext.BaseDirectory, "TestData", "Trust", "dcc-member-registry.json")),
        await DccIssuerRegistry.LoadAsync("DCC Sandbox Registry", Path.Combine(AppContext.BaseDirectory, "TestData", "Trust", "dcc-sandbox-registry.json")),
    ];

    private static async Task<VerificationReport> VerifyAsync(string json, IReadOnlyList<IIssuerRegistry> registries) =>
        await new CredentialVerifier(new CredentialVerifierOptions { IssuerRegistries = registries }).VerifyAsync(json);

    [Fact]
    public async Task AnIssuerInTwoRegistriesIsKnownByTheFirstAndTheVerdictIsUnchanged()
    {
        var report = await VerifyAsync(await File.ReadAllTextAsync(FourRegistry), await RegistriesAsync());

        Assert.Equal(VerificationOutcome.Verified, report.Outcome);
        var trust = Assert.IsType<IssuerTrust>(report.Trust);
        Assert.Equal(IssuerTrustStatus.Known, trust.Status);
        Assert.Equal(["DCC Member Registry", "DCC Sandbox Registry"], trust.Entries.Select(e => e.Registry));
        Assert.Equal("issuer: known as \"Digital Credentials Consortium (four-registry test key)\" in registry DCC Member Registry (also listed in DCC Sandbox Registry)", trust.Message);
        var json = report.ToJson()["trust"]!;
        Assert.Equal("known", (string?)json["status"]);
        Assert.Equal("https://dcconsortium.org", (string?)json["entries"]![0]!["url"]);
    }

    [Fact]
    public async Task AnAuthenticCredentialOfAnUnlistedIssuerVerifiesAndSaysSo()
    {
        var report = await VerifyAsync(await File.ReadAllTextAsync(NoRegistry), await RegistriesAsync());

        Assert.Equal(VerificationOutcome.Verified, report.Outcome);
        Assert.Equal(IssuerTrustStatus.Unknown, report.Trust!.Status);
        Assert.Equal("issuer: not in any configured registry (DCC Member Registry, DCC Sandbox Registry)", report.Trust.Message);
    }

    [Fact]
    public async Task AForgedCredentialNamingAListedIssuerIsNotLookedUp()
    {
        // The attacker copies a listed issuer's id into a credential it signed with no key of that issuer's.
        var forged = JsonNode.Parse(await File.ReadAllTextAsync(FourRegistry))!.AsObject();
        forged["credentialSubject"]!["name"] = "Mallory";
        var report = await VerifyAsync(forged.ToJsonString(), await RegistriesAsync());

        Assert.Equal(VerificationOutcome.Failed, report.Outcome);
        Assert.Equal(IssuerTrustStatus.NotEvaluated, report.Trust!.Status);
        Assert.Empty(report.Trust.Entries);
        Assert.Null(report.Trust.IssuerId);
    }

    [Fact]
    public async Task ARegistryThatCannotAnswerIsReportedAndNeverChangesTheOutcome()
    {
        IReadOnlyList<IIssuerRegistry> registries = [new BrokenRegistry(), .. await RegistriesAsync()];
        var unlisted = await VerifyAsync(await File.ReadAllTextAsync(NoRegistry), registries);
        Assert.Equal(VerificationOutcome.Verified, unlisted.Outcome);
        Assert.Equal(IssuerTrustStatus.Unavailable, unlisted.Trust!.Status);
        Assert.Contains("REGISTRY_UNAVAILABLE", unlisted.Trust.Message, StringComparison.Ordinal);

        // Another registry that does list the issuer still answers.
        var listed = await VerifyAsync(await File.ReadAllTextAsync(FourRegistry), registries);
        Assert.Equal(IssuerTrustStatus.Known, listed.Trust!.Status);
        Assert.Single(listed.Trust.Errors);
    }

    [Fact]
    public async Task WithoutRegistriesTheReportHasNoTrustSection()
    {
        var report = await VerifyAsync(await File.ReadAllTextAsync(FourRegistry), []);
        Assert.Null(report.Trust);
        Assert.False(report.ToJson().ContainsKey("trust"));
    }

    [Theory]
    [InlineData("[]", "$: the registry must be a JSON object")]
    [InlineData("{\"meta\":{}}", "no 'registry'")]
    [InlineData("{\"registry\":{},\"entries\":{}}", "ambiguous")]
    [InlineData("{\"registry\":{\"not a uri\":{\"name\":\"x\"}}}", "$.registry['not a uri']: an issuer id must be an absolute URI")]
    [InlineData("{\"registry\":{\"did:web:a\":\"x\"}}", "$.registry['did:web:a']: an entry must be an object")]
    [InlineData("{\"entries\":{\"did:web:a\":{\"url\":\"https://a\"}}}", "$.entries['did:web:a'].name: an entry must have a non-empty 'name'")]
    [InlineData("{\"registry\":{\"did:web:a\":{\"name\":\"a\",\"url\":7}}}", "$.registry['did:web:a'].url: 'url' must be a string")]
    [InlineData("{\"registry\":{\"did:web:a\":{\"name\":\"a\"},\"did:web:a\":{\"name\":\"b\"}}}", "INPUT_DUPLICATE_MEMBER")]
    [InlineData("{\"registry\":", "INPUT_INVALID_JSON")]
    public void AMalformedRegistryIsRefusedNamingWhere(string json, string expected)
    {
        var ex = Assert.Throws<IssuerRegistryException>(() => DccIssuerRegistry.Parse("R", Encoding.UTF8.GetBytes(json)));
        Assert.Equal(IssuerRegistryErrorCodes.Invalid, ex.Code);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingRegistryFileIsUnavailable()
    {
        var ex = await Assert.ThrowsAsync<IssuerRegistryException>(() => DccIssuerRegistry.LoadAsync("R", Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".json")));
        Assert.Equal(IssuerRegistryErrorCodes.Unavailable, ex.Code);
    }

    private sealed class BrokenRegistry : IIssuerRegistry
    {
        public string Name => "Broken";

        public ValueTask<IssuerRegistryEntry?> FindAsync(string issuerId, CancellationToken cancellationToken = default) =>
            throw new IssuerRegistryException(IssuerRegistryErrorCodes.Unavailable, "the registry service is down");
    }
}
