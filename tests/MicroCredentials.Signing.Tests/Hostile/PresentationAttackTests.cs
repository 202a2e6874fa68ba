using System.Text.Json.Nodes;
using MicroCredentials.Signing.Jose;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Presentations;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Verification;
using Xunit;
using static MicroCredentials.Signing.Tests.Hostile.HostileFixture;

namespace MicroCredentials.Signing.Tests.Hostile;

/// <summary>
/// Issue 11 §7, presentations: an unsigned presentation never verifies; `verifiableCredential` hidden under @nest or
/// an alias is refused by the same surface check as credentials; the holder is related to each credential's subject;
/// an enveloped credential is accepted only in its envelope form; the number of presented credentials is bounded.
/// </summary>
public sealed class PresentationAttackTests
{
    private const string Learner = "did:example:learner-42";
    private const string Challenge = "c-91d2";

    private static async Task<(KeyPair Holder, string HolderDid)> HolderAsync()
    {
        await Task.CompletedTask;
        var holder = TestKeys.Ed25519Sequence(7);
        return (holder, Did(holder));
    }

    private static PresentationVerifier Verifier(CredentialVerifierOptions? options = null) => new(HostileFixture.Verifier(options));

    private static Task<JsonObject> SignPresentationAsync(JsonObject presentation, KeyPair holder) =>
        VerifiablePresentations.SignAsync(presentation, Signer(holder), new PresentationProofOptions { Challenge = Challenge, Created = Created });

    private static void AssertPresentationFails(PresentationVerificationReport report, string step, string code)
    {
        Assert.False(report.Verified, "a hostile presentation was reported as verified");
        Assert.Contains(report.Checks, c => c.Status == CheckStatus.Failed && c.Check == step && c.Code == code);
    }

    private static async Task<(JsonObject Signed, CredentialVerifierOptions Options)> RevokedCredentialAsync(string subject)
    {
        using var issuer = IssuerEd25519();
        var options = await RevokedListOptionsAsync(issuer);
        var credential = Credential(Did(issuer), subject: subject);
        credential["credentialStatus"] = StatusEntry("123");
        return (await SignAsync(credential, issuer), options);
    }

    [Fact]
    public async Task An_unsigned_presentation_is_never_verified_whatever_holder_it_claims()
    {
        using var issuer = IssuerEd25519();
        var credential = await SignAsync(Credential(Did(issuer)), issuer);
        var unsigned = VerifiablePresentations.Create(Learner, [credential]);
        var report = await Verifier().VerifyAsync(unsigned);
        AssertPresentationFails(report, VerificationSteps.Proof, VerificationCodes.ProofMissing);
        Assert.True(Assert.Single(report.Credentials).Verified, "the credential itself is fine: only the presentation is refused");
    }

    [Fact]
    public async Task A_signed_presentation_of_a_valid_credential_verifies_control()
    {
        var (holder, holderDid) = await HolderAsync();
        using (holder)
        {
            using var issuer = IssuerEd25519();
            var credential = await SignAsync(Credential(Did(issuer), subject: holderDid), issuer);
            var vp = await SignPresentationAsync(VerifiablePresentations.Create(holderDid, [credential]), holder);
            var report = await Verifier().VerifyAsync(vp, new PresentationVerifyOptions { Challenge = Challenge, HolderBinding = HolderBinding.Require });
            Assert.True(report.Verified, string.Join("; ", report.Checks.Select(c => $"{c.Status} {c.Check} {c.Code} {c.Message}")));
            Assert.Contains(report.Checks, c => c.Check == VerificationSteps.Holder && c.Status == CheckStatus.Passed);
        }
    }

