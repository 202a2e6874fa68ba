using MicroCredentials.Signing.Tests.Hostile;
using MicroCredentials.Signing.Tests.Support;
using MicroCredentials.Signing.Verification;
using Xunit;

namespace MicroCredentials.Signing.Tests.Verification;

/// <summary>Conformance is its own section with its own verdicts, beside (not inside) the outcome.</summary>
public sealed class ConformanceSectionTests
{
    [Fact]
    public async Task MitsModuleCertificateVerifiesAndItsSchemaFindingIsInTheConformanceSection()
    {
        var json = await File.ReadAllTextAsync(TestPaths.ConformanceFile("in-the-wild", "dcc-mit-learn-obv3-template", "moduleCertificate.json"));
        var report = await new CredentialVerifier().VerifyAsync(json);

        Assert.Equal(VerificationOutcome.Verified, report.Outcome);
        Assert.Equal(ConformanceVerdict.DoesNotConform, report.Conformance.OpenBadges);
        Assert.Contains(report.Conformance.Findings, f => f.Check == VerificationSteps.Schema && f.Path == "$.credentialSubject.achievement.achievementType");
        var section = report.ToJson()["conformance"]!;
        Assert.Equal("does-not-conform", (string?)section["openBadges"]);
        Assert.NotEmpty(section["findings"]!.AsArray());
    }

    [Fact]
    public async Task ASchemaConformantBadgeConformsAndSchemaOffIsNotChecked()
    {
        var signed = await HostileFixture.SignedAsync(HostileFixture.IssuerEd25519());
        var report = await HostileFixture.VerifyAsync(signed);
        Assert.Equal(VerificationOutcome.Verified, report.Outcome);
        Assert.Equal(ConformanceVerdict.Conforms, report.Conformance.OpenBadges);
        Assert.DoesNotContain(report.Conformance.Findings, f => f.Check != VerificationSteps.EuCompleteness);

        var off = await HostileFixture.VerifyAsync(signed, new CredentialVerifierOptions { TimeProvider = HostileFixture.Clock, Schema = SchemaPolicy.Off });
        Assert.Equal(ConformanceVerdict.NotChecked, off.Conformance.OpenBadges);
    }

    [Fact]
    public async Task AnIncompleteEuMicroCredentialIsReportedAsSuchWithoutFailing()
    {
        var json = await File.ReadAllTextAsync(TestPaths.ConformanceFile("in-the-wild", "dcc-vc-test-fixtures", "verifiableCredentials", "v1", "dataIntegrityProof", "didKey", "fourRegistry-noStatus-noExpiry.json"));
        var report = await new CredentialVerifier().VerifyAsync(json);
        Assert.Equal(ConformanceVerdict.DoesNotConform, report.Conformance.EuMicroCredential);
        Assert.Contains(report.Conformance.Findings, f => f.Code == VerificationCodes.EuElementsMissing);
    }
}
