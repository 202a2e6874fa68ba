using System.Text.Json.Nodes;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Verification;
using Xunit;
using static MicroCredentials.Signing.Tests.Hostile.HostileFixture;

namespace MicroCredentials.Signing.Tests.Hostile;

/// <summary>
/// Issue 11 §3: an endorsement is about the object it is attached to only if its <c>credentialSubject.id</c> is that
/// object's <c>id</c>. A genuine endorsement copied from elsewhere is reported with its own code, never as passed;
/// the credential itself may still verify.
/// </summary>
public sealed class EndorsementBindingTests
{
    private const string AchievementId = "https://example.edu/achievements/1";

    private static KeyPair Endorser() => KeyAlgorithm.Ed25519.ImportKeyPair(Enumerable.Range(40, 32).Select(i => (byte)i).ToArray());

    private static async Task<JsonObject> EndorsementAsync(string? subjectId)
    {
        using var endorser = Endorser();
        var subject = new JsonObject { ["type"] = new JsonArray("EndorsementSubject"), ["endorsementComment"] = "Rigorous." };
        if (subjectId is not null)
        {
            subject["id"] = subjectId;
        }

        var endorsement = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"),
            ["id"] = "urn:uuid:5d1f3a0b-7c2e-4b8a-9e61-0f4d2c8b7a33",
            ["type"] = new JsonArray("VerifiableCredential", "EndorsementCredential"),
            ["name"] = "Accreditation",
            ["issuer"] = new JsonObject { ["id"] = Did(endorser), ["type"] = new JsonArray("Profile"), ["name"] = "Accreditation Agency" },
            ["validFrom"] = "2026-01-01T00:00:00Z",
            ["credentialSubject"] = subject,
        };
        return await SignAsync(endorsement, endorser);
    }

    /// <summary>A credential by the fixture issuer, with <paramref name="endorsement"/> attached at <paramref name="where"/>.</summary>
    private static async Task<JsonObject> EndorsedCredentialAsync(KeyPair issuer, string where, JsonObject endorsement)
    {
        var credential = Credential(Did(issuer));
        var target = where switch
        {
            "issuer" => (JsonObject)credential["issuer"]!,
            "achievement" => (JsonObject)credential["credentialSubject"]!["achievement"]!,
            _ => credential,
        };
        target["endorsement"] = new JsonArray(endorsement);
        return await SignAsync(credential, issuer);
    }

    public static TheoryData<string, string> Placements => new()
    {
        { "issuer", "did:web:other-university.example" },
        { "issuer", AchievementId },
        { "achievement", "https://other.example/achievements/9" },
        { "achievement", "issuer" },
        { "credential", "urn:uuid:00000000-0000-4000-8000-000000000000" },
    };

    [Theory]
    [MemberData(nameof(Placements))]
    public async Task A_foreign_endorsement_is_reported_with_its_own_code_and_never_as_passed(string where, string subject)
    {
        using var issuer = IssuerEd25519();
        var foreign = await EndorsementAsync(subject == "issuer" ? Did(issuer) : subject);
        var report = await VerifyAsync(await EndorsedCredentialAsync(issuer, where, foreign));
        var check = Assert.Single(report.Checks, c => c.Check == VerificationSteps.Endorsement);
        Assert.Equal(VerificationCodes.EndorsementSubjectMismatch, check.Code);
        Assert.Equal(CheckStatus.Warning, check.Status);
        AssertVerified(report);
    }

    [Theory]
    [InlineData("issuer")]
    [InlineData("achievement")]
    public async Task An_endorsement_of_the_object_it_is_attached_to_passes_control(string where)
    {
        using var issuer = IssuerEd25519();
        var endorsedId = where == "issuer" ? Did(issuer) : AchievementId;
        var report = await VerifyAsync(await EndorsedCredentialAsync(issuer, where, await EndorsementAsync(endorsedId)));
        var check = Assert.Single(report.Checks, c => c.Check == VerificationSteps.Endorsement);
        Assert.Equal((CheckStatus.Passed, VerificationCodes.Ok), (check.Status, check.Code));
        AssertVerified(report);
    }

    [Fact]
    public async Task An_embedded_endorsement_of_the_credential_itself_is_refused_as_a_second_description_of_it()
    {
        // `endorsement` is not a graph container: the embedded endorsement's subject is, in the signed RDF, the credential
        // node itself, which then also has the type EndorsementSubject and an endorsementComment no reader of the
        // credential's JSON object sees. One node, one JSON object: refused by the surface check.
        using var issuer = IssuerEd25519();
        var report = await VerifyAsync(await EndorsedCredentialAsync(issuer, "credential", await EndorsementAsync("urn:uuid:7f5c3b1e-2d3a-4a8e-9c11-2b8e0c9d4f01")));
        AssertFails(report, VerificationSteps.Context, VerificationCodes.NoncanonicalShape);
    }

    [Fact]
    public async Task An_endorsement_without_a_subject_id_endorses_nothing_in_particular()
    {
        using var issuer = IssuerEd25519();
        var report = await VerifyAsync(await EndorsedCredentialAsync(issuer, "issuer", await EndorsementAsync(null)));
        Assert.DoesNotContain(report.Checks, c => c.Check == VerificationSteps.Endorsement && c.Status == CheckStatus.Passed);
    }
}
