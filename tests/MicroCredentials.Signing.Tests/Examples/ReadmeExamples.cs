using MicroCredentials.Signing.Issuance;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Model;
using MicroCredentials.Signing.Tests.Support;
using MicroCredentials.Signing.Verification;
using Xunit;
using MicroCredentials.Signing.Dids;

namespace MicroCredentials.Signing.Tests.Examples;

/// <summary>The README's quick start, compiled and run, so the documentation cannot drift from the API.</summary>
public class ReadmeExamples
{
    [Fact]
    public async Task QuickStart()
    {
        var path = TestPaths.RepoFile("samples", "elements", "rich-valid.json");

        // --- README quick start (keep in sync) ---
        using var key = KeyFile.Generate(KeyAlgorithm.Ed25519);                  // issuer key, did:key controller
        var elements = MicroCredentialJson.Parse(File.ReadAllText(path));         // EU Annex I elements
        elements = elements with { AwardingBodies = [elements.AwardingBodies[0] with { Id = key.Controller }] };

        var credential = await new CredentialIssuer().IssueAsync(elements, key.CreateSigner()); // OB 3.0 + eddsa-rdfc-2022
        var report = await new CredentialVerifier().VerifyAsync(credential);     // offline: bundled contexts, did:key

        Console.WriteLine(report.Verified);                                       // True
        Console.WriteLine(report.ToJson());                                       // one entry per check
        // --- end ---

        Assert.True(report.Verified, string.Join("; ", report.Failures));
        Assert.Contains(report.Checks, c => c.Check == VerificationSteps.EuCompleteness && c.Status == CheckStatus.Passed);
    }
}