    [Theory]
    [InlineData("nest")]
    [InlineData("alias-to-nest")]
    [InlineData("alias-term")]
    public async Task A_revoked_credential_hidden_from_the_json_reader_is_refused(string how)
    {
        var (holder, holderDid) = await HolderAsync();
        using (holder)
        {
            var (revoked, options) = await RevokedCredentialAsync(holderDid);

            // Control: in plain sight the revoked credential is checked and fails the presentation.
            var plain = await SignPresentationAsync(VerifiablePresentations.Create(holderDid, [revoked]), holder);
            var plainReport = await Verifier(options).VerifyAsync(plain, new PresentationVerifyOptions { Challenge = Challenge });
            Assert.False(plainReport.Verified);
            Assert.Contains(Assert.Single(plainReport.Credentials).Checks, c => c.Code == VerificationCodes.Revoked);

            var vp = VerifiablePresentations.Create(holderDid, [revoked]);
            var credentials = vp["verifiableCredential"]!;
            vp.Remove("verifiableCredential");
            var contexts = (JsonArray)vp["@context"]!;
            switch (how)
            {
                case "nest":
                    vp["@nest"] = new JsonObject { ["verifiableCredential"] = credentials };
                    break;
                case "alias-to-nest":
                    contexts.Add(new JsonObject { ["wrapper"] = "@nest" });
                    vp["wrapper"] = new JsonObject { ["verifiableCredential"] = credentials };
                    break;
                default:
                    contexts.Add(new JsonObject
                    {
                        ["presented"] = new JsonObject { ["@id"] = "https://www.w3.org/2018/credentials#verifiableCredential", ["@type"] = "@id", ["@container"] = "@graph" },
                    });
                    vp["presented"] = credentials;
                    break;
            }

            // The holder's signature covers the hidden credential (same RDF): only the surface check can refuse it.
            var signed = await SignPresentationAsync(vp, holder);
            var report = await Verifier(options).VerifyAsync(signed, new PresentationVerifyOptions { Challenge = Challenge });
            AssertPresentationFails(report, VerificationSteps.Context, VerificationCodes.NoncanonicalShape);
            Assert.Contains(report.Checks, c => c.Check == VerificationSteps.Proof && c.Status == CheckStatus.Passed);
        }
    }

    [Fact]
    public async Task A_stranger_presenting_someone_elses_credential_is_reported_and_refused_when_binding_is_required()
    {
        var (holder, holderDid) = await HolderAsync();
        using (holder)
        {
            using var issuer = IssuerEd25519();
            var credential = await SignAsync(Credential(Did(issuer), subject: Learner), issuer);
            var vp = await SignPresentationAsync(VerifiablePresentations.Create(holderDid, [credential]), holder);

            var warned = await Verifier().VerifyAsync(vp, new PresentationVerifyOptions { Challenge = Challenge });
            Assert.True(warned.Verified, "by default a holder who is not the subject is a warning");
            var warning = Assert.Single(warned.Checks, c => c.Code == VerificationCodes.HolderNotSubject);
            Assert.Equal(CheckStatus.Warning, warning.Status);
            Assert.Equal("$.verifiableCredential[0]", warning.Path);

            var required = await Verifier().VerifyAsync(vp, new PresentationVerifyOptions { Challenge = Challenge, HolderBinding = HolderBinding.Require });
            AssertPresentationFails(required, VerificationSteps.Holder, VerificationCodes.HolderNotSubject);
        }
    }

