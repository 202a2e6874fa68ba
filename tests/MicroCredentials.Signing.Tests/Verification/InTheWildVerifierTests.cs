using System.Text.Json.Nodes;
using MicroCredentials.Signing.JsonLd;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Tests.Support;
using MicroCredentials.Signing.Verification;
using Xunit;

namespace MicroCredentials.Signing.Tests.Verification;

/// <summary>
/// Real-world credentials (../shared/conformance/in-the-wild) through the full pipeline, offline: DCC's DID documents
/// and status lists served locally, a fixed clock. The DCC fixtures' outcomes come from their names
/// (registry-status-expiry[-extra]); their known JSON Schema violations are listed in in-the-wild-schema-violations.json.
/// </summary>
public class InTheWildVerifierTests
{
    private const string DccStatusListIssuer = "did:key:z6MknNQD1WHLGGraFi6zcbGevuAgkVfdyCdtZnQTGWVVvR5Q";
    private static readonly string Root = TestPaths.ConformanceFile("in-the-wild");
    private static readonly Lazy<JsonObject> Listed = new(() => VerifierFixtures.ReadObject(VerifierFixtures.TestData("in-the-wild-schema-violations.json")));
    private static readonly Lazy<JsonObject> SchemaViolations = new(() => (JsonObject)Listed.Value["violations"]!);

    // DCC publishes 100,000-entry lists, below the specs' 131,072 minimum.
    private const int DccListLength = 100_000;

    // The expectations below were written for the 1EdTech conformance profile: schema violations fail (Strict).
    private static CredentialVerifier Dcc(bool validateSchema = true, bool trustDccLists = false, int minimumListEntries = 131_072, SchemaPolicy schema = SchemaPolicy.Strict) => new(new CredentialVerifierOptions
    {
        MinimumStatusListEntries = minimumListEntries,
        MethodResolver = VerifierFixtures.DccMethods,
        StatusListResolver = VerifierFixtures.DccStatusLists,
        TimeProvider = VerifierFixtures.Clock,
        Schema = validateSchema ? schema : SchemaPolicy.Off,
        TrustedStatusListIssuers = trustDccLists ? [DccStatusListIssuer] : [],
    });

    public static TheoryData<string> DccFixtures()
    {
        var data = new TheoryData<string>();
        var dir = Path.Combine(Root, "dcc-vc-test-fixtures", "verifiableCredentials");
        foreach (var file in Directory.GetFiles(dir, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Root, file).Replace('\\', '/'));
        }

