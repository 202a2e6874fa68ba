using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Baking;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Jose;
using MicroCredentials.Signing.Json;
using MicroCredentials.Signing.JsonLd;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Tests.Jose;
using MicroCredentials.Signing.Tests.Status;
using MicroCredentials.Signing.Tests.Support;
using MicroCredentials.Signing.Verification;
using Xunit;
using static MicroCredentials.Signing.Tests.Hostile.HostileFixture;

namespace MicroCredentials.Signing.Tests.Hostile;

/// <summary>
/// Issue 7's limits and attacks that the verifier owns or must pass through unharmed: input limits, JSON-LD limits,
/// endorsements, VC-JWT, status lists, baked images and the fetch policy, each through
/// <see cref="CredentialVerifier.VerifyAsync(ReadOnlyMemory{byte}, VerifyOptions?, CancellationToken)"/>.
/// </summary>
public sealed class HostileVerifierTests
{
    // ---- Input limits ----

    [Theory]
    [InlineData("issuer")]
    [InlineData("proof")]
    [InlineData("credentialSubject")]
    public async Task Duplicate_member_names_are_refused_before_anything_is_verified(string member)
    {
        using var issuer = IssuerEd25519();
        var text = (await SignedAsync(issuer)).ToJsonString();
        var value = JsonNode.Parse(text)![member]!.ToJsonString();
        // Last-wins and first-wins parsers would read different credentials: the second copy must not be ignored.
        var duplicated = text[..^1] + $",\"{member}\":{value}}}";
        AssertFails(await Verifier().VerifyAsync(duplicated), VerificationSteps.Parsing, JsonInputException.DuplicateMember);
    }

