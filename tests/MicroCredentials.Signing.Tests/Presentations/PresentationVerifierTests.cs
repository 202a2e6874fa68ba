using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Jose;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Model;
using MicroCredentials.Signing.Presentations;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Verification;
using Xunit;
using static MicroCredentials.Signing.Tests.Hostile.HostileFixture;

namespace MicroCredentials.Signing.Tests.Presentations;

/// <summary>
/// <see cref="PresentationVerifier"/> in the depth of the credential verifier's tests: holder binding (the holder is
/// the controller of the authentication key; the holder-is-subject option), challenge and domain, the presentation
/// proof's own window, embedded credentials that are expired, revoked (status lists from an in-memory store) or badly
/// signed, Data Integrity and VC-JWT credentials in one presentation, the credential limit, and the outcome mapping.
/// The attacks of <c>Hostile/PresentationAttackTests</c> (hidden members, envelope forms) are not repeated here.
/// Fixed keys and clock: <see cref="Hostile.HostileFixture"/> (now 2026-03-01, proofs created 2026-01-15).
/// </summary>
public sealed class PresentationVerifierTests
{
    private const string Challenge = "c-3f9a0d71";
    private const string Domain = "https://verifier.example";
    private const string WebHolder = "did:web:holder.example";
    private const string WebHolderKey = WebHolder + "#key-1";
    private const string RevocationListUrl = "https://issuer.example/status/revocation/7";
    private const string SuspensionListUrl = "https://issuer.example/status/suspension/7";

    /// <summary>What a verifier that issued <see cref="Challenge"/> for <see cref="Domain"/> asks.</summary>
    private static readonly PresentationVerifyOptions Asked = new() { Challenge = Challenge, Domain = Domain };

    private static int _ids;

    // ---- holder binding: the holder is the controller of the presentation proof's key ----

    [Fact]
    public async Task A_presentation_signed_by_the_holders_key_verifies_and_names_the_holder()
    {
        using var holder = HolderKey();
        var vp = await PresentAsync(holder, [await IssuedAsync(Did(holder))]);

        var report = await VerifierWith().VerifyAsync(vp, Asked);

        AssertVerified(report);
        Assert.Equal(Did(holder), report.Holder);
        var proof = Assert.Single(report.Checks, c => c.Check == VerificationSteps.Proof);
        Assert.Equal(CheckStatus.Passed, proof.Status);
        Assert.Contains(Did(holder), proof.Message, StringComparison.Ordinal);
        Assert.True(Assert.Single(report.Credentials).Verified);
    }

    [Fact]
    public async Task A_holder_given_as_an_object_is_bound_by_its_id()
    {
        using var holder = HolderKey();
        var vp = Unsigned(Did(holder), [await IssuedAsync(Did(holder))]);
        vp["holder"] = new JsonObject { ["id"] = Did(holder) };
        var signed = await SignVpAsync(vp, holder);

        var report = await VerifierWith().VerifyAsync(signed, Asked with { HolderBinding = HolderBinding.Require });

        AssertVerified(report);
        Assert.Equal(Did(holder), report.Holder);
    }

    [Fact]
    public async Task A_signed_presentation_without_a_holder_is_not_verified()
    {
        using var holder = HolderKey();
        var vp = Unsigned(Did(holder), [await IssuedAsync(Did(holder))]);
        vp.Remove("holder");
        var signed = await SignVpAsync(vp, holder);

        var report = await VerifierWith().VerifyAsync(signed, Asked);

        var failed = AssertFails(report, VerificationSteps.Proof, DataIntegrityErrorCodes.InvalidVerificationMethod);
        Assert.Equal("$.holder", failed.Path);
        Assert.Null(report.Holder);
        Assert.True(Assert.Single(report.Credentials).Verified, "the credential itself is fine: only the holder binding fails");
    }