        return data;
    }

    [Fact]
    public void ThereAre89DccFixtures() => Assert.Equal(89, DccFixtures().Count);

    [Theory]
    [MemberData(nameof(DccFixtures))]
    public async Task DccFixtureGivesTheOutcomeItsNameSays(string path)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(Root, path));
        var credential = VerifierFixtures.ReadObject(Path.Combine(Root, path));
        var expected = Expected(path, credential, trustDccLists: false);

        // Schema off: exactly the failures the name implies (a plain VC is a warning, not a failure, outside Strict).
        var report = await Dcc(validateSchema: false).VerifyAsync(bytes);
        AssertFailures(report, expected, path);

        // Strict (the 1EdTech profile): the same, plus TYPE_INVALID for a credential of no OB type and the listed
        // schema violations at exactly their paths.
        expected = [.. expected, .. NotOpenBadge(credential)];
        var withSchema = await Dcc().VerifyAsync(bytes);
        var schemaPaths = withSchema.Failures.Where(f => f.Check == VerificationSteps.Schema).Select(f => f.Path!).Distinct().Order(StringComparer.Ordinal).ToList();
        var listed = SchemaViolations.Value[path] is JsonObject v ? ((JsonArray)v["paths"]!).Select(p => (string)p!).Order(StringComparer.Ordinal).ToList() : [];
        Assert.Equal(listed, schemaPaths);
        AssertFailures(withSchema, listed.Count > 0 ? [.. expected, (VerificationSteps.Schema, VerificationCodes.SchemaInvalid, null)] : expected, path);
    }

    [Theory]
    [MemberData(nameof(DccFixtures))]
    public async Task DccStatusListsCountOnlyWhenTheirIssuerIsTrusted(string path)
    {
        var credential = VerifierFixtures.ReadObject(Path.Combine(Root, path));
        var report = await Dcc(validateSchema: false, trustDccLists: true, minimumListEntries: DccListLength).VerifyAsync(credential);
        AssertFailures(report, Expected(path, credential, trustDccLists: true), path);
    }

    [Fact]
    public async Task ValidStatusFixtureFailsClosedOnTheListIdEvenWhenTheListIssuerIsTrusted()
    {
        // This test used to show the fixture verifying once DCC's list issuer was trusted and the 100,000-entry
        // minimum set. Its statusListCredential is a github.io mirror, and the list served there is signed as
        // https://testing.dcconsortium.org/status/e5WK8CbZ1GjycuPombrj: it does not say it is the list the entry
        // names, so nothing the caller trusts makes it answer for it (issue 11 section 7). That the list's bits and
        // issuer are read correctly under its own id is shown by StatusConformanceTests.Dcc_fixtures_give_their_named_outcome.
        var v1 = "dcc-vc-test-fixtures/verifiableCredentials/v1/dataIntegrityProof/didWeb/oidf-validStatus-noExpiry.json";
        var bytes = await File.ReadAllBytesAsync(Path.Combine(Root, v1));
        foreach (var verifier in new[] { Dcc(validateSchema: false), Dcc(validateSchema: false, trustDccLists: true), Dcc(validateSchema: false, trustDccLists: true, minimumListEntries: DccListLength) })
        {
            var report = await verifier.VerifyAsync(bytes);
            Assert.False(report.Verified);
            var status = Assert.Single(report.Failures);
            Assert.Equal(VerificationSteps.Status, status.Check);
            Assert.Equal(StatusErrorCodes.StatusVerificationError, status.Code);
            Assert.Contains($"[{StatusCheckReasons.ListIdMismatch}]", status.Message, StringComparison.Ordinal);
            Assert.Contains(report.Checks, c => c.Check == VerificationSteps.Proof && c.Status == CheckStatus.Passed);
        }
    }

    [Theory]
    [InlineData("dcc-mit-learn-obv3-template/courseCertificate.json")]
    [InlineData("dcc-mit-learn-obv3-template/moduleCertificate.json")]
    [InlineData("dcc-mit-learn-obv3-template/programCertificate.json")]
    public async Task MitLearnCertificatesVerify(string path)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(Root, path));
        var report = await Dcc(validateSchema: false).VerifyAsync(bytes);
        Assert.True(report.Verified, ReportAssert.Describe(report));
        Assert.Contains(report.Checks, c => c.Check == VerificationSteps.Proof && c.Status == CheckStatus.Passed);

        // With the schema check on, module and program certificates fail it on achievementType (listed with the reason).
        var withSchema = await Dcc().VerifyAsync(bytes);
        var listed = SchemaViolations.Value[path] is JsonObject v ? ((JsonArray)v["paths"]!).Select(p => (string)p!).ToList() : [];
        Assert.Equal(listed.Count == 0, withSchema.Verified);
        Assert.All(withSchema.Failures, f => Assert.Contains(f.Path, listed));
    }

    [Theory]
    [MemberData(nameof(DccFixtures))]
    [InlineData("dcc-mit-learn-obv3-template/courseCertificate.json")]
    [InlineData("dcc-mit-learn-obv3-template/moduleCertificate.json")]
    [InlineData("dcc-mit-learn-obv3-template/programCertificate.json")]
    public async Task UnderTheDefaultPolicyAnUndeclaredSchemaViolationNeverDecidesTheVerdict(string path)
    {
        // Issue 13 §1: a genuine credential refused under Strict only for the OB 3.0 schema it does not declare
        // verifies under Warn, with each violation as a warning; every other failure stays a failure.
        var bytes = await File.ReadAllBytesAsync(Path.Combine(Root, path));
        var strict = await Dcc(schema: SchemaPolicy.Strict).VerifyAsync(bytes);
        var warn = await Dcc(schema: SchemaPolicy.Warn).VerifyAsync(bytes);
        var declaresSchema = VerifierFixtures.ReadObject(Path.Combine(Root, path))["credentialSchema"] is not null;
        // Strict also fails a plain VC's type; under Warn that is a warning (TYPE_NOT_OPEN_BADGE).
        var nonSchemaFailures = strict.Failures.Where(f => f.Check is not (VerificationSteps.Schema or VerificationSteps.Type)).Select(f => (f.Check, f.Code)).ToList();
        Assert.Equal(nonSchemaFailures, warn.Failures.Where(f => f.Check != VerificationSteps.Schema).Select(f => (f.Check, f.Code)).ToList());
        Assert.Equal(strict.Failures.Any(f => f.Check == VerificationSteps.Type && f.Code == VerificationCodes.InvalidType), warn.Warnings.Any(w => w.Code == VerificationCodes.NotOpenBadge));
        if (!declaresSchema)
        {
            Assert.DoesNotContain(warn.Failures, f => f.Check == VerificationSteps.Schema);
            Assert.Equal(strict.Failures.Count(f => f.Check == VerificationSteps.Schema), warn.Warnings.Count(w => w.Check == VerificationSteps.Schema));
            Assert.Equal(nonSchemaFailures.Count == 0, warn.Verified);
        }
    }

    public static TheoryData<string> SchemaViolatingFixtures() => new(SchemaViolations.Value.Select(kv => kv.Key));

    [Theory]
    [MemberData(nameof(SchemaViolatingFixtures))]
    public async Task EverySchemaViolationSaysWhatToFix(string path)
    {
        // Issue 13 §1: the offending value's own path, the rule in words, the value found; never a bare "matches none".
        var report = await Dcc().VerifyAsync(await File.ReadAllBytesAsync(Path.Combine(Root, path)));
        var schema = report.Failures.Where(f => f.Check == VerificationSteps.Schema).ToList();
        Assert.NotEmpty(schema);
        Assert.All(schema, f =>
        {
            Assert.DoesNotContain("matches none of the", f.Message, StringComparison.Ordinal);
            Assert.NotNull(f.Path);
            if (f.Message.StartsWith("type:", StringComparison.Ordinal) || f.Message.StartsWith("enum:", StringComparison.Ordinal))
            {
                Assert.Contains("the value: ", f.Message, StringComparison.Ordinal);
            }
        });
    }

    [Fact]
    public async Task OpenBadgeFactoryCredentialVerifiesOnceItsRevocationListIsServed()
    {
        const string path = "obf-openbadgefactory/obf-cloudnativebergen-test-badge-2025-11-08.json";
        var credential = VerifierFixtures.ReadObject(Path.Combine(Root, path));
        var entry = (JsonObject)credential["credentialStatus"]!;
        var listUrl = (string)entry["id"]!;
        Assert.Equal(OneEdTechRevocationListChecker.Type, (string)entry["type"]!);

        // Offline, its 1EdTechRevocationList cannot be fetched: the status is undecided and the report fails closed.
        var offline = await Dcc().VerifyAsync(credential);
        var failure = Assert.Single(offline.Failures);
        Assert.Equal((VerificationSteps.Status, StatusErrorCodes.StatusRetrievalError), (failure.Check, failure.Code));
        Assert.Contains(listUrl, failure.Message, StringComparison.Ordinal);
        Assert.Contains(offline.Checks, c => c.Check == VerificationSteps.Proof && c.Status == CheckStatus.Passed);

        // No copy of OBF's list was captured; served a list that revokes nothing it verifies, one that revokes it fails.
        var issuer = (string)((JsonObject)credential["issuer"]!)["id"]!;
        var clean = await Verify(credential, RevocationList(listUrl, issuer));
        Assert.True(clean.Verified, ReportAssert.Describe(clean));
        var revoked = await Verify(credential, RevocationList(listUrl, issuer, (string)credential["id"]!));
        Assert.True(revoked.HasCode(VerificationSteps.Status, VerificationCodes.Revoked), ReportAssert.Describe(revoked));
    }

    [Fact]
    public async Task DigitalPromiseCredentialIsRefusedWithASafeModeError()
    {
        var report = await Dcc().VerifyAsync(await File.ReadAllBytesAsync(Path.Combine(Root, "dcc-verifier-core", "safeModeBreaker-digitalpromise.json")));
        Assert.False(report.Verified);
        var context = Assert.Single(report.Failures, f => f.Check == VerificationSteps.Context);
        Assert.Equal(VerificationCodes.JsonLdError, context.Code);
        Assert.Equal("$.credentialStatus.type", context.Path);
        Assert.Contains("StatusList2021Entry", context.Message, StringComparison.Ordinal);

        // The proof fails too. Its verificationMethod is a bare did:key (no #fragment), which is refused before the
        // document is canonicalized, so the code is INVALID_VERIFICATION_METHOD rather than PROOF_TRANSFORMATION_ERROR.
        var proof = Assert.Single(report.Failures, f => f.Check == VerificationSteps.Proof);
        Assert.Equal("INVALID_VERIFICATION_METHOD", proof.Code);
    }

    [Theory]
    [InlineData("oeb-ai-act-2025-12-04.json", true)]
    [InlineData("oeb-competent-developer-2026-01-15.json", false)]
    public async Task OpenEducationalBadgesReportTheirHttpKeyAsUnresolvableOffline(string file, bool usesUndefinedTerm)
    {
        // No copy of the issuer profile holding the key (api.openbadges.education/public/issuers/…?v=3_0) exists, so
        // only the offline outcome is tested: the key cannot be resolved and the verifier says so instead of guessing.
        var report = await Dcc().VerifyAsync(await File.ReadAllBytesAsync(Path.Combine(Root, "oeb-openbadges-education", file)));
        Assert.False(report.Verified);
        var proof = Assert.Single(report.Failures, f => f.Check == VerificationSteps.Proof);
        Assert.Equal("INVALID_VERIFICATION_METHOD", proof.Code);
        Assert.Contains("https://api.openbadges.education/public/issuers/h6VCjbRBR7eC22jwUz45JA?v=3_0#key-0", proof.Message, StringComparison.Ordinal);
        Assert.Contains(report.Checks, c => c.Check == VerificationSteps.Status && c.Code == VerificationCodes.SkippedProofFailed);
        Assert.Equal(usesUndefinedTerm, report.Failures.Any(f => f.Check == VerificationSteps.Context && f.Code == VerificationCodes.JsonLdError && f.Path == "$.credentialSubject.activityLocation"));
        Assert.Equal(usesUndefinedTerm ? 2 : 1, report.Failures.Count());
    }

    public static TheoryData<string> EdubadgesCredentials()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "edubadges-obv3-examples", "credentials"), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EdubadgesCredentials))]
    public async Task EdubadgesCredentialsAreNotProcessableJsonLd(string file)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(Root, "edubadges-obv3-examples", "credentials", file));

        // Bundled contexts only: their private context is unknown and never fetched.
        var offline = await Dcc().VerifyAsync(bytes);
        Assert.False(offline.Verified);
        Assert.Contains(offline.Failures, f => f.Check == VerificationSteps.Context && f.Code == VerificationCodes.UnknownContext);

        // With their context served, JSON-LD processing fails on it (a scoped context spelled "context").
        var loader = StaticDocumentLoader.Default.With(
            "https://raw.githubusercontent.com/educredentials/obv3-examples/refs/heads/main/contexts/educredential.json",
            await File.ReadAllTextAsync(Path.Combine(Root, "edubadges-obv3-examples", "contexts", "educredential.json")));
        var served = await new CredentialVerifier(new CredentialVerifierOptions { DocumentLoader = loader, TimeProvider = VerifierFixtures.Clock }).VerifyAsync(bytes);
        Assert.False(served.Verified);
        var context = Assert.Single(served.Failures, f => f.Check == VerificationSteps.Context);
        Assert.Equal(VerificationCodes.JsonLdError, context.Code);
        Assert.Contains(served.Failures, f => f.Check == VerificationSteps.Proof && f.Code == VerificationCodes.ProofMissing);
    }

    private static async Task<VerificationReport> Verify(JsonObject credential, JsonObject list) =>
        await new CredentialVerifier(new CredentialVerifierOptions
        {
            StatusListResolver = new StaticStatusListResolver(new Dictionary<string, JsonObject> { [(string)list["id"]!] = list }),
            TimeProvider = VerifierFixtures.Clock,
        }).VerifyAsync(credential);

    private static JsonObject RevocationList(string url, string issuer, params string[] revoked) => new()
    {
        ["id"] = url,
        ["issuer"] = issuer,
        ["revokedCredential"] = new JsonArray(revoked.Select(id => (JsonNode)new JsonObject { ["id"] = id }).ToArray()),
    };

    /// <summary>Under Strict, a credential of no OB 3.0 type fails the type check.</summary>
    private static List<(string Check, string Code, string? Fragment)> NotOpenBadge(JsonObject credential)
    {
        var types = credential["type"] is JsonArray t ? t.Select(x => (string)x!).ToList() : [(string)credential["type"]!];
        return types.Any(x => x is "AchievementCredential" or "OpenBadgeCredential" or "EndorsementCredential") ? [] : [(VerificationSteps.Type, VerificationCodes.InvalidType, null)];
    }

    /// <summary>The failures a DCC fixture's name implies: (check, code, message fragment).</summary>
    private static List<(string Check, string Code, string? Fragment)> Expected(string path, JsonObject credential, bool trustDccLists)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        var parts = name.Split('-');
        var status = parts.Length > 1 ? parts[1] : string.Empty;
        var expiry = parts.Length > 2 ? parts[2] : string.Empty;
        var extras = parts.Skip(3).ToHashSet(StringComparer.Ordinal);
        var expected = new List<(string, string, string?)>();
        if (name == "badDidWeb")
        {
            expected.Add((VerificationSteps.Proof, "INVALID_VERIFICATION_METHOD", "dcc-did-web-bad"));
            return expected;
        }

        if (extras.Contains("oldDCCExample"))
        {
            // Needs https://w3id.org/dcc/v1, which is not bundled and never fetched: undecidable, so both checks fail.
            expected.Add((VerificationSteps.Context, VerificationCodes.UnknownContext, "https://w3id.org/dcc/v1"));
            expected.Add((VerificationSteps.Proof, "PROOF_TRANSFORMATION_ERROR", null));
            return expected;
        }

        if (extras.Contains("tampered"))
        {
            expected.Add((VerificationSteps.Proof, "PROOF_VERIFICATION_ERROR", null));
            return expected;
        }

        if (Listed.Value["nameMismatches"]![path] is JsonObject mismatch)
        {
            expected.AddRange(((JsonArray)mismatch["extraFailures"]!).Select(f => ((string)f!["check"]!, (string)f["code"]!, (string?)null)));
        }

        if (expiry == "expired")
        {
            expected.Add((VerificationSteps.ValidityWindow, VerificationCodes.Expired, null));
        }

        if (extras.Contains("notYetValid"))
        {
            expected.Add((VerificationSteps.ValidityWindow, VerificationCodes.NotYetValid, null));
        }

        var statusList = credential["credentialStatus"] is JsonObject entry ? (string?)entry["statusListCredential"] : null;
        switch (status)
        {
            case "noStatus":
                break;
            case "validStatus" or "revokedStatus" or "revokedStaus" or "revoked" when statusList?.EndsWith("/e5WK8CbZ1GjycuPombrj", StringComparison.Ordinal) == true:
                // These fixtures name a mirror (github.io or raw.githubusercontent) of DCC's main list, which is signed
                // as https://testing.dcconsortium.org/status/e5WK8CbZ1GjycuPombrj: the list served does not say it
                // is the one named, trusted or not, so the status fails closed (issue 11 section 7). Their named
                // outcome under the list's own id: StatusConformanceTests.Dcc_fixtures_give_their_named_outcome.
                expected.Add((VerificationSteps.Status, StatusErrorCodes.StatusVerificationError, StatusCheckReasons.ListIdMismatch));
                break;
            case "validStatus" when trustDccLists:
                break;
            case "revokedStatus" or "revokedStaus" or "revoked" when trustDccLists:
                expected.Add((VerificationSteps.Status, VerificationCodes.Revoked, null));
                break;
            case "validStatus" or "revokedStatus" or "revokedStaus" or "revoked":
                // DCC's lists are issued by did:key:z6MknNQD…, not by these credentials' issuers: refused by default.
                expected.Add((VerificationSteps.Status, StatusErrorCodes.StatusVerificationError, StatusCheckReasons.IssuerMismatch));
                break;
            case "expiredStatus":
                expected.Add((VerificationSteps.Status, StatusErrorCodes.StatusVerificationError, StatusCheckReasons.ListExpired));
                break;
            case "notYetValidStatus":
                expected.Add((VerificationSteps.Status, StatusErrorCodes.StatusVerificationError, StatusCheckReasons.ListNotYetValid));
                break;
            case "missingTypeStatus":
                expected.Add((VerificationSteps.Status, StatusErrorCodes.StatusVerificationError, StatusCheckReasons.WrongType));
                break;
            case "tamperedStatus":
                expected.Add((VerificationSteps.Status, StatusErrorCodes.StatusVerificationError, StatusCheckReasons.ProofInvalid));
                break;
            default:
                throw new InvalidOperationException($"{path}: unknown status part '{status}'");
        }

        return expected;
    }

    private static void AssertFailures(VerificationReport report, List<(string Check, string Code, string? Fragment)> expected, string path)
    {
        var dump = path + "\n" + ReportAssert.Describe(report);
        Assert.True(expected.Count == 0 == report.Verified, dump);
        var actual = report.Failures.Select(f => (f.Check, f.Code)).Distinct().Order().ToList();
        Assert.True(actual.SequenceEqual(expected.Select(e => (e.Check, e.Code)).Distinct().Order()), "unexpected failure set\n" + dump);
        foreach (var (check, code, fragment) in expected.Where(e => e.Fragment is not null))
        {
            Assert.True(report.Failures.Any(f => f.Check == check && f.Code == code && f.Message.Contains(fragment!, StringComparison.Ordinal)), $"expected {check} {code} naming {fragment}\n{dump}");
        }
    }
}