    [Fact]
    public async Task Input_past_the_byte_limit_is_refused_unread()
    {
        var limits = VerificationLimits.Default with { Json = new JsonInputLimits { MaxBytes = 1024 } };
        var report = await Verifier(new() { Limits = limits }).VerifyAsync(Encoding.UTF8.GetBytes("{\"a\":\"" + new string('x', 2000) + "\"}"));
        AssertFails(report, VerificationSteps.Parsing, JsonInputException.TooLarge);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // an encoded surrogate (CESU-8)
    [InlineData(new byte[] { 0xC0, 0xAF })] // overlong '/'
    public async Task Invalid_utf8_inside_a_signed_credential_is_refused_not_repaired(byte[] invalid)
    {
        // The signed name holds U+FFFD; the same bytes with the replacement character swapped for invalid UTF-8 would
        // verify if the verifier repaired them, while another parser reads something else.
        using var issuer = IssuerEd25519();
        var text = (await SignAsync(Credential(Did(issuer), name: "Data � Literacy"), issuer)).ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var bytes = Encoding.UTF8.GetBytes(text);
        AssertVerified(await Verifier().VerifyAsync(bytes));
        var replacement = Encoding.UTF8.GetBytes("�");
        var at = bytes.AsSpan().IndexOf(replacement);
        byte[] tampered = [.. bytes.AsSpan(0, at), .. invalid, .. bytes.AsSpan(at + replacement.Length)];
        AssertFails(await Verifier().VerifyAsync(tampered), VerificationSteps.Parsing, JsonInputException.InvalidJson);
    }

    [Fact]
    public async Task Nesting_past_the_depth_limit_is_refused()
    {
        var deep = "{\"a\":" + new string('[', 100_000) + new string(']', 100_000) + "}";
        AssertFails(await Verifier().VerifyAsync(deep), VerificationSteps.Parsing, JsonInputException.TooDeep);
    }

    [Fact]
    public async Task A_credential_object_that_cannot_be_serialised_is_reported_not_thrown()
    {
        using var issuer = IssuerEd25519();
        var signed = await SignedAsync(issuer);
        signed["name"] = JsonValue.Create(double.NaN);
        var report = await Verifier().VerifyAsync(signed);
        AssertFails(report, VerificationSteps.Parsing, JsonInputException.InvalidJson);
    }

    // ---- JSON-LD limits through the verifier ----

    private static StaticDocumentLoader LoaderWith(IEnumerable<(string Url, string Json)> documents)
    {
        var loader = StaticDocumentLoader.Default;
        foreach (var (url, json) in documents)
        {
            loader = loader.With(url, json);
        }

        return loader;
    }

    [Fact]
    public async Task Remote_contexts_nested_past_the_limit_are_refused()
    {
        // ctx/0 -> ctx/1 -> ... -> ctx/39: each context imports the next.
        var docs = Enumerable.Range(0, 40).Select(i => ($"https://contexts.example/ctx/{i}", i < 39 ? $"{{\"@context\":\"https://contexts.example/ctx/{i + 1}\"}}" : "{\"@context\":{}}"));
        using var issuer = IssuerEd25519();
        var credential = await SignedAsync(issuer);
        ((JsonArray)credential["@context"]!).Add("https://contexts.example/ctx/0");
        var report = await VerifyAsync(credential, new() { DocumentLoader = LoaderWith(docs) });
        var check = AssertFails(report, VerificationSteps.Context, VerificationCodes.ContextLimitExceeded);
        Assert.Contains("context overflow", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_remote_contexts_than_the_limit_are_refused()
    {
        var docs = Enumerable.Range(0, JsonLdLimits.Default.MaxRemoteContexts + 8).Select(i => ($"https://contexts.example/flat/{i}", "{\"@context\":{}}")).ToList();
        using var issuer = IssuerEd25519();
        var credential = await SignedAsync(issuer);
        foreach (var (url, _) in docs)
        {
            ((JsonArray)credential["@context"]!).Add(url);
        }

        var report = await VerifyAsync(credential, new() { DocumentLoader = LoaderWith(docs) });
        AssertFails(report, VerificationSteps.Context, VerificationCodes.ContextLimitExceeded);
    }

    [Fact]
    public async Task Expansion_deeper_than_the_limit_is_refused_even_when_the_json_limits_allow_it()
    {
        using var issuer = IssuerEd25519();
        var credential = await SignedAsync(issuer);
        JsonNode nested = "deep";
        for (var i = 0; i < JsonLdLimits.Default.MaxExpansionDepth + 10; i++)
        {
            nested = new JsonArray(nested);
        }

        credential["credentialSubject"]!["achievement"]!["name"] = nested;
        var limits = VerificationLimits.Default with { Json = new JsonInputLimits { MaxDepth = 500 } };
        var report = await VerifyAsync(credential, new() { Limits = limits, Schema = SchemaPolicy.Off });
        AssertFails(report, VerificationSteps.Context, VerificationCodes.ContextLimitExceeded);
    }

    [Fact]
    public async Task A_credential_carrying_thousands_of_symmetric_blank_nodes_fails_within_the_canonicalization_budget()
    {
        // A ring of blank nodes (absolute-IRI properties, so safe mode keeps them): every node looks alike, so RDFC-1.0 needs Hash N-Degree Quads
        // for each of them, far past the default budget of 2,000 calls. A proof is attached so the proof step must run.
        using var issuer = IssuerEd25519();
        var credential = await SignedAsync(issuer);
        const int Nodes = 3_000;
        var ring = new JsonArray();
        for (var i = 0; i < Nodes; i++)
        {
            ring.Add(new JsonObject { ["@id"] = $"_:b{i}", ["https://example.org/next"] = new JsonObject { ["@id"] = $"_:b{(i + 1) % Nodes}" } });
        }

        credential["credentialSubject"]!["https://example.org/ring"] = ring;
        var report = await VerifyAsync(credential, new() { Schema = SchemaPolicy.Off });
        var check = AssertFails(report, VerificationSteps.Proof, DataIntegrityErrorCodes.ProofTransformationError);
        Assert.True(check.Message.Contains("RDFC_WORK_LIMIT_EXCEEDED", StringComparison.Ordinal), check.Message);
    }

    // ---- Endorsements ----

    private static JsonObject Endorsement(string issuer, string comment = "Rigorous assessment.") => new()
    {
        ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"),
        ["id"] = "urn:uuid:1c1f8a4e-7f0c-4a84-9f5e-0d3b7a0e2c11",
        ["type"] = new JsonArray("VerifiableCredential", "EndorsementCredential"),
        ["issuer"] = new JsonObject { ["id"] = issuer, ["type"] = new JsonArray("Profile"), ["name"] = "Quality Agency" },
        ["validFrom"] = "2026-01-01T00:00:00Z",
        ["name"] = "Endorsement of Data Literacy",
        ["credentialSubject"] = new JsonObject
        {
            ["id"] = "https://example.edu/achievements/1",
            ["type"] = new JsonArray("EndorsementSubject"),
            ["endorsementComment"] = comment,
        },
    };

    // OB 3.0's schema wants an embedded endorsement's proof as an array; one proof in an array signs the same.
    private static async Task<JsonObject> SignEndorsementAsync(JsonObject endorsement, KeyPair key)
    {
        var signed = await SignAsync(endorsement, key);
        signed["proof"] = new JsonArray(signed["proof"]!.DeepClone());
        return signed;
    }

    [Fact]
    public async Task More_endorsements_than_the_limit_fail_the_credential()
    {
        using var issuer = IssuerEd25519();
        using var endorser = AttackerEd25519();
        var endorsement = await SignEndorsementAsync(Endorsement(Did(endorser)), endorser);
        var credential = Credential(Did(issuer));
        var list = new JsonArray();
        for (var i = 0; i < VerificationLimits.Default.MaxEndorsements + 1; i++)
        {
            list.Add(endorsement.DeepClone());
        }

        credential["endorsement"] = list;
        var report = await VerifyAsync(await SignAsync(credential, issuer));
        AssertFails(report, VerificationSteps.Endorsement, VerificationCodes.EndorsementLimitExceeded);
        Assert.Empty(report.Endorsements);
    }

    [Fact]
    public async Task Endorsements_nested_past_the_depth_limit_are_not_followed()
    {
        using var issuer = IssuerEd25519();
        using var endorser = AttackerEd25519();
        var inner = await SignEndorsementAsync(Endorsement(Did(endorser), "inner"), endorser);
        var outerUnsigned = Endorsement(Did(endorser), "outer");
        outerUnsigned["endorsement"] = new JsonArray(inner);
        var outer = await SignEndorsementAsync(outerUnsigned, endorser);
        var credential = Credential(Did(issuer));
        credential["endorsement"] = new JsonArray(outer);
        var signed = await SignAsync(credential, issuer);

        var report = await VerifyAsync(signed, new() { Limits = VerificationLimits.Default with { MaxEndorsementDepth = 1 } });
        AssertVerified(report);
        var level1 = Assert.Single(report.Endorsements);
        Assert.Contains(level1.Checks, c => c.Code == VerificationCodes.EndorsementLimitExceeded && c.Status == CheckStatus.Warning);
        Assert.Empty(level1.Endorsements);

        // With the default depth both levels are verified: the limit, not something else, stopped the recursion.
        var full = await VerifyAsync(signed);
        Assert.Single(Assert.Single(full.Endorsements).Endorsements);
    }

    [Fact]
    public async Task Endorsements_of_a_credential_whose_proof_failed_are_not_verified()
    {
        // Amplification defence: an unsigned request must not buy one full verification per endorsement.
        using var issuer = IssuerEd25519();
        using var endorser = AttackerEd25519();
        var endorsement = await SignEndorsementAsync(Endorsement(Did(endorser)), endorser);
        var credential = Credential(Did(issuer));
        credential["endorsement"] = new JsonArray(endorsement);
        var signed = await SignAsync(credential, issuer);
        Assert.Single((await VerifyAsync(signed)).Endorsements);

        signed["name"] = "Forged";
        var report = await VerifyAsync(signed);
        AssertFails(report, VerificationSteps.Proof, DataIntegrityErrorCodes.ProofVerificationError);
        Assert.Empty(report.Endorsements);
        Assert.Contains(report.Checks, c => c.Check == VerificationSteps.Endorsement && c.Code == VerificationCodes.SkippedProofFailed && c.Status == CheckStatus.Skipped);
    }

    [Fact]
    public async Task A_tampered_endorsement_is_reported_and_never_counted_as_verified()
    {
        using var issuer = IssuerEd25519();
        using var endorser = AttackerEd25519();
        var endorsement = await SignEndorsementAsync(Endorsement(Did(endorser)), endorser);
        endorsement["credentialSubject"]!["endorsementComment"] = "Outstanding, world-class programme.";
        var credential = Credential(Did(issuer));
        credential["endorsement"] = new JsonArray(endorsement);
        var report = await VerifyAsync(await SignAsync(credential, issuer));
        Assert.Contains(report.Checks, c => c.Check == VerificationSteps.Endorsement && c.Code == VerificationCodes.EndorsementInvalid);
        Assert.False(Assert.Single(report.Endorsements).Verified);
    }

    // ---- VC-JWT through the verifier ----

    private static string Payload(JsonObject credential) => JoseFixtures.Payload(credential);

    private static string B64(string s) => JoseFixtures.B64(s);

    private static async Task<VerificationReport> VerifyJwtAsync(string jwt, CredentialVerifierOptions? options = null) =>
        await Verifier(options).VerifyAsync(Encoding.ASCII.GetBytes(jwt));

    [Fact]
    public async Task A_genuine_vc_jwt_verifies()
    {
        using var issuer = IssuerEd25519();
        var jwt = await VcJwt.IssueAsync(Credential(Did(issuer)), Signer(issuer));
        var report = await VerifyJwtAsync(jwt);
        AssertVerified(report);
        Assert.Equal("jwt", report.InputFormat);
    }

    [Fact]
    public async Task Jwt_alg_none_is_refused()
    {
        using var issuer = IssuerEd25519();
        var unsigned = B64("""{"alg":"none","typ":"JWT"}""") + "." + B64(Payload(Credential(Did(issuer)))) + ".";
        AssertFails(await VerifyJwtAsync(unsigned), VerificationSteps.Parsing, JwtErrorCodes.AlgNotAllowed);
    }

    [Fact]
    public async Task Jwt_hs256_with_the_issuers_public_key_as_secret_is_refused()
    {
        using var issuer = IssuerEd25519();
        var kid = DidKey.VerificationMethodId(issuer.PublicKey);
        foreach (var secret in new[] { issuer.PublicKey.Bytes.ToArray(), Encoding.UTF8.GetBytes(kid), Encoding.UTF8.GetBytes(Jwk.ExportPublicKey(issuer.PublicKey).ToJsonString()) })
        {
            var jwt = JoseFixtures.Craft($$"""{"alg":"HS256","kid":"{{kid}}"}""", Payload(Credential(Did(issuer))), d => HMACSHA256.HashData(secret, d));
            AssertFails(await VerifyJwtAsync(jwt), VerificationSteps.Parsing, JwtErrorCodes.AlgNotAllowed);
        }
    }

    [Fact]
    public async Task Jwt_alg_that_does_not_match_the_key_type_is_refused()
    {
        using var issuer = IssuerEd25519();
        var jwt = JoseFixtures.Craft($$"""{"alg":"ES256","kid":"{{DidKey.VerificationMethodId(issuer.PublicKey)}}"}""", Payload(Credential(Did(issuer))), d => issuer.Sign(d));
        AssertFails(await VerifyJwtAsync(jwt), VerificationSteps.Proof, JwtErrorCodes.AlgKeyMismatch);
    }

    [Theory]
    [InlineData("../../../../etc/passwd", JwtErrorCodes.KidUnresolved)]
    [InlineData("file:///etc/passwd", JwtErrorCodes.KidUnresolved)]
    [InlineData("ISSUER\u0000", JwtErrorCodes.KidUnresolved)]
    [InlineData("ISSUER/../key", JwtErrorCodes.KidUnresolved)]
    [InlineData("ATTACKER", JwtErrorCodes.KidNotIssuerKey)]
    public async Task Jwt_kid_tricks_are_refused(string kid, string code)
    {
        using var issuer = IssuerEd25519();
        using var attacker = AttackerEd25519();
        kid = kid == "ATTACKER" ? DidKey.VerificationMethodId(attacker.PublicKey) : kid.Replace("ISSUER", DidKey.VerificationMethodId(issuer.PublicKey), StringComparison.Ordinal);
        var header = new JsonObject { ["alg"] = "EdDSA", ["kid"] = kid }.ToJsonString();
        var jwt = JoseFixtures.Craft(header, Payload(Credential(Did(issuer))), d => attacker.Sign(d));
        AssertFails(await VerifyJwtAsync(jwt), VerificationSteps.Proof, code);
    }

    [Fact]
    public async Task Jwt_with_an_oversized_header_is_refused()
    {
        using var issuer = IssuerEd25519();
        var header = new JsonObject { ["alg"] = "EdDSA", ["kid"] = DidKey.VerificationMethodId(issuer.PublicKey), ["x"] = new string('a', 9_000) }.ToJsonString();
        var jwt = JoseFixtures.Craft(header, Payload(Credential(Did(issuer))), d => issuer.Sign(d));
        AssertFails(await VerifyJwtAsync(jwt), VerificationSteps.Parsing, JwtErrorCodes.TooLarge);
    }

    [Fact]
    public async Task Jwt_longer_than_the_verifier_limit_is_refused_before_decoding()
    {
        using var issuer = IssuerEd25519();
        var jwt = await VcJwt.IssueAsync(Credential(Did(issuer)), Signer(issuer));
        var limits = VerificationLimits.Default with { MaxJwtLength = jwt.Length - 1 };
        AssertFails(await VerifyJwtAsync(jwt, new() { Limits = limits }), VerificationSteps.Parsing, JwtErrorCodes.TooLarge);
    }

    [Fact]
    public async Task Jwt_with_an_unknown_crit_extension_is_refused()
    {
        using var issuer = IssuerEd25519();
        var header = $$"""{"alg":"EdDSA","kid":"{{DidKey.VerificationMethodId(issuer.PublicKey)}}","crit":["exp-policy"],"exp-policy":1}""";
        var jwt = JoseFixtures.Craft(header, Payload(Credential(Did(issuer))), d => issuer.Sign(d));
        AssertFails(await VerifyJwtAsync(jwt), VerificationSteps.Parsing, JwtErrorCodes.CritUnsupported);
    }

    [Fact]
    public async Task Jwt_with_a_jwk_header_that_is_not_the_issuers_key_is_refused()
    {
        using var issuer = IssuerEd25519();
        using var attacker = AttackerEd25519();
        var jwk = Jwk.ExportPublicKey(attacker.PublicKey).ToJsonString();
        var jwt = JoseFixtures.Craft($$"""{"alg":"EdDSA","jwk":{{jwk}}}""", Payload(Credential(Did(issuer))), d => attacker.Sign(d));
        AssertFails(await VerifyJwtAsync(jwt), VerificationSteps.Proof, JwtErrorCodes.JwkNotIssuerKey);
    }

    [Fact]
    public async Task Jwt_with_a_tampered_payload_is_refused()
    {
        using var issuer = IssuerEd25519();
        var jwt = await VcJwt.IssueAsync(Credential(Did(issuer)), Signer(issuer));
        var parts = jwt.Split('.');
        var forged = parts[0] + "." + B64(Payload(Credential(Did(issuer), name: "Doctorate"))) + "." + parts[2];
        AssertFails(await VerifyJwtAsync(forged), VerificationSteps.Proof, JwtErrorCodes.SignatureInvalid);
    }

    // ---- Status lists through the verifier ----

    private static async Task<JsonObject> CredentialWithStatusAsync(KeyPair issuer, JsonNode index)
    {
        var credential = Credential(Did(issuer));
        credential["credentialStatus"] = StatusEntry(index);
        return await SignAsync(credential, issuer);
    }

    private static CredentialVerifierOptions WithList(JsonObject list) =>
        new() { StatusListResolver = new StaticStatusListResolver(new Dictionary<string, JsonObject> { [StatusListUrl] = list }) };

    [Fact]
    public async Task A_credential_on_a_genuine_status_list_verifies()
    {
        using var issuer = IssuerEd25519();
        var list = await SignAsync(StatusList(Did(issuer), new BitstringStatusList().Encode()), issuer);
        var report = await VerifyAsync(await CredentialWithStatusAsync(issuer, "123"), WithList(list));
        AssertVerified(report);
        Assert.Contains(report.Checks, c => c.Check == VerificationSteps.Status && c.Status == CheckStatus.Passed);
    }

    [Fact]
    public async Task A_status_list_that_is_a_gzip_bomb_is_refused_with_the_size_limit()
    {
        using var issuer = IssuerEd25519();
        var list = await SignAsync(StatusList(Did(issuer), GzipBomb.Encoded), issuer);
        var report = await VerifyAsync(await CredentialWithStatusAsync(issuer, "123"), WithList(list));
        // The Bitstring Status List error code, with the limit named as the reason.
        var check = AssertFails(report, VerificationSteps.Status, StatusErrorCodes.MalformedValueError);
        Assert.Contains($"[{StatusErrorCodes.TooLarge}]", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_status_list_issued_by_someone_else_is_refused()
    {
        using var issuer = IssuerEd25519();
        using var attacker = AttackerEd25519();
        var credential = await CredentialWithStatusAsync(issuer, "123");
        // The attacker's own list, properly signed by the attacker.
        var own = await SignAsync(StatusList(Did(attacker), new BitstringStatusList().Encode()), attacker);
        var report = await VerifyAsync(credential, WithList(own));
        var check = AssertFails(report, VerificationSteps.Status, StatusErrorCodes.StatusVerificationError);
        Assert.Contains(StatusCheckReasons.IssuerMismatch, check.Message, StringComparison.Ordinal);
        // A list naming the issuer, signed by the attacker.
        var impersonating = await SignAsync(StatusList(Did(issuer), new BitstringStatusList().Encode()), attacker);
        check = AssertFails(await VerifyAsync(credential, WithList(impersonating)), VerificationSteps.Status, StatusErrorCodes.StatusVerificationError);
        Assert.Contains(StatusCheckReasons.ProofInvalid, check.Message, StringComparison.Ordinal);
        // ... unless the caller trusts the attacker as a status-list issuer.
        AssertVerified(await VerifyAsync(credential, WithList(own) with { TrustedStatusListIssuers = [Did(attacker)] }));
    }

    [Fact]
    public async Task A_status_list_shorter_than_the_minimum_is_refused()
    {
        using var issuer = IssuerEd25519();
        var list = await SignAsync(StatusList(Did(issuer), EncodedZeros(1024)), issuer);
        var report = await VerifyAsync(await CredentialWithStatusAsync(issuer, "123"), WithList(list));
        AssertFails(report, VerificationSteps.Status, StatusErrorCodes.StatusListLengthError);
    }

    public static TheoryData<string> BadIndices() => new() { "131072", "99999999999999999999", "-1", "12a", "1e3", " 12", "0x10", "１２", string.Empty, "1.5", "null", "true" };

    [Theory]
    [MemberData(nameof(BadIndices))]
    public async Task A_status_index_out_of_range_or_not_a_decimal_integer_is_refused(string index)
    {
        using var issuer = IssuerEd25519();
        JsonNode? node = index switch
        {
            "1.5" => JsonValue.Create(1.5),
            "true" => JsonValue.Create(true),
            "null" => null,
            _ => index,
        };
        var list = await SignAsync(StatusList(Did(issuer), new BitstringStatusList().Encode()), issuer);
        var credential = Credential(Did(issuer));
        var entry = StatusEntry("0");
        entry["statusListIndex"] = node;
        credential["credentialStatus"] = entry;
        var report = await VerifyAsync(await SignAsync(credential, issuer), WithList(list) with { Schema = SchemaPolicy.Off });
        AssertFails(report, VerificationSteps.Status, StatusErrorCodes.RangeError);
    }

    [Fact]
    public async Task A_stale_status_list_past_its_validUntil_is_refused()
    {
        using var issuer = IssuerEd25519();
        var list = await SignAsync(StatusList(Did(issuer), new BitstringStatusList().Encode(), validUntil: "2026-02-01T00:00:00Z"), issuer);
        var report = await VerifyAsync(await CredentialWithStatusAsync(issuer, "123"), WithList(list));
        var check = AssertFails(report, VerificationSteps.Status, StatusErrorCodes.StatusVerificationError);
        Assert.Contains(StatusCheckReasons.ListExpired, check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_status_entry_without_a_resolver_fails_closed()
    {
        using var issuer = IssuerEd25519();
        AssertFails(await VerifyAsync(await CredentialWithStatusAsync(issuer, "123")), VerificationSteps.Status, VerificationCodes.StatusUnresolvable);
    }

    // ---- Baked images through VerifyAsync(bytes) ----

    private static byte[] SamplePng() => File.ReadAllBytes(TestPaths.RepoFile("samples", "badges", "badge.png"));

    private static byte[] SampleSvg() => File.ReadAllBytes(TestPaths.RepoFile("samples", "badges", "badge.svg"));

    private static byte[] PngChunk(string type, byte[] data) => PngChunks.Build(type, data);

    /// <summary>The sample PNG with raw bytes inserted right after IHDR (signature 8 bytes + IHDR 25 bytes).</summary>
    private static byte[] PngWith(params byte[][] extra)
    {
        var png = SamplePng();
        var ihdrEnd = 8 + 12 + (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(8));
        return [.. png.AsSpan(0, ihdrEnd), .. extra.SelectMany(e => e), .. png.AsSpan(ihdrEnd)];
    }

    [Fact]
    public async Task Baked_png_and_svg_badges_verify()
    {
        using var issuer = IssuerEd25519();
        var text = (await SignedAsync(issuer)).ToJsonString();
        var png = await Verifier().VerifyAsync(BadgeBaker.Bake(SamplePng(), text));
        AssertVerified(png);
        Assert.Equal("png", png.InputFormat);
        AssertVerified(await Verifier().VerifyAsync(BadgeBaker.Bake(SampleSvg(), text)));
    }

    [Fact]
    public async Task A_png_with_a_huge_itxt_length_is_refused_before_reading_it()
    {
        var header = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, 0x7FFFFFF0);
        "iTXt"u8.CopyTo(header.AsSpan(4));
        AssertFails(await Verifier().VerifyAsync(PngWith(header)), VerificationSteps.Parsing, BakingException.ChunkTooLarge);
    }

    [Fact]
    public async Task A_png_with_a_large_truthful_itxt_chunk_is_refused()
    {
        byte[] itxt = [.. "openbadgecredential"u8, 0, 0, 0, 0, 0, .. Encoding.ASCII.GetBytes(new string('x', BakingLimits.Default.MaxCredentialBytes + 1))];
        AssertFails(await Verifier().VerifyAsync(PngWith(PngChunk("iTXt", itxt))), VerificationSteps.Parsing, BakingException.ChunkTooLarge);
    }

    [Fact]
    public async Task A_png_with_many_itxt_chunks_is_refused()
    {
        var tiny = PngChunk("iTXt", [.. "comment"u8, 0, 0, 0, 0, 0, .. "x"u8]);
        var png = PngWith(Enumerable.Repeat(tiny, BakingLimits.Default.MaxChunkCount + 10).ToArray());
        AssertFails(await Verifier().VerifyAsync(png), VerificationSteps.Parsing, BakingException.TooManyChunks);
    }

    [Fact]
    public async Task An_svg_with_an_external_entity_is_refused()
    {
        var svg = """
            <?xml version="1.0"?>
            <!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential>&xxe;</openbadges:credential></svg>
            """;
        AssertFails(await Verifier().VerifyAsync(Encoding.UTF8.GetBytes(svg)), VerificationSteps.Parsing, BakingException.DtdProhibited);
    }

    [Fact]
    public async Task An_svg_with_billion_laughs_is_refused()
    {
        var dtd = new StringBuilder("<!DOCTYPE svg [<!ENTITY lol0 \"lol\">");
        for (var i = 1; i < 10; i++)
        {
            dtd.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">");
        }

        var svg = dtd + "]><svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\"><openbadges:credential>&lol9;</openbadges:credential></svg>";
        AssertFails(await Verifier().VerifyAsync(Encoding.UTF8.GetBytes(svg)), VerificationSteps.Parsing, BakingException.DtdProhibited);
    }

    [Fact]
    public async Task An_image_larger_than_the_limit_is_refused()
    {
        var limits = VerificationLimits.Default with { Baking = new BakingLimits { MaxImageBytes = 1024 } };
        var png = PngWith(PngChunk("tEXt", new byte[4096]));
        AssertFails(await Verifier(new() { Limits = limits }).VerifyAsync(png), VerificationSteps.Parsing, BakingException.TooLarge);
    }

    // ---- Fetch policy: nothing is fetched unless allow-listed (a loopback listener must see no connection) ----

    [Fact]
    public async Task A_context_off_the_allow_list_is_refused_without_a_connection()
    {
        using var trap = new LoopbackTrap();
        using var client = new HttpClient();
        var loader = new HttpDocumentLoader(client, new HttpDocumentLoaderOptions { AllowedOrigins = ["https://contexts.example"] });
        using var issuer = IssuerEd25519();
        var credential = await SignedAsync(issuer);
        ((JsonArray)credential["@context"]!).Add(trap.Origin + "/context.jsonld");
        AssertFails(await VerifyAsync(credential, new() { DocumentLoader = loader }), VerificationSteps.Context, VerificationCodes.UnknownContext);
        // The default loader serves bundled contexts only.
        AssertFails(await VerifyAsync(credential), VerificationSteps.Context, VerificationCodes.UnknownContext);
        trap.AssertNoConnection();
    }

    [Fact]
    public async Task A_verification_method_off_the_allow_list_is_refused_without_a_connection()
    {
        using var trap = new LoopbackTrap();
        using var client = new HttpClient();
        var resolver = new CompositeVerificationMethodResolver(
            DidKeyResolver.Instance,
            new HttpControllerDocumentResolver(client, new HttpControllerDocumentResolverOptions { AllowedHosts = ["issuer.example"] }));
        using var key = IssuerEd25519();
        var issuerId = trap.Origin + "/issuer";
        var signed = await Issuer.SignAsync(Credential(issuerId), new KeyPairSigner(key, issuerId + "#key-1"), Cryptosuite.EddsaRdfc2022, ProofOptions());
        AssertFails(await VerifyAsync(signed, new() { MethodResolver = resolver }), VerificationSteps.Proof, DataIntegrityErrorCodes.InvalidVerificationMethod);
        trap.AssertNoConnection();
    }

    [Fact]
    public async Task A_jwt_kid_url_off_the_allow_list_is_refused_without_a_connection()
    {
        using var trap = new LoopbackTrap();
        using var client = new HttpClient();
        var resolver = new HttpControllerDocumentResolver(client, new HttpControllerDocumentResolverOptions { AllowedHosts = ["issuer.example"] });
        using var key = IssuerEd25519();
        var issuerId = trap.Origin + "/issuer";
        var jwt = await VcJwt.IssueAsync(Credential(issuerId), new KeyPairSigner(key, issuerId + "#key-1"));
        AssertFails(await VerifyJwtAsync(jwt, new() { MethodResolver = resolver }), VerificationSteps.Proof, JwtErrorCodes.KidUnresolved);
        trap.AssertNoConnection();
    }

    [Fact]
    public async Task A_status_list_off_the_allow_list_is_refused_without_a_connection()
    {
        using var trap = new LoopbackTrap();
        using var statusResolver = new HttpStatusListResolver(new HttpStatusListResolverOptions { AllowedUrlPrefixes = ["https://status.example/"], RequireHttps = false });
        using var issuer = IssuerEd25519();
        var credential = Credential(Did(issuer));
        credential["credentialStatus"] = StatusEntry("123", trap.Origin + "/status/1");
        var signed = await SignAsync(credential, issuer);
        AssertFails(await VerifyAsync(signed, new() { StatusListResolver = statusResolver }), VerificationSteps.Status, StatusErrorCodes.StatusRetrievalError);
        trap.AssertNoConnection();
    }

    [Fact]
    public async Task A_credential_schema_url_is_never_fetched()
    {
        using var trap = new LoopbackTrap();
        using var issuer = IssuerEd25519();
        var credential = Credential(Did(issuer));
        // Unsigned: the bundled OB contexts do not define this type for signing, and the schema check runs regardless.
        credential["credentialSchema"] = new JsonArray(new JsonObject { ["id"] = trap.Origin + "/schema.json", ["type"] = "1EdTechJsonSchemaValidator2019" });
        AssertFails(await VerifyAsync(credential, new() { Schema = SchemaPolicy.Strict }), VerificationSteps.Schema, VerificationCodes.SchemaUnknown);

        // Under the default policy a declared schema that is not bundled is not checked, and the report says so.
        var warned = await VerifyAsync(credential);
        Assert.Contains(warned.Checks, c => c.Check == VerificationSteps.Schema && c.Code == VerificationCodes.SchemaUnknown && c.Status == CheckStatus.Warning);
        trap.AssertNoConnection();
    }
}