    [Fact]
    public async Task An_attacker_signing_with_its_own_key_cannot_claim_the_learners_holder_id()
    {
        using var learner = HolderKey();
        using var attacker = AttackerEd25519();
        var stolen = await IssuedAsync(Did(learner));
        var vp = await PresentAsync(attacker, [stolen], holderId: Did(learner));

        var report = await VerifierWith().VerifyAsync(vp, Asked);

        var failed = AssertFails(report, VerificationSteps.Proof, DataIntegrityErrorCodes.InvalidVerificationMethod);
        Assert.Equal("$.holder", failed.Path);
        Assert.Contains(Did(attacker), failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_holder_whose_controller_document_lists_the_key_for_authentication_verifies()
    {
        using var holder = HolderKey();
        var vp = await PresentAsync(holder, [await IssuedAsync(WebHolder)], holderId: WebHolder, signer: new KeyPairSigner(holder, WebHolderKey));

        var report = await VerifierWith(WebHolderResolves(holder, "authentication")).VerifyAsync(vp, Asked with { HolderBinding = HolderBinding.Require });

        AssertVerified(report);
        Assert.Equal(WebHolder, report.Holder);
        Assert.Contains(report.Checks, c => c.Check == VerificationSteps.Proof && c.Status == CheckStatus.Passed && c.Message.Contains(WebHolderKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_key_the_holder_lists_only_for_assertions_cannot_authenticate_a_presentation()
    {
        using var holder = HolderKey();
        var vp = await PresentAsync(holder, [await IssuedAsync(WebHolder)], holderId: WebHolder, signer: new KeyPairSigner(holder, WebHolderKey));

        var report = await VerifierWith(WebHolderResolves(holder, "assertionMethod")).VerifyAsync(vp, Asked);

        AssertFails(report, VerificationSteps.Proof, DataIntegrityErrorCodes.InvalidProofPurpose);
    }

    [Fact]
    public async Task A_presentation_proof_made_for_assertion_instead_of_authentication_fails()
    {
        using var holder = HolderKey();
        var vp = Unsigned(Did(holder), [await IssuedAsync(Did(holder))]);
        var signed = await SignVpAsync(vp, holder, new ProofOptions { Purpose = ProofPurpose.Assertion, Created = Created });

        var report = await VerifierWith().VerifyAsync(signed, Asked);

        AssertFails(report, VerificationSteps.Proof, DataIntegrityErrorCodes.InvalidProofPurpose);
    }

    [Fact]
    public async Task Every_proof_of_a_proof_set_must_be_the_holders()
    {
        using var holder = HolderKey();
        using var stranger = AttackerEd25519();
        var vp = Unsigned(Did(holder), [await IssuedAsync(Did(holder))]);
        var byHolder = await SignVpAsync(vp, holder);

        // Control: the holder's proof alone verifies.
        AssertVerified(await VerifierWith().VerifyAsync(byHolder, Asked));

        var withStranger = await SignVpAsync(byHolder, stranger);
        Assert.IsType<JsonArray>(withStranger["proof"]);
        var report = await VerifierWith().VerifyAsync(withStranger, Asked);

        var failed = AssertFails(report, VerificationSteps.Proof, DataIntegrityErrorCodes.InvalidVerificationMethod);
        Assert.Contains(Did(stranger), failed.Message, StringComparison.Ordinal);
        Assert.Contains(report.Checks, c => c.Check == VerificationSteps.Proof && c.Status == CheckStatus.Passed);
    }

    [Fact]
    public async Task A_presentation_changed_after_the_holder_signed_fails_its_proof_but_not_its_credentials()
    {
        using var holder = HolderKey();
        var vp = await PresentAsync(holder, [await IssuedAsync(Did(holder))]);
        vp["id"] = "urn:uuid:00000000-0000-4000-8000-000000000bad";

        var report = await VerifierWith().VerifyAsync(vp, Asked);

        AssertFails(report, VerificationSteps.Proof, DataIntegrityErrorCodes.ProofVerificationError);
        Assert.True(Assert.Single(report.Credentials).Verified);
    }

    [Theory]
    [InlineData("ecdsa-rdfc-2019")]
    [InlineData("eddsa-jcs-2022")]
    [InlineData("ecdsa-jcs-2019")]
    public async Task The_holder_may_sign_with_any_supported_cryptosuite(string suiteName)
    {
        var suite = CryptosuiteRegistry.Find("DataIntegrityProof", suiteName)!;
        using var holder = suite.KeyAlgorithms.Contains(KeyAlgorithm.Ed25519) ? HolderKey() : TestKeys.P256Sequence(40);
        var vp = await PresentAsync(holder, [await IssuedAsync(Did(holder))], suite: suite);
        Assert.Equal(suiteName, (string)vp["proof"]!["cryptosuite"]!);

        var report = await VerifierWith().VerifyAsync(vp, Asked with { HolderBinding = HolderBinding.Require });

        AssertVerified(report);
        Assert.Equal(Did(holder), report.Holder);
    }

    // ---- holder is subject: HolderBinding ----

    [Theory]
    [InlineData(HolderBinding.Warn)]
    [InlineData(HolderBinding.Require)]
    public async Task A_credential_about_the_holder_passes_the_holder_check_under_either_binding(HolderBinding binding)
    {
        using var holder = HolderKey();
        var vp = await PresentAsync(holder, [await IssuedAsync(Did(holder))]);

        var report = await VerifierWith().VerifyAsync(vp, Asked with { HolderBinding = binding });

        AssertVerified(report);
        var check = Assert.Single(report.Checks, c => c.Check == VerificationSteps.Holder);
        Assert.Equal((CheckStatus.Passed, VerificationCodes.Ok, "$.verifiableCredential[0]"), (check.Status, check.Code, check.Path));
    }

    [Fact]
    public async Task The_default_binding_is_a_warning()
    {
        Assert.Equal(HolderBinding.Warn, new PresentationVerifyOptions().HolderBinding);
        using var holder = HolderKey();
        var vp = await PresentAsync(holder, [await IssuedAsync("did:example:someone-else")]);

        var report = await VerifierWith().VerifyAsync(vp);

        Assert.True(report.Verified, Describe(report));
        Assert.Equal(VerificationOutcome.Verified, report.Outcome);
        Assert.Equal(CheckStatus.Warning, Assert.Single(report.Checks, c => c.Code == VerificationCodes.HolderNotSubject).Status);
    }

    [Theory]
    [InlineData(HolderBinding.Warn, true)]
    [InlineData(HolderBinding.Require, false)]
    public async Task A_credential_that_names_no_subject_cannot_show_the_holder_is_its_subject(HolderBinding binding, bool verified)
    {
        using var holder = HolderKey();
        var anonymous = await IssuedAsync(Did(holder), c => ((JsonObject)c["credentialSubject"]!).Remove("id"));
        var vp = await PresentAsync(holder, [anonymous]);

        var report = await VerifierWith().VerifyAsync(vp, Asked with { HolderBinding = binding });

        Assert.Equal(verified, report.Verified);
        var check = Assert.Single(report.Checks, c => c.Code == VerificationCodes.HolderNotSubject);
        Assert.Equal(binding == HolderBinding.Require ? CheckStatus.Failed : CheckStatus.Warning, check.Status);
        Assert.Contains("names no subject identifier", check.Message, StringComparison.Ordinal);
        Assert.True(Assert.Single(report.Credentials).Verified, Describe(report));
    }

    [Fact]
    public async Task Under_required_binding_every_subject_of_a_credential_must_be_the_holder()
    {
        using var holder = HolderKey();
        var bothHolder = await IssuedAsync(Did(holder), c => c["credentialSubject"] = new JsonArray(Subject(Did(holder)), Subject(Did(holder))));
        var oneOther = await IssuedAsync(Did(holder), c => c["credentialSubject"] = new JsonArray(Subject(Did(holder)), Subject("did:example:someone-else")));

        var ok = await VerifierWith().VerifyAsync(await PresentAsync(holder, [bothHolder]), Asked with { HolderBinding = HolderBinding.Require });
        AssertVerified(ok);

        var report = await VerifierWith().VerifyAsync(await PresentAsync(holder, [oneOther]), Asked with { HolderBinding = HolderBinding.Require });
        var failed = AssertFails(report, VerificationSteps.Holder, VerificationCodes.HolderNotSubject);
        Assert.Contains("did:example:someone-else", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Under_required_binding_a_subject_without_an_id_beside_the_holder_is_not_the_holder()
    {
        using var holder = HolderKey();
        var anonymous = new JsonObject { ["type"] = "AchievementSubject" };
        var credential = await IssuedAsync(Did(holder), c => c["credentialSubject"] = new JsonArray(Subject(Did(holder)), anonymous));

        var report = await VerifierWith().VerifyAsync(await PresentAsync(holder, [credential]), Asked with { HolderBinding = HolderBinding.Require });

        var failed = AssertFails(report, VerificationSteps.Holder, VerificationCodes.HolderNotSubject);
        Assert.Contains("without an identifier", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_presentation_with_more_proofs_than_MaxProofs_is_refused_before_any_is_checked()
    {
        using var holder = HolderKey();
        var vp = Unsigned(Did(holder), [await IssuedAsync(Did(holder))]);
        var signed = await SignVpAsync(vp, holder);
        signed = await SignVpAsync(signed, holder);
        signed = await SignVpAsync(signed, holder);
        var limits = new CredentialVerifierOptions { Limits = VerificationLimits.Default with { MaxProofs = 2 } };

        var report = await VerifierWith(limits).VerifyAsync(signed, Asked);

        AssertFails(report, VerificationSteps.Proof, VerificationCodes.TooManyProofs);
        Assert.DoesNotContain(report.Checks, c => c.Check == VerificationSteps.Proof && c.Status == CheckStatus.Passed);

        // Control: the same three proofs are all the holder's and verify under a limit that admits them.
        AssertVerified(await VerifierWith().VerifyAsync(signed, Asked));
    }

    [Fact]
    public async Task Too_many_presented_credentials_are_refused_before_the_presentation_proof_is_checked()
    {
        using var holder = HolderKey();
        var credential = await IssuedAsync(Did(holder));
        var vp = await PresentAsync(holder, [credential, credential, credential]);
        var fewPresented = new CredentialVerifierOptions { Limits = VerificationLimits.Default with { MaxPresentationCredentials = 2 } };

        var report = await VerifierWith(fewPresented).VerifyAsync(vp, Asked);

        AssertFails(report, VerificationSteps.Parsing, VerificationCodes.PresentationLimitExceeded);
        Assert.DoesNotContain(report.Checks, c => c.Check is VerificationSteps.Proof or VerificationSteps.Context);
        Assert.Empty(report.Credentials);
    }

    [Fact]
    public async Task Required_binding_names_the_credential_that_is_about_someone_else()
    {
        using var holder = HolderKey();
        var mine = await IssuedAsync(Did(holder));
        var theirs = await IssuedAsync("did:example:someone-else");
        var vp = await PresentAsync(holder, [mine, theirs]);

        var report = await VerifierWith().VerifyAsync(vp, Asked with { HolderBinding = HolderBinding.Require });

        var failed = AssertFails(report, VerificationSteps.Holder, VerificationCodes.HolderNotSubject);
        Assert.Equal("$.verifiableCredential[1]", failed.Path);
        Assert.Contains(report.Checks, c => c.Check == VerificationSteps.Holder && c.Status == CheckStatus.Passed && c.Path == "$.verifiableCredential[0]");
        Assert.All(report.Credentials, r => Assert.True(r.Verified));
    }

    [Fact]
    public async Task A_single_credential_not_in_an_array_is_verified_and_reported_at_its_own_path()
    {
        using var holder = HolderKey();
        var vp = Unsigned(Did(holder), [await IssuedAsync(Did(holder))]);
        vp["verifiableCredential"] = ((JsonArray)vp["verifiableCredential"]!)[0]!.DeepClone();
        var signed = await SignVpAsync(vp, holder);

        var report = await VerifierWith().VerifyAsync(signed, Asked with { HolderBinding = HolderBinding.Require });

        AssertVerified(report);
        Assert.Single(report.Credentials);
        Assert.Equal("$.verifiableCredential", Assert.Single(report.Checks, c => c.Check == VerificationSteps.Holder).Path);
    }

    // ---- challenge and domain ----

    [Theory]
    [InlineData(null, Challenge, DataIntegrityErrorCodes.InvalidChallengeError)]
    [InlineData("c-other", Challenge, DataIntegrityErrorCodes.InvalidChallengeError)]
    [InlineData("C-3F9A0D71", Challenge, DataIntegrityErrorCodes.InvalidChallengeError)]
    [InlineData(Challenge, Challenge, null)]
    [InlineData(Challenge, null, null)]
    [InlineData(null, null, null)]
    public async Task The_challenge_must_be_the_one_the_verifier_issued(string? signedChallenge, string? expected, string? code)
    {
        using var holder = HolderKey();
        var vp = Unsigned(Did(holder), [await IssuedAsync(Did(holder))]);
        var signed = await SignVpAsync(vp, holder, new ProofOptions { Purpose = ProofPurpose.Authentication(signedChallenge, Domain), Created = Created });

        var report = await VerifierWith().VerifyAsync(signed, new PresentationVerifyOptions { Challenge = expected, Domain = Domain });

        AssertVerdict(report, VerificationSteps.Proof, code);
    }

    [Theory]
    [InlineData(null, Domain, DataIntegrityErrorCodes.InvalidDomainError)]
    [InlineData("https://attacker.example", Domain, DataIntegrityErrorCodes.InvalidDomainError)]
    [InlineData("https://verifier.example/", Domain, DataIntegrityErrorCodes.InvalidDomainError)]
    [InlineData(Domain, Domain, null)]
    [InlineData(Domain, null, null)]
    public async Task The_domain_must_be_the_verifiers(string? signedDomain, string? expected, string? code)
    {
        using var holder = HolderKey();
        var vp = Unsigned(Did(holder), [await IssuedAsync(Did(holder))]);
        var signed = await SignVpAsync(vp, holder, new ProofOptions { Purpose = ProofPurpose.Authentication(Challenge, signedDomain), Created = Created });

        var report = await VerifierWith().VerifyAsync(signed, new PresentationVerifyOptions { Challenge = Challenge, Domain = expected });

        AssertVerdict(report, VerificationSteps.Proof, code);
    }

    [Theory]
    [InlineData(new[] { "https://other.example", Domain }, null)]
    [InlineData(new[] { Domain }, null)]
    [InlineData(new[] { "https://other.example", "https://third.example" }, DataIntegrityErrorCodes.InvalidDomainError)]
    [InlineData(new string[0], DataIntegrityErrorCodes.InvalidDomainError)]
    public async Task A_domain_array_is_accepted_when_it_lists_the_verifiers_domain(string[] domains, string? code)
    {
        using var holder = HolderKey();
        var vp = Unsigned(Did(holder), [await IssuedAsync(Did(holder))]);
        var signed = await ResignAsync(await SignVpAsync(vp, holder), holder, proof => proof["domain"] = new JsonArray([.. domains.Select(d => (JsonNode)d)]));
        Assert.IsType<JsonArray>(signed["proof"]!["domain"]);

        var report = await VerifierWith().VerifyAsync(signed, Asked);

        AssertVerdict(report, VerificationSteps.Proof, code);
    }

    [Fact]
    public async Task The_right_challenge_does_not_excuse_a_wrong_domain_nor_the_reverse()
    {
        using var holder = HolderKey();
        var vp = await PresentAsync(holder, [await IssuedAsync(Did(holder))]);

        AssertFails(await VerifierWith().VerifyAsync(vp, Asked with { Domain = "https://other.example" }), VerificationSteps.Proof, DataIntegrityErrorCodes.InvalidDomainError);
        AssertFails(await VerifierWith().VerifyAsync(vp, Asked with { Challenge = "c-other" }), VerificationSteps.Proof, DataIntegrityErrorCodes.InvalidChallengeError);
        AssertVerified(await VerifierWith().VerifyAsync(vp, Asked));
    }

    [Theory]
    [InlineData("challenge")]
    [InlineData("domain")]
    public async Task A_replayed_presentation_with_an_edited_challenge_or_domain_fails_its_signature(string member)
    {
        using var holder = HolderKey();
        var vp = await PresentAsync(holder, [await IssuedAsync(Did(holder))], challenge: "c-old", domain: "https://old-verifier.example");

        // The replayer writes this verifier's value into the old proof; the verifier asks for that member only.
        ((JsonObject)vp["proof"]!)[member] = member == "challenge" ? Challenge : Domain;
        var asked = member == "challenge" ? new PresentationVerifyOptions { Challenge = Challenge } : new PresentationVerifyOptions { Domain = Domain };
        var report = await VerifierWith().VerifyAsync(vp, asked);

        // The member is signed: the match is found, then the signature breaks.
        AssertFails(report, VerificationSteps.Proof, DataIntegrityErrorCodes.ProofVerificationError);
    }

    // ---- the presentation proof's own window ----

    [Fact]
    public async Task A_presentation_proof_created_in_the_future_fails()
    {
        using var holder = HolderKey();
        var vp = Unsigned(Did(holder), [await IssuedAsync(Did(holder))]);
        var signed = await SignVpAsync(vp, holder, new ProofOptions { Purpose = ProofPurpose.Authentication(Challenge, Domain), Created = Now.AddHours(1) });

        AssertFails(await VerifierWith().VerifyAsync(signed, Asked), VerificationSteps.Proof, DataIntegrityErrorCodes.ProofCreatedInFuture);

        // Within the verifier's clock skew (five minutes by default) it is accepted.
        var skewed = await SignVpAsync(vp, holder, new ProofOptions { Purpose = ProofPurpose.Authentication(Challenge, Domain), Created = Now.AddMinutes(4) });
        AssertVerified(await VerifierWith().VerifyAsync(skewed, Asked));
    }

    [Fact]
    public async Task An_expired_presentation_proof_fails()
    {
        using var holder = HolderKey();
        var vp = Unsigned(Did(holder), [await IssuedAsync(Did(holder))]);
        var expired = await SignVpAsync(vp, holder, new ProofOptions { Purpose = ProofPurpose.Authentication(Challenge, Domain), Created = Created, Expires = Now.AddHours(-1) });
        var current = await SignVpAsync(vp, holder, new ProofOptions { Purpose = ProofPurpose.Authentication(Challenge, Domain), Created = Created, Expires = Now.AddHours(1) });

        AssertFails(await VerifierWith().VerifyAsync(expired, Asked), VerificationSteps.Proof, DataIntegrityErrorCodes.ProofExpired);
        AssertVerified(await VerifierWith().VerifyAsync(current, Asked));
    }

    // ---- embedded credentials: validity, status, proof ----

    [Fact]
    public async Task An_expired_embedded_credential_fails_the_presentation()
    {
        using var holder = HolderKey();
        var expired = await IssuedAsync(Did(holder), c => c["validUntil"] = "2026-02-01T00:00:00Z");
        var vp = await PresentAsync(holder, [expired]);

        var report = await VerifierWith().VerifyAsync(vp, Asked);

        AssertCredentialFails(report, 0, VerificationSteps.ValidityWindow, VerificationCodes.Expired);
        Assert.DoesNotContain(report.Checks, c => c.Status == CheckStatus.Failed);
    }

    [Fact]
    public async Task A_not_yet_valid_embedded_credential_fails_the_presentation()
    {
        using var holder = HolderKey();
        var early = await IssuedAsync(Did(holder), c => c["validFrom"] = "2026-06-01T00:00:00Z");
        var vp = await PresentAsync(holder, [early]);

        AssertCredentialFails(await VerifierWith().VerifyAsync(vp, Asked), 0, VerificationSteps.ValidityWindow, VerificationCodes.NotYetValid);
    }

    [Theory]
    [InlineData(StatusPurposes.Revocation, VerificationCodes.Revoked)]
    [InlineData(StatusPurposes.Suspension, VerificationCodes.Suspended)]
    public async Task A_credential_revoked_or_suspended_in_the_status_store_fails_the_presentation(string purpose, string code)
    {
        using var holder = HolderKey();
        var url = purpose == StatusPurposes.Revocation ? RevocationListUrl : SuspensionListUrl;
        var (lists, credential, entry) = await IssuedWithStatusAsync(Did(holder), url, purpose);
        var vp = await PresentAsync(holder, [credential]);

        // Before the issuer changes the status the presentation verifies, with a passed status check.
        var before = await VerifierWith(await PublishedAsync(lists, url)).VerifyAsync(vp, Asked);
        AssertVerified(before);
        Assert.Contains(before.Credentials[0].Checks, c => c.Check == VerificationSteps.Status && c.Status == CheckStatus.Passed);

        await lists.SetStatusAsync(entry, 1);
        var after = await VerifierWith(await PublishedAsync(lists, url)).VerifyAsync(vp, Asked);

        AssertCredentialFails(after, 0, VerificationSteps.Status, code);
        var failure = Assert.Single(after.Credentials[0].Failures);
        Assert.Equal((VerificationSteps.Status, code), (failure.Check, failure.Code));
    }

    [Fact]
    public async Task A_lifted_suspension_verifies_again()
    {
        using var holder = HolderKey();
        var (lists, credential, entry) = await IssuedWithStatusAsync(Did(holder), SuspensionListUrl, StatusPurposes.Suspension);
        var vp = await PresentAsync(holder, [credential]);
        await lists.SetStatusAsync(entry, 1);
        AssertCredentialFails(await VerifierWith(await PublishedAsync(lists, SuspensionListUrl)).VerifyAsync(vp, Asked), 0, VerificationSteps.Status, VerificationCodes.Suspended);

        await lists.SetStatusAsync(entry, 0);
        AssertVerified(await VerifierWith(await PublishedAsync(lists, SuspensionListUrl)).VerifyAsync(vp, Asked));
    }

    [Fact]
    public async Task A_credential_whose_status_cannot_be_fetched_leaves_the_presentation_indeterminate()
    {
        using var holder = HolderKey();
        var (_, credential, _) = await IssuedWithStatusAsync(Did(holder), RevocationListUrl, StatusPurposes.Revocation);
        var vp = await PresentAsync(holder, [credential]);

        // No status resolver: the list cannot be fetched, so nothing shows the credential is current (fail closed).
        var report = await VerifierWith().VerifyAsync(vp, Asked);

        Assert.False(report.Verified);
        Assert.Equal(VerificationOutcome.Indeterminate, report.Outcome);
        var credentialReport = Assert.Single(report.Credentials);
        Assert.Equal(VerificationOutcome.Indeterminate, credentialReport.Outcome);
        Assert.Contains(credentialReport.Checks, c => c.Check == VerificationSteps.Status && c.Code == VerificationCodes.StatusUnresolvable && c.Indeterminate);
        Assert.DoesNotContain(report.Checks, c => c.Status == CheckStatus.Failed);
    }

    [Fact]
    public async Task One_revoked_credential_among_good_ones_fails_the_presentation_and_is_reported_in_order()
    {
        using var holder = HolderKey();
        var (lists, revoked, entry) = await IssuedWithStatusAsync(Did(holder), RevocationListUrl, StatusPurposes.Revocation);
        await lists.SetStatusAsync(entry, 1);
        var good = await IssuedAsync(Did(holder));
        var vp = await PresentAsync(holder, [good, revoked, good]);

        var report = await VerifierWith(await PublishedAsync(lists, RevocationListUrl)).VerifyAsync(vp, Asked);

        Assert.Equal([true, false, true], report.Credentials.Select(r => r.Verified));
        Assert.Equal((string)revoked["id"]!, report.Credentials[1].CredentialId);
        AssertCredentialFails(report, 1, VerificationSteps.Status, VerificationCodes.Revoked);
    }

    [Fact]
    public async Task An_embedded_credential_changed_after_issuance_fails_its_proof_though_the_holder_signed_it()
    {
        using var holder = HolderKey();
        var forged = await IssuedAsync(Did(holder));
        forged["name"] = "Doctor of Medicine";
        var vp = await PresentAsync(holder, [forged]);

        var report = await VerifierWith().VerifyAsync(vp, Asked);

        AssertCredentialFails(report, 0, VerificationSteps.Proof, DataIntegrityErrorCodes.ProofVerificationError);
        Assert.Contains(report.Checks, c => c.Check == VerificationSteps.Proof && c.Status == CheckStatus.Passed);
    }

    [Fact]
    public async Task An_embedded_credential_signed_by_a_key_that_is_not_the_issuers_fails()
    {
        using var holder = HolderKey();
        using var issuer = IssuerEd25519();
        using var attacker = AttackerEd25519();
        var claimed = Credential(Did(issuer), subject: Did(holder));
        claimed["id"] = NextId();
        var forged = await SignAsync(claimed, attacker);
        var vp = await PresentAsync(holder, [forged]);

        AssertCredentialFails(await VerifierWith().VerifyAsync(vp, Asked), 0, VerificationSteps.Proof, DataIntegrityErrorCodes.IssuerKeyMismatch);
    }

    [Fact]
    public async Task An_unsigned_embedded_credential_fails()
    {
        using var holder = HolderKey();
        using var issuer = IssuerEd25519();
        var unsigned = Credential(Did(issuer), subject: Did(holder));
        var vp = await PresentAsync(holder, [unsigned]);

        AssertCredentialFails(await VerifierWith().VerifyAsync(vp, Asked), 0, VerificationSteps.Proof, VerificationCodes.ProofMissing);
    }

    [Fact]
    public async Task The_credential_options_reach_every_presented_credential()
    {
        const string Email = "learner@example.org";
        const string Salt = "s4lt-91";
        using var holder = HolderKey();
        var credential = await IssuedAsync(Did(holder), c => c["credentialSubject"]!["identifier"] = new JsonArray(new JsonObject
        {
            ["type"] = "IdentityObject",
            ["identityHash"] = IdentityHash.Compute(Email, Salt),
            ["identityType"] = "emailAddress",
            ["hashed"] = true,
            ["salt"] = Salt,
        }));
        var vp = await PresentAsync(holder, [credential]);

        var right = await VerifierWith().VerifyAsync(vp, Asked with { Credentials = new VerifyOptions { RecipientIdentity = Email } });
        AssertVerified(right);
        Assert.Contains(right.Credentials[0].Checks, c => c.Check == VerificationSteps.Recipient && c.Status == CheckStatus.Passed);

        var wrong = await VerifierWith().VerifyAsync(vp, Asked with { Credentials = new VerifyOptions { RecipientIdentity = "someone@example.org" } });
        AssertCredentialFails(wrong, 0, VerificationSteps.Recipient, VerificationCodes.RecipientMismatch);

        var notAsked = await VerifierWith().VerifyAsync(vp, Asked);
        Assert.DoesNotContain(notAsked.Credentials[0].Checks, c => c.Check == VerificationSteps.Recipient);
    }

    // ---- mixed proof formats ----

    [Fact]
    public async Task Data_Integrity_credentials_and_an_enveloped_VC_JWT_verify_in_one_presentation()
    {
        using var holder = HolderKey();
        using var p256 = IssuerP256();
        var eddsa = await IssuedAsync(Did(holder));
        var ecdsa = await IssuedAsync(Did(holder), issuer: p256);
        var jcs = await IssuedAsync(Did(holder), suite: Cryptosuite.EddsaJcs2022);
        var jwt = await JwtAsync(Did(holder));
        var vp = await PresentAsync(holder, [eddsa, JsonValue.Create(jwt)!, ecdsa, jcs]);
        Assert.Equal("EnvelopedVerifiableCredential", (string)vp["verifiableCredential"]![1]!["type"]!);

        var report = await VerifierWith().VerifyAsync(vp, Asked with { HolderBinding = HolderBinding.Require });

        AssertVerified(report);
        Assert.Equal(["json", "jwt", "json", "json"], report.Credentials.Select(r => r.InputFormat));
        Assert.Equal(4, report.Checks.Count(c => c.Check == VerificationSteps.Holder && c.Status == CheckStatus.Passed));
        Assert.Equal(["$.verifiableCredential[0]", "$.verifiableCredential[1]", "$.verifiableCredential[2]", "$.verifiableCredential[3]"],
            report.Checks.Where(c => c.Check == VerificationSteps.Holder).Select(c => c.Path));
    }

    [Fact]
    public async Task A_VC_JWT_with_a_broken_signature_fails_beside_a_good_Data_Integrity_credential()
    {
        using var holder = HolderKey();
        var good = await IssuedAsync(Did(holder));
        var jwt = await JwtAsync(Did(holder));
        var parts = jwt.Split('.');
        var signature = parts[2].ToCharArray();
        signature[5] = signature[5] == 'A' ? 'B' : 'A';
        var broken = $"{parts[0]}.{parts[1]}.{new string(signature)}";
        var vp = await PresentAsync(holder, [good, JsonValue.Create(broken)!]);

        var report = await VerifierWith().VerifyAsync(vp, Asked);

        Assert.Equal([true, false], report.Credentials.Select(r => r.Verified));
        Assert.Equal("jwt", report.Credentials[1].InputFormat);
        AssertCredentialFails(report, 1, VerificationSteps.Proof, null);
    }

    [Fact]
    public async Task An_expired_VC_JWT_fails_the_presentation()
    {
        using var holder = HolderKey();
        var jwt = await JwtAsync(Did(holder), c => c["validUntil"] = "2026-02-01T00:00:00Z");
        var vp = await PresentAsync(holder, [JsonValue.Create(jwt)!]);

        var report = await VerifierWith().VerifyAsync(vp, Asked);

        Assert.False(report.Verified);
        Assert.Equal(VerificationOutcome.Failed, report.Outcome);
        var credential = Assert.Single(report.Credentials);
        Assert.Equal("jwt", credential.InputFormat);
        Assert.Contains(credential.Failures, c => c.Code == VerificationCodes.Expired);
    }

    [Fact]
    public async Task A_VC_JWT_about_someone_else_is_caught_by_the_holder_check()
    {
        using var holder = HolderKey();
        var jwt = await JwtAsync("did:example:someone-else");
        var vp = await PresentAsync(holder, [JsonValue.Create(jwt)!]);

        var report = await VerifierWith().VerifyAsync(vp, Asked with { HolderBinding = HolderBinding.Require });

        var failed = AssertFails(report, VerificationSteps.Holder, VerificationCodes.HolderNotSubject);
        Assert.Equal("$.verifiableCredential[0]", failed.Path);
        Assert.True(Assert.Single(report.Credentials).Verified);
    }

    // ---- limits ----

    [Fact]
    public async Task The_default_limit_is_32_presented_credentials_counting_enveloped_ones()
    {
        Assert.Equal(32, VerificationLimits.Default.MaxPresentationCredentials);
        using var holder = HolderKey();
        var envelope = JsonValue.Create(await JwtAsync(Did(holder)))!;
        var atLimit = await PresentAsync(holder, Enumerable.Range(0, 32).Select(_ => envelope.DeepClone()));
        var overLimit = await PresentAsync(holder, Enumerable.Range(0, 33).Select(_ => envelope.DeepClone()));

        var ok = await VerifierWith().VerifyAsync(atLimit, Asked);
        AssertVerified(ok);
        Assert.Equal(32, ok.Credentials.Count);

        var refused = await VerifierWith().VerifyAsync(overLimit, Asked);
        var failed = AssertFails(refused, VerificationSteps.Parsing, VerificationCodes.PresentationLimitExceeded);
        Assert.Equal("$.verifiableCredential", failed.Path);
        Assert.Contains("33", failed.Message, StringComparison.Ordinal);
        Assert.Empty(refused.Credentials);
        Assert.Equal(VerificationOutcome.Failed, refused.Outcome);
    }

    [Fact]
    public async Task Presented_credentials_are_capped_by_MaxPresentationCredentials_not_by_MaxEndorsements()
    {
        // The presentation cap is its own limit: a verifier that allows one endorsement per credential still takes
        // three presented credentials, and one that allows two presented credentials refuses three whatever its
        // endorsement limit.
        using var holder = HolderKey();
        var credential = await IssuedAsync(Did(holder));
        var vp = await PresentAsync(holder, [credential, credential, credential]);

        var fewEndorsements = new CredentialVerifierOptions { Limits = VerificationLimits.Default with { MaxEndorsements = 1 } };
        var ok = await VerifierWith(fewEndorsements).VerifyAsync(vp, Asked);
        AssertVerified(ok);
        Assert.Equal(3, ok.Credentials.Count);

        var fewPresented = new CredentialVerifierOptions { Limits = VerificationLimits.Default with { MaxPresentationCredentials = 2, MaxEndorsements = 100 } };
        AssertFails(await VerifierWith(fewPresented).VerifyAsync(vp, Asked), VerificationSteps.Parsing, VerificationCodes.PresentationLimitExceeded);
    }

    [Fact]
    public async Task A_presentation_over_the_json_limits_is_refused_before_anything_is_verified()
    {
        using var holder = HolderKey();
        var vp = await PresentAsync(holder, [await IssuedAsync(Did(holder))]);
        var text = vp.ToJsonString();
        var small = new CredentialVerifierOptions { Limits = VerificationLimits.Default with { Json = VerificationLimits.Default.Json with { MaxBytes = text.Length - 1 } } };

        var report = await VerifierWith(small).VerifyAsync(text, Asked);

        Assert.False(report.Verified);
        Assert.Equal(VerificationOutcome.Failed, report.Outcome);
        var check = Assert.Single(report.Checks);
        Assert.Equal((VerificationSteps.Parsing, CheckStatus.Failed), (check.Check, check.Status));
        Assert.Empty(report.Credentials);

        // Control: the same text within the limit verifies.
        AssertVerified(await VerifierWith().VerifyAsync(text, Asked));
    }

    // ---- outcome mapping and the report ----

    [Fact]
    public async Task An_unobtainable_holder_key_leaves_the_presentation_indeterminate_not_failed()
    {
        using var holder = HolderKey();
        var vp = await PresentAsync(holder, [await IssuedAsync(WebHolder)], holderId: WebHolder, signer: new KeyPairSigner(holder, WebHolderKey));

        // The default resolver knows did:key only: the holder's did:web document cannot be obtained.
        var report = await VerifierWith().VerifyAsync(vp, Asked);

        Assert.False(report.Verified);
        Assert.Equal(VerificationOutcome.Indeterminate, report.Outcome);
        var proof = Assert.Single(report.Checks, c => c.Check == VerificationSteps.Proof);
        Assert.Equal((CheckStatus.Failed, true, DataIntegrityErrorCodes.InvalidVerificationMethod), (proof.Status, proof.Indeterminate, proof.Code));
        Assert.True(Assert.Single(report.Credentials).Verified);
        Assert.Equal("indeterminate", (string)report.ToJson()["outcome"]!);

        // Control: with the holder's document the same presentation verifies.
        AssertVerified(await VerifierWith(WebHolderResolves(holder, "authentication")).VerifyAsync(vp, Asked));
    }

    [Fact]
    public async Task An_unobtainable_holder_key_beside_an_expired_credential_is_failed_not_indeterminate()
    {
        using var holder = HolderKey();
        var expired = await IssuedAsync(WebHolder, c => c["validUntil"] = "2026-02-01T00:00:00Z");
        var vp = await PresentAsync(holder, [expired], holderId: WebHolder, signer: new KeyPairSigner(holder, WebHolderKey));

        var report = await VerifierWith().VerifyAsync(vp, Asked);

        Assert.Contains(report.Checks, c => c.Check == VerificationSteps.Proof && c.Indeterminate);
        Assert.Equal(VerificationOutcome.Failed, report.Outcome);
    }

    [Fact]
    public async Task A_presentation_proof_in_an_unknown_cryptosuite_is_indeterminate()
    {
        using var holder = HolderKey();
        var vp = await PresentAsync(holder, [await IssuedAsync(Did(holder))]);
        vp["proof"]!["cryptosuite"] = "eddsa-future-2031";

        var report = await VerifierWith().VerifyAsync(vp, Asked);

        Assert.Equal(VerificationOutcome.Indeterminate, report.Outcome);
        Assert.Contains(report.Checks, c => c.Check == VerificationSteps.Proof && c.Code == DataIntegrityErrorCodes.UnknownCryptosuite && c.Indeterminate);
    }

    [Fact]
    public async Task A_failed_presentation_proof_is_failed_even_when_every_credential_verifies()
    {
        using var holder = HolderKey();
        var vp = await PresentAsync(holder, [await IssuedAsync(Did(holder))]);
        vp["proof"]!["proofValue"] = "z" + new string('1', 80);

        var report = await VerifierWith().VerifyAsync(vp, Asked);

        Assert.Equal(VerificationOutcome.Failed, report.Outcome);
        Assert.False((bool)report.ToJson()["verified"]!);
        Assert.True(Assert.Single(report.Credentials).Verified);
    }

    [Fact]
    public async Task A_signed_presentation_of_no_credentials_authenticates_the_holder()
    {
        using var holder = HolderKey();
        var vp = await PresentAsync(holder, []);

        var report = await VerifierWith().VerifyAsync(vp, Asked with { HolderBinding = HolderBinding.Require });

        AssertVerified(report);
        Assert.Empty(report.Credentials);
        Assert.DoesNotContain(report.Checks, c => c.Check == VerificationSteps.Holder);
    }

    [Fact]
    public async Task The_report_serialises_the_presentation_and_each_credential()
    {
        using var holder = HolderKey();
        var vp = await PresentAsync(holder, [await IssuedAsync(Did(holder)), await IssuedAsync("did:example:someone-else")]);

        var report = await VerifierWith().VerifyAsync(vp, Asked);
        var json = report.ToJson();

        Assert.Equal(["verified", "outcome", "holder", "checks", "credentials"], json.Select(kv => kv.Key));
        Assert.True((bool)json["verified"]!);
        Assert.Equal("verified", (string)json["outcome"]!);
        Assert.Equal(Did(holder), (string)json["holder"]!);
        Assert.Equal(report.Checks.Count, ((JsonArray)json["checks"]!).Count);
        var credentials = (JsonArray)json["credentials"]!;
        Assert.Equal(2, credentials.Count);
        Assert.Equal(report.Credentials.Select(r => r.CredentialId), credentials.Select(c => (string?)c!["credentialId"]));
        Assert.Contains((JsonArray)json["checks"]!, c => (string)c!["code"]! == VerificationCodes.HolderNotSubject && (string)c["status"]! == "warning");
    }

    [Theory]
    [InlineData("[]", VerificationCodes.NotAnObject)]
    [InlineData("\"a presentation\"", VerificationCodes.NotAnObject)]
    [InlineData("{\"type\": \"VerifiablePresentation\",", null)]
    [InlineData("{\"type\": \"VerifiablePresentation\", \"type\": \"VerifiablePresentation\"}", null)]
    public async Task Text_that_is_not_one_JSON_object_is_a_failed_parsing_check(string text, string? code)
    {
        var report = await VerifierWith().VerifyAsync(text, Asked);

        Assert.False(report.Verified);
        Assert.Equal(VerificationOutcome.Failed, report.Outcome);
        var check = Assert.Single(report.Checks);
        Assert.Equal((VerificationSteps.Parsing, CheckStatus.Failed), (check.Check, check.Status));
        if (code is not null)
        {
            Assert.Equal(code, check.Code);
        }

        Assert.NotEqual(VerificationCodes.InternalError, check.Code);
        Assert.Null(report.Holder);
    }

    [Fact]
    public async Task A_document_that_is_not_typed_VerifiablePresentation_fails_the_type_check()
    {
        // holder and verifiableCredential are defined only under the VerifiablePresentation type, so such a document
        // cannot be signed in safe mode: the type is changed after signing and the type check must name it.
        using var holder = HolderKey();
        var vp = await PresentAsync(holder, [await IssuedAsync(Did(holder))]);
        vp["type"] = new JsonArray("VerifiableCredential");

        var report = await VerifierWith().VerifyAsync(vp, Asked);

        var failed = AssertFails(report, VerificationSteps.Type, VerificationCodes.InvalidType);
        Assert.Equal("$.type", failed.Path);
    }

    [Fact]
    public async Task Verifying_does_not_change_the_presentation()
    {
        using var holder = HolderKey();
        var vp = await PresentAsync(holder, [await IssuedAsync(Did(holder)), JsonValue.Create(await JwtAsync(Did(holder)))!]);
        var before = vp.ToJsonString();

        AssertVerified(await VerifierWith().VerifyAsync(vp, Asked));

        Assert.Equal(before, vp.ToJsonString());
    }

    [Fact]
    public async Task The_json_text_and_the_json_object_get_the_same_verdict()
    {
        using var holder = HolderKey();
        var vp = await PresentAsync(holder, [await IssuedAsync(Did(holder)), await IssuedAsync("did:example:someone-else")]);

        var asked = Asked with { HolderBinding = HolderBinding.Require };
        var fromObject = await VerifierWith().VerifyAsync(vp, asked);
        var fromText = await VerifierWith().VerifyAsync(vp.ToJsonString(), asked);

        Assert.False(fromObject.Verified, "the second credential is about someone else");

        Assert.Equal(fromObject.ToJson().ToJsonString(), fromText.ToJson().ToJsonString());
    }

    [Fact]
    public async Task A_cancelled_verification_throws_instead_of_reporting()
    {
        using var holder = HolderKey();
        var vp = await PresentAsync(holder, [await IssuedAsync(Did(holder))]);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => VerifierWith().VerifyAsync(vp, Asked, cancelled.Token));
    }

    [Fact]
    public async Task Null_arguments_are_refused()
    {
        Assert.Throws<ArgumentNullException>(() => new PresentationVerifier(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => VerifierWith().VerifyAsync((string)null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => VerifierWith().VerifyAsync((JsonObject)null!));
    }

    // ---- helpers ----

    /// <summary>The holder: RFC 8032 test 3, a did:key unless a test binds it to <see cref="WebHolder"/>.</summary>
    private static KeyPair HolderKey() => TestKeys.Ed25519Rfc8032Test3();

    private static PresentationVerifier VerifierWith(CredentialVerifierOptions? options = null) => new(Verifier(options));

    private static string NextId() => $"urn:uuid:5d0c1e2a-7b3f-4c9d-8e1f-{Interlocked.Increment(ref _ids):x12}";

    /// <summary>The fixture credential's subject, about <paramref name="id"/>.</summary>
    private static JsonNode Subject(string id) => Credential("did:example:issuer", subject: id)["credentialSubject"]!.DeepClone();

    /// <summary>An OB 3.0 credential about <paramref name="subject"/>, with its own id, signed by the fixture's issuer (or <paramref name="issuer"/>).</summary>
    private static async Task<JsonObject> IssuedAsync(string subject, Action<JsonObject>? change = null, KeyPair? issuer = null, Cryptosuite? suite = null)
    {
        using var fixtureIssuer = IssuerEd25519();
        var key = issuer ?? fixtureIssuer;
        var credential = Credential(Did(key), subject: subject);
        credential["id"] = NextId();
        change?.Invoke(credential);
        return await SignAsync(credential, key, suite: suite);
    }

    /// <summary>The same credential as a VC-JWT (EdDSA) by the fixture's issuer.</summary>
    private static async Task<string> JwtAsync(string subject, Action<JsonObject>? change = null)
    {
        using var issuer = IssuerEd25519();
        var credential = Credential(Did(issuer), subject: subject);
        credential["id"] = NextId();
        change?.Invoke(credential);
        return await VcJwt.IssueAsync(credential, Signer(issuer));
    }

    private static JsonObject Unsigned(string holderId, IEnumerable<JsonNode> credentials) =>
        VerifiablePresentations.Create(holderId, credentials, "urn:uuid:9b1f2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d");

    /// <summary>A presentation held by <paramref name="holderId"/> (the did:key of <paramref name="holder"/> by default), signed for <see cref="Challenge"/> and <see cref="Domain"/>.</summary>
    private static Task<JsonObject> PresentAsync(KeyPair holder, IEnumerable<JsonNode> credentials, string challenge = Challenge, string? domain = Domain, string? holderId = null, ISigner? signer = null, Cryptosuite? suite = null) =>
        VerifiablePresentations.SignAsync(Unsigned(holderId ?? Did(holder), credentials), signer ?? Signer(holder), new PresentationProofOptions
        {
            Challenge = challenge,
            Domain = domain,
            Created = Created,
            Cryptosuite = suite ?? SuiteFor(holder),
        });

    /// <summary>Adds a proof with any options (the presentation API always sets a challenge and the authentication purpose).</summary>
    private static Task<JsonObject> SignVpAsync(JsonObject presentation, KeyPair holder, ProofOptions? options = null) =>
        DataIntegrityProofs.SignAsync(presentation, Signer(holder), SuiteFor(holder), options ?? new ProofOptions { Purpose = ProofPurpose.Authentication(Challenge, Domain), Created = Created });

    /// <summary>Changes the (single) proof's options and signs them again: proofs the public signing API cannot make, such as a domain array.</summary>
    private static async Task<JsonObject> ResignAsync(JsonObject signed, KeyPair holder, Action<JsonObject> changeProof)
    {
        var result = (JsonObject)signed.DeepClone();
        var proof = (JsonObject)result["proof"]!;
        proof.Remove("proofValue");
        changeProof(proof);
        var suite = SuiteFor(holder);
        var hash = await DataIntegrityProofs.HashDataAsync(result, proof, [], suite, holder.Algorithm, ProofCanonicalizer.Default, CancellationToken.None);
        proof["proofValue"] = Multibase.Encode(await Signer(holder).SignAsync(hash));
        return result;
    }

    /// <summary>Verifier options that resolve <see cref="WebHolder"/>'s controller document, listing the holder key under <paramref name="relationship"/>.</summary>
    private static CredentialVerifierOptions WebHolderResolves(KeyPair holder, string relationship) => new()
    {
        MethodResolver = new CompositeVerificationMethodResolver(
            new StaticControllerDocumentResolver([new(WebHolder, new JsonObject
            {
                ["@context"] = new JsonArray("https://www.w3.org/ns/cid/v1"),
                ["id"] = WebHolder,
                ["verificationMethod"] = new JsonArray(new JsonObject
                {
                    ["id"] = WebHolderKey,
                    ["type"] = "Multikey",
                    ["controller"] = WebHolder,
                    ["publicKeyMultibase"] = Multikey.EncodePublicKey(holder.PublicKey),
                }),
                [relationship] = new JsonArray(WebHolderKey),
            })]),
            DidKeyResolver.Instance),
    };

    /// <summary>A credential about <paramref name="subject"/> with a status entry allocated in an in-memory store's list at <paramref name="url"/>.</summary>
    private static async Task<(StatusListIssuer Lists, JsonObject Credential, JsonObject Entry)> IssuedWithStatusAsync(string subject, string url, string purpose)
    {
        var lists = new StatusListIssuer(new InMemoryStatusListStore(), new FakeTimeProvider(Created));
        await lists.EnsureListAsync(new StatusListDefinition(url, purpose));
        using var issuer = IssuerEd25519();
        var credential = Credential(Did(issuer), subject: subject);
        credential["id"] = NextId();
        var entry = await lists.AddStatusAsync(credential, url);
        return (lists, await SignAsync(credential, issuer), entry);
    }

    /// <summary>Verifier options whose status resolver serves the list at <paramref name="url"/> as the issuer publishes it now.</summary>
    private static async Task<CredentialVerifierOptions> PublishedAsync(StatusListIssuer lists, string url)
    {
        using var issuer = IssuerEd25519();
        var list = await lists.PublishAsync(url, new StatusListCredentialOptions { Issuer = Did(issuer), ValidFrom = Created }, StatusListProofs.Signer(Signer(issuer), Cryptosuite.EddsaRdfc2022, ProofOptions()));
        return new CredentialVerifierOptions { StatusListResolver = new StaticStatusListResolver(new Dictionary<string, JsonObject> { [url] = list }) };
    }

    private static string Describe(PresentationVerificationReport report) =>
        string.Join("; ", report.Checks.Concat(report.Credentials.SelectMany(r => r.Checks))
            .Where(c => c.Status is CheckStatus.Failed or CheckStatus.Warning)
            .Select(c => $"{c.Status} {c.Check} {c.Code} {c.Path}: {c.Message}"));

    private static void AssertVerified(PresentationVerificationReport report)
    {
        Assert.True(report.Verified, "expected verified, got: " + Describe(report));
        Assert.Equal(VerificationOutcome.Verified, report.Outcome);
    }

    /// <summary>The presentation failed (not indeterminate) with a failed presentation check of <paramref name="step"/> and <paramref name="code"/>.</summary>
    private static VerificationCheck AssertFails(PresentationVerificationReport report, string step, string code)
    {
        Assert.False(report.Verified, "expected a failure, got a verified presentation");
        Assert.Equal(VerificationOutcome.Failed, report.Outcome);
        var check = report.Checks.FirstOrDefault(c => c.Status == CheckStatus.Failed && c.Check == step && c.Code == code);
        Assert.True(check is not null, $"expected a failed {step} check with {code}, got: {Describe(report)}");
        Assert.DoesNotContain(report.Checks, c => c.Code == VerificationCodes.InternalError);
        return check;
    }

    /// <summary>Verified when <paramref name="code"/> is null, otherwise a failed presentation check of <paramref name="step"/> with it.</summary>
    private static void AssertVerdict(PresentationVerificationReport report, string step, string? code)
    {
        if (code is null)
        {
            AssertVerified(report);
        }
        else
        {
            AssertFails(report, step, code);
        }
    }

    /// <summary>The presentation failed because credential <paramref name="index"/> failed <paramref name="step"/> (with <paramref name="code"/> when given).</summary>
    private static void AssertCredentialFails(PresentationVerificationReport report, int index, string step, string? code)
    {
        Assert.False(report.Verified, "expected a failure, got a verified presentation");
        Assert.Equal(VerificationOutcome.Failed, report.Outcome);
        var credential = report.Credentials[index];
        Assert.False(credential.Verified);
        Assert.Equal(VerificationOutcome.Failed, credential.Outcome);
        Assert.True(
            credential.Failures.Any(c => c.Check == step && (code is null || c.Code == code)),
            $"expected credential {index} to fail {step} {code}, got: {Describe(report)}");
    }
}
