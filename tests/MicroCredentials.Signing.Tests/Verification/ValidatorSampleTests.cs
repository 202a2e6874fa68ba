using System.Text.Json.Nodes;
using MicroCredentials.Signing.Tests.Support;
using MicroCredentials.Signing.Verification;
using Xunit;

namespace MicroCredentials.Signing.Tests.Verification;

/// <summary>
/// Every sample of 1EdTech's validator tests (../shared/conformance/openbadges-3.0/validator-samples) through the full
/// pipeline, with the live lookups mapped to local files: controller documents from the fragment keys
/// (validator-controllers.json) and the bitstring test list. The checked-in validator-samples.json holds our outcome
/// per sample and the exclusions with their reasons.
/// </summary>
public class ValidatorSampleTests
{
    private static readonly string SampleDir = TestPaths.ConformanceFile("openbadges-3.0", "validator-samples");
    private static readonly Lazy<JsonObject> Upstream = new(() => VerifierFixtures.ReadObject(Path.Combine(SampleDir, "expectations.json")));
    private static readonly Lazy<JsonObject> Ours = new(() => VerifierFixtures.ReadObject(VerifierFixtures.TestData("validator-samples.json")));
    private static readonly CredentialVerifier Verifier = VerifierFixtures.ValidatorVerifier();

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _) in Upstream.Value)
        {
            if (!name.StartsWith('_'))
            {
                data.Add(name);
            }
        }

        return data;
    }

    [Fact]
    public void EveryUpstreamSampleHasExactlyOneOutcome()
    {
        var samples = (JsonObject)Ours.Value["samples"]!;
        var exclusions = (JsonObject)Ours.Value["exclusions"]!;
        var upstream = Upstream.Value.Select(kv => kv.Key).Where(k => !k.StartsWith('_')).ToList();
        Assert.Equal(38, upstream.Count);
        foreach (var name in upstream)
        {
            Assert.True(samples.ContainsKey(name) ^ exclusions.ContainsKey(name), name);
        }

        Assert.All(samples.Select(kv => kv.Key).Concat(exclusions.Select(kv => kv.Key)), name => Assert.Contains(name, upstream));
        Assert.All(exclusions, kv => Assert.False(string.IsNullOrWhiteSpace((string?)kv.Value!["reason"]), kv.Key));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task SampleGivesTheExpectedOutcome(string name)
    {
        var upstreamVerdict = (string)Upstream.Value[name]!["expect"]!;
        var bytes = await File.ReadAllBytesAsync(Path.Combine(SampleDir, name));
        var report = await Verifier.VerifyAsync(bytes);

        if (Ours.Value["exclusions"]![name] is JsonObject exclusion)
        {
            ReportAssert.Matches(report, (JsonObject)exclusion["ours"]!, name);
            return;
        }

        var expected = (JsonObject)Ours.Value["samples"]![name]!;
        Assert.Equal(upstreamVerdict, (string)expected["verdict"]!);
        switch (upstreamVerdict)
        {
            case "parse-only":
                Assert.Equal("jwt", report.InputFormat);
                Assert.Contains(report.Checks, c => c.Check == VerificationSteps.Parsing && c.Status == CheckStatus.Passed);
                Assert.NotNull(report.Credential);
                break;
            case "probe-reported":
                Assert.Contains(report.Checks, c => c.Check == VerificationSteps.Context && c.Status == CheckStatus.Passed);
                Assert.DoesNotContain(report.Checks, c => c.Check == VerificationSteps.Context && c.Status == CheckStatus.Failed);
                break;
            default:
                ReportAssert.Matches(report, expected, name);
                break;
        }
    }
}
