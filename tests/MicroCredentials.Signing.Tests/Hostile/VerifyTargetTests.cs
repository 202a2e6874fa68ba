using MicroCredentials.Signing.Tests.Support;
using MicroCredentials.Signing.Verification;
using Xunit;
using static MicroCredentials.Signing.Tests.Hostile.HostileFixture;

namespace MicroCredentials.Signing.Tests.Hostile;

/// <summary>The <c>verify</c> fuzz target's oracle has teeth: its seeds verify, and anything else that verifies is caught.</summary>
public sealed class VerifyTargetTests
{
    public static TheoryData<string> Seeds()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(TestPaths.RepoFile("tests", "MicroCredentials.Signing.Fuzz", "corpus", "verify")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(f));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Every_seed_verifies_under_the_targets_options_and_is_a_known_signed_credential(string seed)
    {
        var bytes = File.ReadAllBytes(TestPaths.RepoFile("tests", "MicroCredentials.Signing.Fuzz", "corpus", "verify", seed));
        var report = await new CredentialVerifier(FuzzTargets.VerifyTargetOptions()).VerifyAsync(bytes);
        AssertVerified(report);
        Assert.Contains(FuzzTargets.ContentHash(report.Credential!), FuzzTargets.SignedSeedCredentials);
    }

    [Fact]
    public async Task A_validly_signed_credential_that_is_not_a_seed_is_a_finding()
    {
        // Stands in for a forgery the verifier wrongly accepted: the oracle must reject any verified content but the seeds'.
        using var key = IssuerEd25519();
        var other = await SignAsync(Credential(Did(key), name: "Not a seed"), key);
        var ex = Assert.Throws<FuzzInvariantException>(() => FuzzTargets.Find("verify")!.Run(System.Text.Encoding.UTF8.GetBytes(other.ToJsonString())));
        Assert.Contains("not one of the signed seeds", ex.Message, StringComparison.Ordinal);
    }
}
