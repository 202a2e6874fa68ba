using System.Text.Json.Nodes;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Tests.Support;
using MicroCredentials.Signing.Verification;
using Xunit;
using static MicroCredentials.Signing.Tests.Hostile.HostileFixture;

namespace MicroCredentials.Signing.Tests.Verification;

/// <summary>
/// Issue 13 §1: the report's outcome is verified, failed or indeterminate. Indeterminate means a fact could not be
/// established (status list unobtainable, key's document unobtainable, context unavailable, unknown cryptosuite,
/// processing limit); a revoked, expired, tampered or wrong-key credential is failed, never indeterminate, even
/// when something else could not be established as well.
/// </summary>
public sealed class OutcomeTests
{
    private static async Task<JsonObject> WithStatusAsync()
    {
        using var issuer = IssuerEd25519();
        var credential = Credential(Did(issuer));
        credential["credentialStatus"] = StatusEntry("7");
        return await SignAsync(credential, issuer);
    }

    [Fact]
    public async Task A_genuine_credential_is_verified()
    {
        using var issuer = IssuerEd25519();
        var report = await VerifyAsync(await SignAsync(Credential(Did(issuer)), issuer));
        Assert.Equal(VerificationOutcome.Verified, report.Outcome);
        Assert.Equal("verified", (string?)report.ToJson()["outcome"]);
    }

    [Fact]
    public async Task A_status_nobody_can_check_is_indeterminate()
    {
        var report = await VerifyAsync(await WithStatusAsync());
        Assert.False(report.Verified);
        Assert.Equal(VerificationOutcome.Indeterminate, report.Outcome);
        var json = report.ToJson();
        Assert.Equal("indeterminate", (string?)json["outcome"]);
        Assert.Contains(json["checks"]!.AsArray(), c => (string?)c!["check"] == "status" && (bool?)c["indeterminate"] == true);
    }

    [Fact]
    public async Task A_status_list_that_cannot_be_fetched_is_indeterminate()
    {
        var options = new CredentialVerifierOptions { StatusListResolver = new StaticStatusListResolver(new Dictionary<string, JsonObject>()) };
        var report = await VerifyAsync(await WithStatusAsync(), options);
        Assert.Equal(VerificationOutcome.Indeterminate, report.Outcome);
    }

    [Fact]
    public async Task A_revoked_credential_is_failed()
    {
        using var issuer = IssuerEd25519();
        var options = await RevokedListOptionsAsync(issuer, 7);
        var report = await VerifyAsync(await WithStatusAsync(), options);
        Assert.Equal(VerificationOutcome.Failed, report.Outcome);
    }

    [Fact]
    public async Task An_expired_credential_whose_status_cannot_be_checked_is_failed_not_indeterminate()
    {
        using var issuer = IssuerEd25519();
        var credential = Credential(Did(issuer));
        credential["credentialStatus"] = StatusEntry("7");
        credential["validUntil"] = "2026-02-01T00:00:00Z";
        var report = await VerifyAsync(await SignAsync(credential, issuer));
        Assert.Equal(VerificationOutcome.Failed, report.Outcome);
    }

    [Fact]
    public async Task A_tampered_credential_is_failed()
    {
        using var issuer = IssuerEd25519();
        var signed = await SignAsync(Credential(Did(issuer)), issuer);
        signed["name"] = "Doctor of Medicine";
        Assert.Equal(VerificationOutcome.Failed, (await VerifyAsync(signed)).Outcome);
    }

    [Fact]
    public async Task An_issuer_whose_document_cannot_be_obtained_is_indeterminate()
    {
        using var issuer = IssuerEd25519();
        var credential = Credential("did:web:university.example");
        var signed = await Issuer.SignAsync(credential, new MicroCredentials.Signing.Keys.KeyPairSigner(issuer, "did:web:university.example#key-1"), MicroCredentials.Signing.DataIntegrity.Cryptosuite.EddsaRdfc2022, ProofOptions());
        var report = await VerifyAsync(signed);
        Assert.Equal(VerificationOutcome.Indeterminate, report.Outcome);
    }

    [Fact]
    public async Task An_unknown_cryptosuite_is_indeterminate()
    {
        using var issuer = IssuerEd25519();
        var signed = await SignAsync(Credential(Did(issuer)), issuer);
        signed["proof"]!["cryptosuite"] = "bbs-2023";
        Assert.Equal(VerificationOutcome.Indeterminate, (await VerifyAsync(signed)).Outcome);
    }

    [Fact]
    public async Task A_context_that_is_not_available_is_indeterminate()
    {
        using var issuer = IssuerEd25519();
        var credential = Credential(Did(issuer));
        ((JsonArray)credential["@context"]!).Add("https://contexts.example/not-bundled.jsonld");
        var report = await VerifyAsync(credential);
        Assert.Contains(report.Failures, f => f.Code == VerificationCodes.UnknownContext && f.Indeterminate);
    }

    [Fact]
    public async Task A_document_over_the_processing_budget_is_indeterminate()
    {
        var report = await VerifyAsync(HostileContexts.ScopedImports(400, 2_000));
        Assert.Contains(report.Failures, f => f.Code == VerificationCodes.ContextLimitExceeded && f.Indeterminate);
    }
}
