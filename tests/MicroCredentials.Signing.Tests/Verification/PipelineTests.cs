using System.Text;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Baking;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Issuance;
using MicroCredentials.Signing.Jose;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Mapping;
using MicroCredentials.Signing.Model;
using MicroCredentials.Signing.Presentations;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Tests.Mapping;
using MicroCredentials.Signing.Tests.Support;
using MicroCredentials.Signing.Verification;
using Xunit;

namespace MicroCredentials.Signing.Tests.Verification;

/// <summary>
/// End to end: credentials issued by our own <see cref="CredentialIssuer"/> (keys under an HTTPS issuer's controller
/// document, fixed keys and clock) through <see cref="CredentialVerifier"/>, in every form a learner may present.
/// </summary>
public class PipelineTests
{
    private const string IssuerId = "https://uniz.example.edu";
    private const string EdKeyId = IssuerId + "#key-ed25519";
    private const string P256KeyId = IssuerId + "#key-p256";
    private const string RevocationListUrl = "https://uniz.example.edu/status/revocation/1";
    private const string SuspensionListUrl = "https://uniz.example.edu/status/suspension/1";
    private const string LearnerEmail = "learner@example.org";

    private static readonly DateTimeOffset Now = VerifierFixtures.Now;
    private static readonly DateTimeOffset Created = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly KeyPair Ed = TestKeys.Ed25519Rfc8032Test1();
    private static readonly KeyPair P256 = TestKeys.P256Rfc6979();
    private static readonly KeyPair Endorser = TestKeys.Ed25519Rfc8032Test2();
    private static readonly KeyPair Holder = TestKeys.Ed25519Rfc8032Test3();

    private static readonly IVerificationMethodResolver Methods = new CompositeVerificationMethodResolver(
        new StaticControllerDocumentResolver([new(IssuerId, ControllerDocument())]),
        DidKeyResolver.Instance);

