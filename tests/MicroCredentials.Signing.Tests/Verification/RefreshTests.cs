using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Issuance;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Mapping;
using MicroCredentials.Signing.Model;
using MicroCredentials.Signing.Tests.Support;
using MicroCredentials.Signing.Verification;
using Xunit;
using MicroCredentials.Signing.Dids;

namespace MicroCredentials.Signing.Tests.Verification;

/// <summary>1EdTechCredentialRefresh: opt-in, attempted once, only after the proof verified, and the refreshed credential is verified itself.</summary>
public sealed class RefreshTests : IDisposable
{
    private readonly KeyFile _key = KeyFile.Generate(KeyAlgorithm.Ed25519);

    public void Dispose() => _key.Dispose();

    [Fact]
    public async Task RefreshIsSkippedUnlessEnabled()
    {
        var report = await new CredentialVerifier().VerifyAsync(await SignedWithRefreshAsync());
        Assert.True(report.Verified, string.Join("; ", report.Failures));
        Assert.Contains(report.Checks, c => c.Check == VerificationSteps.Refresh && c.Status == CheckStatus.Skipped && c.Code == VerificationCodes.NotRequested);
    }

    [Fact]
    public async Task EnabledRefreshIsCalledOnceAndItsCredentialVerified()
    {
        var calls = 0;
        var fresh = (await SignedWithRefreshAsync()).ToJsonString();
        var verifier = new CredentialVerifier(new CredentialVerifierOptions
        {
            RefreshHandler = (service, _) =>
            {
                Interlocked.Increment(ref calls);
                Assert.Equal("https://uniz.example.edu/refresh", (string?)service["id"]);
                return Task.FromResult<string?>(fresh);
            },
        });

        var report = await verifier.VerifyAsync(await SignedWithRefreshAsync());
        Assert.Equal(1, calls);
        Assert.Contains(report.Checks, c => c.Check == VerificationSteps.Refresh && c.Status == CheckStatus.Passed);
    }

    [Fact]
    public async Task TamperedRefreshedCredentialIsAWarningAndATamperedOriginalIsNeverRefreshed()
    {
        var calls = 0;
        var tampered = await SignedWithRefreshAsync();
        tampered["name"] = "tampered";
        var verifier = new CredentialVerifier(new CredentialVerifierOptions
        {
            RefreshHandler = (_, _) =>
            {
                Interlocked.Increment(ref calls);
                return Task.FromResult<string?>(tampered.ToJsonString());
            },
        });

        var report = await verifier.VerifyAsync(await SignedWithRefreshAsync());
        Assert.Contains(report.Checks, c => c.Check == VerificationSteps.Refresh && c.Status == CheckStatus.Warning && c.Code == VerificationCodes.RefreshFailed);

        calls = 0;
        var original = await verifier.VerifyAsync(tampered);
        Assert.False(original.Verified);
        Assert.Equal(0, calls);
    }

    private async Task<JsonObject> SignedWithRefreshAsync()
    {
        var elements = MicroCredentialJson.Parse(File.ReadAllText(TestPaths.RepoFile("samples", "elements", "rich-valid.json")));
        elements = elements with { AwardingBodies = [elements.AwardingBodies[0] with { Id = _key.Controller }] };
        var credential = OpenBadgesMapper.ToCredential(elements, new MappingOptions { IncludeCredentialSchema = true });
        credential["refreshService"] = new JsonObject { ["id"] = "https://uniz.example.edu/refresh", ["type"] = "1EdTechCredentialRefresh" };
        return await new CredentialIssuer().SignAsync(credential, _key.CreateSigner(), Cryptosuite.EddsaRdfc2022);
    }
}