    [Theory]
    [InlineData("extra-members")]
    [InlineData("not-a-jwt-data-url")]
    [InlineData("wrong-type")]
    [InlineData("type-without-data-url")]
    public async Task An_enveloped_credential_is_accepted_only_in_its_envelope_form(string how)
    {
        var (holder, holderDid) = await HolderAsync();
        using (holder)
        {
            using var issuer = IssuerEd25519();
            var jwt = await VcJwt.IssueAsync(Credential(Did(issuer), subject: holderDid), Signer(issuer));

            // Control: the bare envelope verifies.
            var clean = await SignPresentationAsync(VerifiablePresentations.Create(holderDid, [JsonValue.Create(jwt)!]), holder);
            var cleanReport = await Verifier().VerifyAsync(clean, new PresentationVerifyOptions { Challenge = Challenge });
            Assert.True(cleanReport.Verified, string.Join("; ", cleanReport.Checks.Concat(cleanReport.Credentials.SelectMany(r => r.Checks)).Where(c => c.Status != CheckStatus.Passed).Select(c => $"{c.Check} {c.Code} {c.Message}")));

            var vp = VerifiablePresentations.Create(holderDid, [JsonValue.Create(jwt)!]);
            var envelope = (JsonObject)((JsonArray)vp["verifiableCredential"]!)[0]!;
            switch (how)
            {
                case "extra-members":
                    // Forged members beside the signed JWT: a reader of the JSON would take them for the credential.
                    envelope["name"] = "Doctor of Medicine";
                    envelope["credentialSubject"] = new JsonObject { ["id"] = holderDid, ["type"] = "AchievementSubject" };
                    break;
                case "not-a-jwt-data-url":
                    envelope["id"] = "data:application/vc+sd-jwt," + jwt;
                    break;
                case "wrong-type":
                    envelope["type"] = new JsonArray("EnvelopedVerifiableCredential", "OpenBadgeCredential");
                    break;
                default:
                    envelope["id"] = "urn:uuid:0c9e5a52-1d1b-4c7e-b1f0-0a5f2d7e3b10";
                    break;
            }

            // Members the envelope's own context does not define cannot be signed in safe mode; refused either way, the
            // envelope check must not depend on the presentation proof.
            var presented = how is "extra-members" or "wrong-type" ? vp : await SignPresentationAsync(vp, holder);
            var report = await Verifier().VerifyAsync(presented, new PresentationVerifyOptions { Challenge = Challenge });
            AssertPresentationFails(report, VerificationSteps.Parsing, VerificationCodes.InvalidEnvelope);
            Assert.Empty(report.Credentials);
        }
    }

    [Fact]
    public async Task Two_credentials_of_one_issuer_describe_the_issuer_once_per_graph_and_verify()
    {
        // Each presented credential is its own graph: the issuer profile described in both is not "one node in two
        // JSON objects" (a false refusal would reject every presentation of two credentials from one university).
        var (holder, holderDid) = await HolderAsync();
        using (holder)
        {
            using var issuer = IssuerEd25519();
            var first = await SignAsync(Credential(Did(issuer), subject: holderDid), issuer);
            var secondUnsigned = Credential(Did(issuer), name: "Statistics", subject: holderDid);
            secondUnsigned["id"] = "urn:uuid:2b0e8f0c-51a4-4d0e-9d55-6f0f7a1c9e22";
            var second = await SignAsync(secondUnsigned, issuer);
            var vp = await SignPresentationAsync(VerifiablePresentations.Create(holderDid, [first, second]), holder);
            var report = await Verifier().VerifyAsync(vp, new PresentationVerifyOptions { Challenge = Challenge, HolderBinding = HolderBinding.Require });
            Assert.True(report.Verified, string.Join("; ", report.Checks.Where(c => c.Status != CheckStatus.Passed).Select(c => $"{c.Check} {c.Code} {c.Message}")));
            Assert.Equal(2, report.Credentials.Count);
        }
    }

    [Fact]
    public async Task The_number_of_presented_credentials_is_bounded()
    {
        var (holder, holderDid) = await HolderAsync();
        using (holder)
        {
            using var issuer = IssuerEd25519();
            var credential = await SignAsync(Credential(Did(issuer), subject: holderDid), issuer);
            var options = new CredentialVerifierOptions { Limits = VerificationLimits.Default with { MaxPresentationCredentials = 2 } };
            var two = await SignPresentationAsync(VerifiablePresentations.Create(holderDid, [credential, credential]), holder);
            var twoReport = await Verifier(options).VerifyAsync(two, new PresentationVerifyOptions { Challenge = Challenge });
            Assert.True(twoReport.Verified, string.Join("; ", twoReport.Checks.Where(c => c.Status != CheckStatus.Passed).Select(c => $"{c.Check} {c.Code} {c.Message} {c.Path}")));

            var three = await SignPresentationAsync(VerifiablePresentations.Create(holderDid, [credential, credential, credential]), holder);
            AssertPresentationFails(await Verifier(options).VerifyAsync(three, new PresentationVerifyOptions { Challenge = Challenge }), VerificationSteps.Parsing, VerificationCodes.PresentationLimitExceeded);
        }
    }
}