    public static TheoryData<string, string> SuitesAndVersions()
    {
        var data = new TheoryData<string, string>();
        foreach (var suite in new[] { "eddsa-rdfc-2022", "ecdsa-rdfc-2019", "eddsa-jcs-2022", "ecdsa-jcs-2019" })
        {
            data.Add(suite, "2.0");
            data.Add(suite, "1.1");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SuitesAndVersions))]
    public async Task IssuedCredentialVerifies(string suiteName, string vcVersion)
    {
        var suite = CryptosuiteRegistry.FindByName(suiteName)!;
        var version = vcVersion == "2.0" ? VcDataModelVersion.V2 : VcDataModelVersion.V1_1;
        var credential = await new CredentialIssuer(IssuerOptions()).IssueAsync(Elements(), Signer(suite), new IssueOptions
        {
            Cryptosuite = suite,
            Mapping = MappingSamples.Options(version),
            Created = Created,
        });

        var report = await Verifier().VerifyAsync(credential);

        Assert.True(report.Verified, ReportAssert.Describe(report));
        Assert.Contains(report.Checks, c => c.Check == VerificationSteps.Proof && c.Status == CheckStatus.Passed && c.Message.Contains(suiteName, StringComparison.Ordinal));
        Assert.Contains(report.Checks, c => c.Check == VerificationSteps.Schema && c.Status == CheckStatus.Passed);
        Assert.Contains(report.Checks, c => c.Check == VerificationSteps.EuCompleteness && c.Status == CheckStatus.Passed);
        Assert.Equal(version == VcDataModelVersion.V1_1, report.HasCode(VerificationSteps.Context, VerificationCodes.LegacyDataModel));
        Assert.Equal(IssuerId, report.IssuerId);

        // The same credential with one signed value changed does not verify.
        credential["credentialSubject"]!["achievement"]!["name"] = "Something else";
        var tampered = await Verifier().VerifyAsync(credential);
        Assert.False(tampered.Verified);
        Assert.Contains(tampered.Failures, f => f.Check == VerificationSteps.Proof && f.Code == DataIntegrityErrorCodes.ProofVerificationError);
    }

    [Fact]
    public async Task CredentialWithoutIssuerFailsEvenWithSchemaValidationOff()
    {
        // The proof layer binds the key to the issuer only when there is one; signed without an issuer, any key would
        // otherwise do. The schema would also catch it, so it is switched off to test the proof check alone.
        var unsigned = OpenBadgesMapper.ToCredential(Elements(), MappingSamples.Options(VcDataModelVersion.V2));
        unsigned.Remove("issuer");
        var credential = await DataIntegrityProofs.SignAsync(unsigned, new KeyPairSigner(Endorser, DidKey.VerificationMethodId(Endorser.PublicKey)), Cryptosuite.EddsaRdfc2022, new ProofOptions { Created = Created });

        var report = await Verifier(configure: o => o with { Schema = SchemaPolicy.Off }).VerifyAsync(credential);
        var failure = Assert.Single(report.Failures);
        Assert.Equal((VerificationSteps.Proof, VerificationCodes.IssuerMissing, "$.issuer"), (failure.Check, failure.Code, failure.Path));
    }

    [Fact]
    public async Task ExpiredCredentialFailsTheValidityWindow()
    {
        var credential = await Issue(mapping: MappingSamples.Options(VcDataModelVersion.V2) with { ValidUntil = Now.AddDays(-1) });
        var report = await Verifier().VerifyAsync(credential);
        var failure = Assert.Single(report.Failures);
        Assert.Equal((VerificationSteps.ValidityWindow, VerificationCodes.Expired, "$.validUntil"), (failure.Check, failure.Code, failure.Path));

        // Within the clock skew it still counts as valid; the clock decides, not the machine's time.
        var justExpired = await Verifier(clock: Now.AddDays(-1).AddMinutes(4)).VerifyAsync(credential);
        Assert.True(justExpired.Verified, ReportAssert.Describe(justExpired));
    }

    [Fact]
    public async Task NotYetValidCredentialFailsTheValidityWindow()
    {
        // dateOfIssuing (validFrom) is 2023-01-01; the proof was made before it and the verifier's clock sits in between.
        var credential = await Issue(created: new DateTimeOffset(2022, 6, 1, 0, 0, 0, TimeSpan.Zero));
        var report = await Verifier(clock: new DateTimeOffset(2022, 12, 1, 0, 0, 0, TimeSpan.Zero)).VerifyAsync(credential);
        var failure = Assert.Single(report.Failures);
        Assert.Equal((VerificationSteps.ValidityWindow, VerificationCodes.NotYetValid, "$.validFrom"), (failure.Check, failure.Code, failure.Path));
    }

    [Theory]
    [InlineData(StatusPurposes.Revocation, VerificationCodes.Revoked)]
    [InlineData(StatusPurposes.Suspension, VerificationCodes.Suspended)]
    public async Task StatusListEntriesAreHonoured(string purpose, string code)
    {
        var listUrl = purpose == StatusPurposes.Revocation ? RevocationListUrl : SuspensionListUrl;
        var lists = new StatusListIssuer(new InMemoryStatusListStore(), new FakeTimeProvider(Created));
        await lists.EnsureListAsync(new StatusListDefinition(listUrl, purpose));
        var issuer = new CredentialIssuer(IssuerOptions() with { StatusLists = lists });
        var credential = await issuer.IssueAsync(Elements(), Signer(Cryptosuite.EddsaRdfc2022), new IssueOptions
        {
            Mapping = MappingSamples.Options(VcDataModelVersion.V2),
            StatusListUrl = listUrl,
            Created = Created,
        });

        var before = await Verifier(await Published(issuer, listUrl)).VerifyAsync(credential);
        Assert.True(before.Verified, ReportAssert.Describe(before));
        Assert.Contains(before.Checks, c => c.Check == VerificationSteps.Status && c.Status == CheckStatus.Passed);

        await lists.SetStatusAsync((JsonObject)credential["credentialStatus"]!, 1);
        var after = await Verifier(await Published(issuer, listUrl)).VerifyAsync(credential);
        var failure = Assert.Single(after.Failures);
        Assert.Equal((VerificationSteps.Status, code), (failure.Check, failure.Code));

        // A status entry with no way to fetch its list is undecidable: fail closed, never "not revoked".
        var noResolver = await Verifier().VerifyAsync(credential);
        var unresolvable = Assert.Single(noResolver.Failures);
        Assert.Equal((VerificationSteps.Status, VerificationCodes.StatusUnresolvable), (unresolvable.Check, unresolvable.Code));
    }

    [Fact]
    public async Task StatusListSignedByAnotherIssuerIsRefusedUnlessTrusted()
    {
        var lists = new StatusListIssuer(new InMemoryStatusListStore(), new FakeTimeProvider(Created));
        await lists.EnsureListAsync(new StatusListDefinition(RevocationListUrl, StatusPurposes.Revocation));
        var credential = await new CredentialIssuer(IssuerOptions() with { StatusLists = lists }).IssueAsync(Elements(), Signer(Cryptosuite.EddsaRdfc2022), new IssueOptions
        {
            Mapping = MappingSamples.Options(VcDataModelVersion.V2),
            StatusListUrl = RevocationListUrl,
            Created = Created,
        });

        // The list is published by a did:key that is not the credential's issuer.
        var other = DidKey.FromPublicKey(Endorser.PublicKey);
        var list = await lists.PublishAsync(RevocationListUrl, new StatusListCredentialOptions { Issuer = other },
            (unsigned, ct) => DataIntegrityProofs.SignAsync(unsigned, new KeyPairSigner(Endorser, DidKey.VerificationMethodId(Endorser.PublicKey)), Cryptosuite.EddsaRdfc2022, new ProofOptions { Created = Created }, ct));
        var resolver = new StaticStatusListResolver(new Dictionary<string, JsonObject> { [RevocationListUrl] = list });

        var refused = await Verifier(resolver).VerifyAsync(credential);
        var failure = Assert.Single(refused.Failures);
        Assert.Equal((VerificationSteps.Status, StatusErrorCodes.StatusVerificationError), (failure.Check, failure.Code));
        Assert.Contains(StatusCheckReasons.IssuerMismatch, failure.Message, StringComparison.Ordinal);

        var trusted = await Verifier(resolver, options => options with { TrustedStatusListIssuers = [other] }).VerifyAsync(credential);
        Assert.True(trusted.Verified, ReportAssert.Describe(trusted));
    }

    [Fact]
    public async Task VcJwtVerifiesThroughTheSamePipeline()
    {
        var unsigned = OpenBadgesMapper.ToCredential(Elements(), MappingSamples.Options(VcDataModelVersion.V2));
        var jwt = await VcJwt.IssueAsync(unsigned, Signer(Cryptosuite.EddsaRdfc2022));

        var report = await Verifier().VerifyAsync(Encoding.ASCII.GetBytes(jwt));
        Assert.Equal("jwt", report.InputFormat);
        Assert.True(report.Verified, ReportAssert.Describe(report));
        Assert.Contains(report.Checks, c => c.Check == VerificationSteps.Proof && c.Status == CheckStatus.Passed);

        // A JWT signed by a key its issuer does not list is refused.
        var stranger = await VcJwt.IssueAsync(unsigned, new KeyPairSigner(Endorser, IssuerId + "#key-ed25519"));
        var refused = await Verifier().VerifyAsync(Encoding.ASCII.GetBytes(stranger));
        Assert.False(refused.Verified);
        Assert.Contains(refused.Failures, f => f.Check is VerificationSteps.Proof or VerificationSteps.Parsing && f.Code.StartsWith("JWT_", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("badge.png", "png")]
    [InlineData("badge.svg", "svg")]
    public async Task BakedBadgesVerifyThroughTheSamePipeline(string image, string format)
    {
        var credential = await Issue();
        var baked = BadgeBaker.Bake(File.ReadAllBytes(TestPaths.RepoFile("samples", "badges", image)), credential.ToJsonString());

        var report = await Verifier().VerifyAsync(baked);
        Assert.Equal(format, report.InputFormat);
        Assert.True(report.Verified, ReportAssert.Describe(report));
        Assert.Equal((string)credential["id"]!, report.CredentialId);

        // A baked JWT too.
        var jwt = await VcJwt.IssueAsync(OpenBadgesMapper.ToCredential(Elements(), MappingSamples.Options(VcDataModelVersion.V2)), Signer(Cryptosuite.EddsaRdfc2022));
        var bakedJwt = await Verifier().VerifyAsync(BadgeBaker.Bake(File.ReadAllBytes(TestPaths.RepoFile("samples", "badges", image)), jwt));
        Assert.Equal(format, bakedJwt.InputFormat);
        Assert.True(bakedJwt.Verified, ReportAssert.Describe(bakedJwt));
    }

    [Fact]
    public async Task EmbeddedEndorsementIsVerifiedRecursively()
    {
        var endorsement = await Endorsement("https://uniz.example.edu/achievements/mc-42");
        var credential = await Issue(withEndorsements: [endorsement]);

        var report = await Verifier().VerifyAsync(credential);
        Assert.True(report.Verified, ReportAssert.Describe(report));
        // A single-object proof inside an embedded endorsement conforms to the schema, as it does at the top level.
        Assert.Contains(report.Checks, c => c.Check == VerificationSteps.Schema && c.Status == CheckStatus.Passed);
        var endorsed = Assert.Single(report.Endorsements);
        Assert.True(endorsed.Verified, ReportAssert.Describe(endorsed));
        Assert.Contains(report.Checks, c => c.Check == VerificationSteps.Endorsement && c.Status == CheckStatus.Passed && c.Path == "$.credentialSubject.achievement.endorsement[0]");

        // Tampering with the endorsement after it was signed (and re-signing the outer credential) gives a warning:
        // the credential is still verified, the endorsement is not.
        var tampered = (JsonObject)endorsement.DeepClone();
        tampered["credentialSubject"]!["endorsementComment"] = "Changed after signing";
        var withTampered = await Issue(withEndorsements: [tampered]);
        var report2 = await Verifier().VerifyAsync(withTampered);
        Assert.True(report2.Verified, ReportAssert.Describe(report2));
        var warning = Assert.Single(report2.Warnings, w => w.Check == VerificationSteps.Endorsement);
        Assert.Equal(VerificationCodes.EndorsementInvalid, warning.Code);
        Assert.Contains(DataIntegrityErrorCodes.ProofVerificationError, warning.Message, StringComparison.Ordinal);
        Assert.False(Assert.Single(report2.Endorsements).Verified);
    }

    [Fact]
    public async Task EndorsementsNestedBeyondTheDepthLimitAreNotFollowed()
    {
        var inner = await Endorsement("https://uniz.example.edu/achievements/mc-42");
        var outer = await Endorsement("https://uniz.example.edu/achievements/mc-42", withEndorsements: [inner]);
        var credential = await Issue(withEndorsements: [outer]);

        var deep = await Verifier(configure: o => o with { Limits = o.Limits with { MaxEndorsementDepth = 2 } }).VerifyAsync(credential);
        Assert.True(deep.Verified, ReportAssert.Describe(deep));
        Assert.Single(Assert.Single(deep.Endorsements).Endorsements);

        var shallow = await Verifier(configure: o => o with { Limits = o.Limits with { MaxEndorsementDepth = 1 } }).VerifyAsync(credential);
        var level1 = Assert.Single(shallow.Endorsements);
        Assert.Empty(level1.Endorsements);
        Assert.True(level1.HasCode(VerificationSteps.Endorsement, VerificationCodes.EndorsementLimitExceeded), ReportAssert.Describe(level1));
    }

    [Fact]
    public async Task RecipientIsCheckedAgainstTheSaltedIdentityHash()
    {
        var credential = await Issue();
        var identifier = (JsonObject)((JsonArray)credential["credentialSubject"]!["identifier"]!)[0]!;
        Assert.True((bool)identifier["hashed"]!);

        var match = await Verifier().VerifyAsync(credential, new VerifyOptions { RecipientIdentity = LearnerEmail });
        Assert.True(match.Verified, ReportAssert.Describe(match));
        Assert.Contains(match.Checks, c => c.Check == VerificationSteps.Recipient && c.Status == CheckStatus.Passed);

        var mismatch = await Verifier().VerifyAsync(credential, new VerifyOptions { RecipientIdentity = "someone.else@example.org" });
        var failure = Assert.Single(mismatch.Failures);
        Assert.Equal((VerificationSteps.Recipient, VerificationCodes.RecipientMismatch), (failure.Check, failure.Code));

        var notAsked = await Verifier().VerifyAsync(credential);
        Assert.DoesNotContain(notAsked.Checks, c => c.Check == VerificationSteps.Recipient);
    }

    [Fact]
    public async Task PresentationWithChallengeAndDomainVerifies()
    {
        var holder = DidKey.FromPublicKey(Holder.PublicKey);
        var holderSigner = new KeyPairSigner(Holder, DidKey.VerificationMethodId(Holder.PublicKey));
        var credential = await Issue();
        var proofOptions = new PresentationProofOptions { Challenge = "c-7f3a", Domain = "https://verifier.example", Created = Created };
        var vp = await VerifiablePresentations.SignAsync(VerifiablePresentations.Create(holder, [credential]), holderSigner, proofOptions);
        var verifier = new PresentationVerifier(Verifier());

        var ok = await verifier.VerifyAsync(vp, new PresentationVerifyOptions { Challenge = "c-7f3a", Domain = "https://verifier.example" });
        Assert.True(ok.Verified, string.Join("\n", ok.Checks.Select(c => $"{c.Status} {c.Check} {c.Code} {c.Message}")));
        Assert.Equal(holder, ok.Holder);
        Assert.True(Assert.Single(ok.Credentials).Verified);

        var wrongChallenge = await verifier.VerifyAsync(vp, new PresentationVerifyOptions { Challenge = "c-other", Domain = "https://verifier.example" });
        Assert.False(wrongChallenge.Verified);
        Assert.Contains(wrongChallenge.Checks, c => c.Status == CheckStatus.Failed && c.Code == DataIntegrityErrorCodes.InvalidChallengeError);

        // Signed by the holder's key but claiming another holder: the key does not belong to the claimed holder.
        var impostor = await VerifiablePresentations.SignAsync(VerifiablePresentations.Create(DidKey.FromPublicKey(Endorser.PublicKey), [credential]), holderSigner, proofOptions);
        var refused = await verifier.VerifyAsync(impostor, new PresentationVerifyOptions { Challenge = "c-7f3a", Domain = "https://verifier.example" });
        Assert.False(refused.Verified);
        Assert.Contains(refused.Checks, c => c.Status == CheckStatus.Failed && c.Code == DataIntegrityErrorCodes.InvalidVerificationMethod && c.Path == "$.holder");
    }

    [Fact]
    public async Task ReportSerialisesToTheDocumentedJsonShape()
    {
        var endorsement = await Endorsement("https://uniz.example.edu/achievements/mc-42");
        var credential = await Issue(withEndorsements: [endorsement], mapping: MappingSamples.Options(VcDataModelVersion.V2) with { ValidUntil = Now.AddDays(-1) });
        var report = await Verifier().VerifyAsync(credential);
        var json = report.ToJson();

        Assert.Equal(["verified", "outcome", "format", "credentialId", "issuer", "checks", "conformance", "endorsements"], json.Select(kv => kv.Key));
        Assert.False((bool)json["verified"]!);
        Assert.Equal("json", (string)json["format"]!);
        Assert.Equal((string)credential["id"]!, (string)json["credentialId"]!);
        Assert.Equal(IssuerId, (string)json["issuer"]!);
        var checks = (JsonArray)json["checks"]!;
        Assert.Equal(report.Checks.Count, checks.Count);
        for (var i = 0; i < checks.Count; i++)
        {
            var entry = (JsonObject)checks[i]!;
            var check = report.Checks[i];
            Assert.Equal(check.Path is null ? ["check", "status", "code", "message"] : ["check", "status", "code", "message", "path"], entry.Select(kv => kv.Key));
            Assert.Equal(check.Status.ToString().ToLowerInvariant(), (string)entry["status"]!);
            Assert.Equal(check.Code, (string)entry["code"]!);
        }

        var expired = Assert.Single(checks, c => (string)c!["code"]! == VerificationCodes.Expired)!;
        Assert.Equal(("validity", "failed", "$.validUntil"), ((string)expired["check"]!, (string)expired["status"]!, (string)expired["path"]!));
        Assert.True((bool)Assert.Single((JsonArray)json["endorsements"]!)!["verified"]!);

        // The steps appear in the documented order.
        var order = new[] { "parsing", "context", "type", "schema", "proof", "validity", "status", "endorsement", "eu-completeness" };
        var seen = checks.Select(c => (string)c!["check"]!).Distinct().ToList();
        Assert.Equal(order.Where(seen.Contains), seen);
    }

    private static CredentialVerifier Verifier(IStatusListResolver? statusLists = null, Func<CredentialVerifierOptions, CredentialVerifierOptions>? configure = null, DateTimeOffset? clock = null)
    {
        var options = new CredentialVerifierOptions
        {
            MethodResolver = Methods,
            StatusListResolver = statusLists,
            TimeProvider = new FakeTimeProvider(clock ?? Now),
        };
        return new CredentialVerifier(configure is null ? options : configure(options));
    }

    private static CredentialIssuerOptions IssuerOptions() => new() { TimeProvider = new FakeTimeProvider(Created) };

    private static ISigner Signer(Cryptosuite suite) => suite.KeyAlgorithms.Contains(KeyAlgorithm.Ed25519) ? new KeyPairSigner(Ed, EdKeyId) : new KeyPairSigner(P256, P256KeyId);

    private static MicroCredential Elements() => MappingSamples.Load("rich-valid.json");

    /// <summary>Issues the rich sample with a hashed e-mail identity and, optionally, endorsements of its achievement.</summary>
    private static async Task<JsonObject> Issue(MappingOptions? mapping = null, DateTimeOffset? created = null, JsonObject[]? withEndorsements = null)
    {
        var credential = OpenBadgesMapper.ToCredential(Elements(), mapping ?? MappingSamples.Options(VcDataModelVersion.V2));
        var identifier = (JsonObject)((JsonArray)credential["credentialSubject"]!["identifier"]!)[0]!;
        identifier["identityHash"] = IdentityHash.Compute(LearnerEmail, (string)identifier["salt"]!);
        if (withEndorsements is not null)
        {
            credential["credentialSubject"]!["achievement"]!["endorsement"] = new JsonArray(withEndorsements.Select(e => (JsonNode)e.DeepClone()).ToArray());
        }

        return await new CredentialIssuer(IssuerOptions()).SignAsync(credential, Signer(Cryptosuite.EddsaRdfc2022), Cryptosuite.EddsaRdfc2022, new ProofOptions { Created = created ?? Created });
    }

    /// <summary>An EndorsementCredential by a did:key endorser.</summary>
    private static async Task<JsonObject> Endorsement(string endorsedId, JsonObject[]? withEndorsements = null)
    {
        var endorser = DidKey.FromPublicKey(Endorser.PublicKey);
        var endorsement = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"),
            ["id"] = "urn:uuid:2b0c6a5e-1d43-4f0e-9a8e-5c1f7d9e0a11",
            ["type"] = new JsonArray("VerifiableCredential", "EndorsementCredential"),
            ["name"] = "Partner endorsement",
            ["issuer"] = new JsonObject { ["id"] = endorser, ["type"] = new JsonArray("Profile"), ["name"] = "Partner Institute" },
            ["validFrom"] = "2024-01-01T00:00:00Z",
            ["credentialSubject"] = new JsonObject
            {
                ["id"] = endorsedId,
                ["type"] = new JsonArray("EndorsementSubject"),
                ["endorsementComment"] = "A well-designed micro-credential.",
            },
        };
        if (withEndorsements is not null)
        {
            endorsement["issuer"]!["endorsement"] = new JsonArray(withEndorsements.Select(e => (JsonNode)e.DeepClone()).ToArray());
        }

        return await new CredentialIssuer(IssuerOptions()).SignAsync(endorsement, new KeyPairSigner(Endorser, DidKey.VerificationMethodId(Endorser.PublicKey)), Cryptosuite.EddsaRdfc2022, new ProofOptions { Created = Created });
    }

    private static async Task<IStatusListResolver> Published(CredentialIssuer issuer, string listUrl)
    {
        var list = await issuer.PublishStatusListAsync(listUrl, Signer(Cryptosuite.EddsaRdfc2022), Cryptosuite.EddsaRdfc2022, new StatusListCredentialOptions { Issuer = IssuerId });
        return new StaticStatusListResolver(new Dictionary<string, JsonObject> { [listUrl] = list });
    }

    private static JsonObject ControllerDocument() => new()
    {
        ["@context"] = new JsonArray("https://www.w3.org/ns/cid/v1"),
        ["id"] = IssuerId,
        ["verificationMethod"] = new JsonArray(
            new JsonObject { ["id"] = EdKeyId, ["type"] = "Multikey", ["controller"] = IssuerId, ["publicKeyMultibase"] = Multikey.EncodePublicKey(Ed.PublicKey) },
            new JsonObject { ["id"] = P256KeyId, ["type"] = "Multikey", ["controller"] = IssuerId, ["publicKeyMultibase"] = Multikey.EncodePublicKey(P256.PublicKey) }),
        ["assertionMethod"] = new JsonArray(EdKeyId, P256KeyId),
    };
}
