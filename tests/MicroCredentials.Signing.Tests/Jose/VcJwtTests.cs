using CsCheck;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Jose;
using MicroCredentials.Signing.Keys;
using Xunit;
using static MicroCredentials.Signing.Tests.Jose.JoseFixtures;
using MicroCredentials.Signing.Primitives;

namespace MicroCredentials.Signing.Tests.Jose;

public class VcJwtTests
{
    private static async Task<JwtVerificationResult> Verify(string jwt, IJwtKeyResolver? resolver = null, JwtVerificationOptions? options = null) =>
        await VcJwt.VerifyAsync(jwt, resolver ?? StaticJwtKeyResolver.Empty, options ?? Options());

    private static void AssertCode(string expected, JwtVerificationResult result)
    {
        Assert.False(result.Verified, "expected a refusal");
        Assert.True(expected == result.ErrorCode, $"expected {expected}, got {result}");
    }

    private static string[] Parts(string jwt) => jwt.Split('.');

    private static JsonObject DecodePart(string part) => (JsonObject)JsonNode.Parse(Base64UrlEncoding.Decode(part))!;

    [Fact]
    public async Task EdDsaRoundTripWithDidKeyIssuer()
    {
        using var key = Ed25519Key();
        var credential = Credential(DidKeyOf(key));
        var jwt = await VcJwt.IssueAsync(credential, DidKeySigner(key));

        var header = DecodePart(Parts(jwt)[0]);
        Assert.Equal("EdDSA", header["alg"]!.GetValue<string>());
        Assert.Equal("JWT", header["typ"]!.GetValue<string>());
        Assert.Equal(DidKey.VerificationMethodId(key.PublicKey), header["kid"]!.GetValue<string>());
        var claims = DecodePart(Parts(jwt)[1]);
        Assert.Equal(DidKeyOf(key), claims["iss"]!.GetValue<string>());
        Assert.Equal("did:example:learner-42", claims["sub"]!.GetValue<string>());
        Assert.Equal(credential["id"]!.GetValue<string>(), claims["jti"]!.GetValue<string>());
        Assert.Equal(DateTimeOffset.Parse("2025-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds(), claims["nbf"]!.GetValue<long>());
        Assert.True(JsonNode.DeepEquals(credential, claims["vc"]));

        var result = await Verify(jwt);
        Assert.True(result.Verified, result.ToString());
        Assert.Null(result.ErrorCode);
        Assert.Equal(VcJwtFormat.VcClaim, result.Format);
        Assert.True(JsonNode.DeepEquals(credential, result.Credential));
        Assert.Equal(key.PublicKey, result.Key);
    }

    [Fact]
    public async Task Es256RoundTripWithDidKeyIssuer()
    {
        using var key = P256Key();
        var jwt = await VcJwt.IssueAsync(Credential(DidKeyOf(key)), DidKeySigner(key), new VcJwtIssueOptions { Algorithm = "ES256" });
        Assert.Equal("ES256", DecodePart(Parts(jwt)[0])["alg"]!.GetValue<string>());
        Assert.Equal(64, Base64UrlEncoding.Decode(Parts(jwt)[2]).Length);
        var result = await Verify(jwt);
        Assert.True(result.Verified, result.ToString());
    }

    [Fact]
    public async Task Rs256RoundTripWithHttpsIssuerAndResolvedKid()
    {
        using var key = RsaKey();
        Assert.Equal(2048, key.KeySize);
        var jwt = await VcJwt.IssueAsync(Credential(HttpsIssuer), key.CreateSigner(RsaKeyId));
        Assert.Equal("RS256", DecodePart(Parts(jwt)[0])["alg"]!.GetValue<string>());
        var result = await Verify(jwt, RsaResolver(key));
        Assert.True(result.Verified, result.ToString());
        // Without the issuer's key nothing verifies: no fetching.
        AssertCode(JwtErrorCodes.KidUnresolved, await Verify(jwt));
    }

    [Fact]
    public async Task VcJwtPayloadIsTheCredential()
    {
        using var key = Ed25519Key();
        var credential = Credential(DidKeyOf(key));
        var jwt = await VcJwt.IssueAsync(credential, DidKeySigner(key), new VcJwtIssueOptions { Format = VcJwtFormat.VcJwt });
        Assert.Equal("vc+jwt", DecodePart(Parts(jwt)[0])["typ"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(credential, DecodePart(Parts(jwt)[1])));
        var result = await Verify(jwt);
        Assert.True(result.Verified, result.ToString());
        Assert.Equal(VcJwtFormat.VcJwt, result.Format);
        Assert.True(JsonNode.DeepEquals(credential, result.Credential));
    }

    [Fact]
    public async Task EmbeddedJwkOfADidJwkIssuerVerifies()
    {
        using var key = Ed25519Key();
        var jwk = Jwk.ExportPublicKey(key.PublicKey).ToJsonString();
        var issuer = "did:jwk:" + B64(jwk);
        var jwt = await VcJwt.IssueAsync(Credential(issuer), new KeyPairSigner(key, issuer + "#0"), new VcJwtIssueOptions { EmbeddedPublicKey = key.PublicKey });
        Assert.True((await Verify(jwt)).Verified);
        // Also with no kid at all: the jwk alone, bound by did:jwk.
        var noKid = await VcJwt.IssueAsync(Credential(issuer), new KeyPairSigner(key, issuer + "#0"), new VcJwtIssueOptions { EmbeddedPublicKey = key.PublicKey, KeyId = "" });
        Assert.False(DecodePart(Parts(noKid)[0]).ContainsKey("kid"));
        Assert.True((await Verify(noKid)).Verified);
    }

    [Fact]
    public async Task EmbeddedJwkListedByTheResolverVerifies()
    {
        using var key = RsaKey();
        var jwt = await VcJwt.IssueAsync(Credential(HttpsIssuer), key.CreateSigner(RsaKeyId), new VcJwtIssueOptions { EmbeddedPublicKey = key.PublicKey, KeyId = "" });
        Assert.True((await Verify(jwt, RsaResolver(key))).Verified);
    }

    [Fact]
    public async Task RelativeKidResolvesAgainstTheIssuer()
    {
        using var key = RsaKey();
        var jwt = await VcJwt.IssueAsync(Credential(HttpsIssuer), key.CreateSigner("#rsa-key-1"));
        Assert.True((await Verify(jwt, RsaResolver(key))).Verified);
    }

    // ---- Attacks: one per defence, each asserting its exact code. ----

    [Fact]
    public async Task AlgNoneIsRefused()
    {
        using var key = Ed25519Key();
        var payload = Payload(Credential(DidKeyOf(key)));
        var unsigned = B64("""{"alg":"none","typ":"JWT"}""") + "." + B64(payload) + ".";
        AssertCode(JwtErrorCodes.AlgNotAllowed, await Verify(unsigned));
        AssertCode(JwtErrorCodes.AlgNotAllowed, await Verify(unsigned.Replace("none", "None", StringComparison.Ordinal)));
        var noneWithKid = B64($$"""{"alg":"none","kid":"{{DidKey.VerificationMethodId(key.PublicKey)}}"}""") + "." + B64(payload) + ".";
        AssertCode(JwtErrorCodes.AlgNotAllowed, await Verify(noneWithKid));
    }

    [Fact]
    public async Task Hs256SignedWithTheIssuersPublicKeyIsRefused()
    {
        using var key = RsaKey();
        var payload = Payload(Credential(HttpsIssuer));
        // The classic confusion: an attacker uses the public key (as published: JWK text or PEM) as the HMAC secret.
        var secrets = new[]
        {
            Encoding.UTF8.GetBytes(key.ToJwk().ToJsonString()),
            Encoding.UTF8.GetBytes(PemOf(key)),
            key.PublicKey.Bytes.ToArray(),
        };
        foreach (var secret in secrets)
        {
            var jwt = Craft($$"""{"alg":"HS256","typ":"JWT","kid":"{{RsaKeyId}}"}""", payload, data => HMACSHA256.HashData(secret, data));
            AssertCode(JwtErrorCodes.AlgNotAllowed, await Verify(jwt, RsaResolver(key)));
        }
    }

    private static string PemOf(RsaSigningKey key)
    {
        using var rsa = RSA.Create();
        rsa.ImportParameters(Jwk.ExportRsaParameters(key.PublicKey));
        return rsa.ExportSubjectPublicKeyInfoPem();
    }

    [Theory]
    [InlineData("HS384")]
    [InlineData("HS512")]
    [InlineData("RS512")]
    [InlineData("ES256K")]
    [InlineData("PS256")]
    [InlineData("Ed25519")]
    [InlineData("eddsa")]
    public async Task AlgorithmsOffTheAllowListAreRefused(string alg)
    {
        using var key = Ed25519Key();
        var jwt = Craft($$"""{"alg":"{{alg}}"}""", Payload(Credential(DidKeyOf(key))), d => key.Sign(d));
        AssertCode(JwtErrorCodes.AlgNotAllowed, await Verify(jwt));
    }

    [Fact]
    public async Task AlgThatDoesNotMatchTheKeyTypeIsRefused()
    {
        using var ed = Ed25519Key();
        using var p256 = P256Key();
        using var rsa = RsaKey();
        // ES256 header on an Ed25519 issuer (signed with the Ed25519 key so only the alg is wrong).
        AssertCode(JwtErrorCodes.AlgKeyMismatch, await Verify(Craft($$"""{"alg":"ES256","kid":"{{DidKey.VerificationMethodId(ed.PublicKey)}}"}""", Payload(Credential(DidKeyOf(ed))), d => ed.Sign(d))));
        // EdDSA header on a P-256 issuer.
        AssertCode(JwtErrorCodes.AlgKeyMismatch, await Verify(Craft("""{"alg":"EdDSA"}""", Payload(Credential(DidKeyOf(p256))), d => p256.Sign(d))));
        // ES256 header on an RSA issuer.
        AssertCode(JwtErrorCodes.AlgKeyMismatch, await Verify(Craft($$"""{"alg":"ES256","kid":"{{RsaKeyId}}"}""", Payload(Credential(HttpsIssuer)), d => p256.Sign(d)), RsaResolver(rsa)));
    }

    [Theory]
    [InlineData("../../../../etc/passwd", JwtErrorCodes.KidUnresolved)]
    [InlineData("/etc/passwd", JwtErrorCodes.KidUnresolved)]
    [InlineData("file:///etc/passwd", JwtErrorCodes.KidUnresolved)]
    [InlineData("http://example.edu/issuers/565049#rsa-key-1", JwtErrorCodes.KidUnresolved)]
    [InlineData("https://example.edu/issuers/../565049#rsa-key-1", JwtErrorCodes.KidUnresolved)]
    [InlineData("https://example.edu/issuers/%2e%2e/565049#rsa-key-1", JwtErrorCodes.KidUnresolved)]
    [InlineData("https://example.edu@attacker.example/key", JwtErrorCodes.KidUnresolved)]
    [InlineData("https://attacker.example/issuers/565049#rsa-key-1", JwtErrorCodes.KidNotIssuerKey)]
    [InlineData("https://example.edu.attacker.example/k", JwtErrorCodes.KidNotIssuerKey)]
    [InlineData("did:web:attacker.example#key-1", JwtErrorCodes.KidNotIssuerKey)]
    [InlineData("rsa-key-1 ", JwtErrorCodes.KidUnresolved)]
    [InlineData("https://example.edu/issuers/565049#rsa-key-1\u0000", JwtErrorCodes.KidUnresolved)]
    [InlineData("https://example.edu/issuers/565049#unknown-key", JwtErrorCodes.KidUnresolved)]
    [InlineData("", JwtErrorCodes.KidUnresolved)]
    public async Task KidTricksAreRefused(string kid, string code)
    {
        using var key = RsaKey();
        var header = new JsonObject { ["alg"] = "RS256", ["kid"] = kid }.ToJsonString();
        var jwt = Craft(header, Payload(Credential(HttpsIssuer)), d => key.SignRs256(d));
        // The resolver would happily answer for any key id: the verifier must refuse before asking it.
        AssertCode(code, await Verify(jwt, new AnswersEverything(key.PublicKey, kid)));
    }

    [Fact]
    public async Task AKidNamingTheAttackersDidKeyIsRefused()
    {
        using var issuer = Ed25519Key();
        using var attacker = AttackerEd25519Key();
        var jwt = Craft($$"""{"alg":"EdDSA","kid":"{{DidKey.VerificationMethodId(attacker.PublicKey)}}"}""", Payload(Credential(DidKeyOf(issuer))), d => attacker.Sign(d));
        AssertCode(JwtErrorCodes.KidNotIssuerKey, await Verify(jwt));
    }

    [Fact]
    public async Task OversizedHeaderAndTokenAreRefused()
    {
        using var key = Ed25519Key();
        var payload = Payload(Credential(DidKeyOf(key)));
        var bigHeader = new JsonObject { ["alg"] = "EdDSA", ["x"] = new string('a', 9_000) }.ToJsonString();
        AssertCode(JwtErrorCodes.TooLarge, await Verify(Craft(bigHeader, payload, d => key.Sign(d))));
        var small = await VcJwt.IssueAsync(Credential(DidKeyOf(key)), DidKeySigner(key));
        AssertCode(JwtErrorCodes.TooLarge, await Verify(small, options: Options() with { MaxTokenLength = small.Length - 1 }));
        AssertCode(JwtErrorCodes.TooLarge, await Verify(small, options: Options() with { PayloadLimits = new MicroCredentials.Signing.Json.JsonInputLimits { MaxBytes = 100 } }));
    }

    [Fact]
    public async Task UnknownCritIsRefused()
    {
        using var key = Ed25519Key();
        var payload = Payload(Credential(DidKeyOf(key)));
        AssertCode(JwtErrorCodes.CritUnsupported, await Verify(Craft("""{"alg":"EdDSA","crit":["exp-policy"],"exp-policy":1}""", payload, d => key.Sign(d))));
        AssertCode(JwtErrorCodes.CritUnsupported, await Verify(Craft("""{"alg":"EdDSA","crit":[]}""", payload, d => key.Sign(d))));
        AssertCode(JwtErrorCodes.CritUnsupported, await Verify(Craft("""{"alg":"EdDSA","b64":false,"crit":["b64"]}""", payload, d => key.Sign(d))));
        // A caller that implements the extension may declare it understood.
        var understood = Options() with { UnderstoodCriticalHeaders = new HashSet<string> { "exp-policy" } };
        Assert.True((await Verify(Craft("""{"alg":"EdDSA","crit":["exp-policy"],"exp-policy":1}""", payload, d => key.Sign(d)), options: understood)).Verified);
        AssertCode(JwtErrorCodes.CritUnsupported, await Verify(Craft("""{"alg":"EdDSA","crit":["exp-policy"]}""", payload, d => key.Sign(d)), options: understood));
    }

    [Fact]
    public async Task AJwkThatIsNotTheIssuersKeyIsRefused()
    {
        using var issuer = Ed25519Key();
        using var attacker = AttackerEd25519Key();
        var attackerJwk = Jwk.ExportPublicKey(attacker.PublicKey).ToJsonString();
        // did:key issuer, attacker's key embedded.
        AssertCode(JwtErrorCodes.JwkNotIssuerKey, await Verify(Craft($$"""{"alg":"EdDSA","jwk":{{attackerJwk}}}""", Payload(Credential(DidKeyOf(issuer))), d => attacker.Sign(d))));
        // HTTPS issuer whose resolver does not list the key.
        using var rsa = RsaKey();
        AssertCode(JwtErrorCodes.JwkNotIssuerKey, await Verify(Craft($$"""{"alg":"EdDSA","jwk":{{attackerJwk}}}""", Payload(Credential(HttpsIssuer)), d => attacker.Sign(d)), RsaResolver(rsa)));
        // kid names the issuer's key, jwk is the attacker's.
        AssertCode(JwtErrorCodes.JwkNotIssuerKey, await Verify(Craft($$"""{"alg":"EdDSA","kid":"{{DidKey.VerificationMethodId(issuer.PublicKey)}}","jwk":{{attackerJwk}}}""", Payload(Credential(DidKeyOf(issuer))), d => attacker.Sign(d))));
        // A private JWK is never accepted as a header.
        var withD = Jwk.ExportPublicKey(attacker.PublicKey);
        withD["d"] = B64(new byte[32]);
        AssertCode(JwtErrorCodes.Malformed, await Verify(Craft($$"""{"alg":"EdDSA","jwk":{{withD.ToJsonString()}}}""", Payload(Credential(DidKeyOf(attacker))), d => attacker.Sign(d))));
    }

    [Fact]
    public async Task TamperedPayloadOrSignatureIsRefused()
    {
        using var key = Ed25519Key();
        var jwt = await VcJwt.IssueAsync(Credential(DidKeyOf(key)), DidKeySigner(key));
        var parts = Parts(jwt);
        var claims = DecodePart(parts[1]);
        claims["vc"]!["name"] = "Forged";
        AssertCode(JwtErrorCodes.SignatureInvalid, await Verify(parts[0] + "." + B64(claims.ToJsonString()) + "." + parts[2]));

        var signature = Base64UrlEncoding.Decode(parts[2]);
        signature[10] ^= 1;
        AssertCode(JwtErrorCodes.SignatureInvalid, await Verify(parts[0] + "." + parts[1] + "." + B64(signature)));
        AssertCode(JwtErrorCodes.SignatureInvalid, await Verify(parts[0] + "." + parts[1] + "." + B64(signature[..63])));
        AssertCode(JwtErrorCodes.SignatureInvalid, await Verify(parts[0] + "." + parts[1] + "."));
        // A re-encoded (non-canonical) signature: flip the unused low bits of the last base64url character.
        var last = parts[2][^1];
        var alias = parts[2][..^1] + (char)(last ^ 1);
        AssertCode(JwtErrorCodes.SignatureInvalid, await Verify(parts[0] + "." + parts[1] + "." + alias));
    }

    [Fact]
    public async Task RegisteredClaimsMustAgreeWithTheCredential()
    {
        using var key = Ed25519Key();
        var credential = Credential(DidKeyOf(key));
        var claims = JsonNode.Parse(Payload(credential))!.AsObject();
        var kid = DidKey.VerificationMethodId(key.PublicKey);
        foreach (var (name, value) in new (string, JsonNode?)[] { ("iss", "did:example:someone-else"), ("sub", "did:example:other"), ("jti", "urn:uuid:other"), ("nbf", 1), ("exp", 4_102_444_800L) })
        {
            var forged = (JsonObject)claims.DeepClone();
            forged[name] = value;
            AssertCode(JwtErrorCodes.ClaimsMismatch, await Verify(Craft($$"""{"alg":"EdDSA","kid":"{{kid}}"}""", forged.ToJsonString(), d => key.Sign(d))));
        }

        var noIss = (JsonObject)claims.DeepClone();
        noIss.Remove("iss");
        AssertCode(JwtErrorCodes.ClaimsMismatch, await Verify(Craft($$"""{"alg":"EdDSA","kid":"{{kid}}"}""", noIss.ToJsonString(), d => key.Sign(d))));
    }

    [Fact]
    public async Task ExpiredAndNotYetValidAreRefusedWithSkew()
    {
        using var key = Ed25519Key();
        var jwt = await VcJwt.IssueAsync(Credential(DidKeyOf(key)), DidKeySigner(key));
        var validUntil = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var validFrom = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        AssertCode(JwtErrorCodes.Expired, await Verify(jwt, options: Options(validUntil.AddMinutes(5))));
        Assert.True((await Verify(jwt, options: Options(validUntil.AddMinutes(4)))).Verified);
        AssertCode(JwtErrorCodes.NotYetValid, await Verify(jwt, options: Options(validFrom.AddMinutes(-6))));
        Assert.True((await Verify(jwt, options: Options(validFrom.AddMinutes(-4)))).Verified);
        AssertCode(JwtErrorCodes.Expired, await Verify(jwt, options: Options(validUntil) with { ClockSkew = TimeSpan.Zero }));
    }

    [Fact]
    public async Task DuplicateClaimsAreRefusedBeforeAnythingElse()
    {
        using var key = Ed25519Key();
        var credential = Credential(DidKeyOf(key));
        var payload = Payload(credential);
        var forged = Payload(Credential(DidKeyOf(key), subject: "did:example:mallory"));
        // Two "vc" members: a last-wins parser and a first-wins parser would see different learners.
        var twoVc = payload[..^1] + ",\"vc\":" + JsonNode.Parse(forged)!["vc"]!.ToJsonString() + "}";
        var result = await Verify(Craft("""{"alg":"EdDSA"}""", twoVc, d => key.Sign(d)));
        AssertCode(JwtErrorCodes.Malformed, result);
        Assert.Contains("INPUT_DUPLICATE_MEMBER", result.Message, StringComparison.Ordinal);
        AssertCode(JwtErrorCodes.Malformed, await Verify(Craft("""{"alg":"EdDSA","alg":"none"}""", payload, d => key.Sign(d))));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("!!!.e30.e30")]
    [InlineData("e30.e30.e30")]
    [InlineData("W10.e30.e30")]
    public async Task GarbageIsMalformed(string jwt)
    {
        AssertCode(JwtErrorCodes.Malformed, await Verify(jwt));
    }

    [Fact]
    public async Task PayloadWithoutACredentialOrIssuerIsMalformed()
    {
        using var key = Ed25519Key();
        AssertCode(JwtErrorCodes.Malformed, await Verify(Craft("""{"alg":"EdDSA"}""", """{"iss":"x"}""", d => key.Sign(d))));
        AssertCode(JwtErrorCodes.Malformed, await Verify(Craft("""{"alg":"EdDSA"}""", """{"vc":"x"}""", d => key.Sign(d))));
        AssertCode(JwtErrorCodes.Malformed, await Verify(Craft("""{"alg":"EdDSA"}""", """{"vc":{"type":"VerifiableCredential"}}""", d => key.Sign(d))));
        AssertCode(JwtErrorCodes.Malformed, await Verify(Craft("""{"alg":"EdDSA","typ":"at+jwt"}""", Payload(Credential(DidKeyOf(key))), d => key.Sign(d))));
    }

    [Fact]
    public async Task IssuingRefusesMisuse()
    {
        using var key = Ed25519Key();
        var signer = DidKeySigner(key);
        await Assert.ThrowsAsync<ArgumentException>(async () => await VcJwt.IssueAsync(Credential(DidKeyOf(key)), signer, new VcJwtIssueOptions { Algorithm = "RS256" }));
        var noIssuer = Credential(DidKeyOf(key));
        noIssuer.Remove("issuer");
        await Assert.ThrowsAsync<ArgumentException>(async () => await VcJwt.IssueAsync(noIssuer, signer));
        using var p384 = KeyAlgorithm.P384.GenerateKeyPair();
        await Assert.ThrowsAsync<ArgumentException>(async () => await VcJwt.IssueAsync(Credential(DidKeyOf(p384)), DidKeySigner(p384)));
    }

    [Fact]
    public void RsaKeysRoundTripThroughJwkAndRefuseShortKeys()
    {
        using var key = RsaKey();
        using var again = RsaSigningKey.FromJwk(key.ToJwk(includePrivate: true));
        Assert.Equal(key.PublicKey, again.PublicKey);
        Assert.Equal(RsaKeyId, again.KeyId);
        Assert.False(key.ToJwk().ContainsKey("d"));

        using var small = RSA.Create(1024);
        var p = small.ExportParameters(true);
        var jwk = new JsonObject
        {
            ["kty"] = "RSA",
            ["n"] = B64(p.Modulus!),
            ["e"] = B64(p.Exponent!),
            ["d"] = B64(p.D!),
            ["p"] = B64(p.P!),
            ["q"] = B64(p.Q!),
            ["dp"] = B64(p.DP!),
            ["dq"] = B64(p.DQ!),
            ["qi"] = B64(p.InverseQ!),
        };
        Assert.Throws<FormatException>(() => RsaSigningKey.FromJwk(jwk));
        Assert.Throws<FormatException>(() => RsaSigningKey.FromJwk(key.ToJwk()));
        Assert.Throws<ArgumentOutOfRangeException>(() => RsaSigningKey.Generate(1024));
    }

    [Fact]
    public async Task GeneratedRsaKeysSignVerifiableTokens()
    {
        using var key = RsaSigningKey.Generate();
        var jwt = await VcJwt.IssueAsync(Credential(HttpsIssuer), key.CreateSigner(RsaKeyId));
        Assert.True((await Verify(jwt, RsaResolver(key))).Verified);
    }

    [Fact]
    public async Task AnySingleCharacterChangeMakesVerificationFail()
    {
        using var key = Ed25519Key();
        var jwt = await VcJwt.IssueAsync(Credential(DidKeyOf(key)), DidKeySigner(key));
        Assert.True((await Verify(jwt)).Verified);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.= ";
        Gen.Select(Gen.Int[0, jwt.Length - 1], Gen.Int[0, alphabet.Length - 1])
            .Where(t => jwt[t.Item1] != alphabet[t.Item2])
            .Sample(t =>
            {
                var forged = string.Concat(jwt.AsSpan(0, t.Item1), alphabet.AsSpan(t.Item2, 1), jwt.AsSpan(t.Item1 + 1));
                var result = VcJwt.VerifyAsync(forged, StaticJwtKeyResolver.Empty, Options()).AsTask().GetAwaiter().GetResult();
                Assert.False(result.Verified, $"accepted a change at {t.Item1}");
                Assert.NotNull(result.ErrorCode);
            }, iter: 300);
    }

    [Fact]
    public void ArbitraryInputNeverThrows()
    {
        var part = Gen.OneOf(Gen.String[0, 40], Gen.String[0, 40].Select(B64), Gen.Const(B64("""{"alg":"EdDSA"}""")), Gen.Const(B64("""{"vc":{"issuer":"did:key:z6Mk"}}""")),
            Gen.String[Gen.Char["123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"], 0, 60].Select(z => B64("{\"vc\":{\"issuer\":\"did:key:z" + z + "\"}}")),
            Gen.String[Gen.Char["123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"], 0, 60].Select(z => B64("{\"vc\":{\"issuer\":\"did:jwk:" + z + "\"}}")));
        Gen.Select(part, part, part, Gen.Int[1, 4]).Sample(t =>
        {
            var parts = new[] { t.Item1, t.Item2, t.Item3, t.Item1 }[..t.Item4];
            var result = VcJwt.VerifyAsync(string.Join('.', parts), StaticJwtKeyResolver.Empty, Options()).AsTask().GetAwaiter().GetResult();
            Assert.False(result.Verified);
            Assert.StartsWith("JWT_", result.ErrorCode, StringComparison.Ordinal);
        }, iter: 2_000);
    }

    /// <summary>A resolver that returns the key for whatever it is asked: the verifier must not rely on it to police kid.</summary>
    private sealed class AnswersEverything(PublicKey key, string honestKid) : IJwtKeyResolver
    {
        public ValueTask<PublicKey?> ResolveKeyAsync(string keyId, string issuer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(keyId.EndsWith("#unknown-key", StringComparison.Ordinal) || honestKid.Length == 0 ? null : (PublicKey?)key);

        public ValueTask<bool> IsIssuerKeyAsync(string issuer, PublicKey candidate, CancellationToken cancellationToken = default) => ValueTask.FromResult(false);
    }
}

public class VerificationMethodJwtKeyResolverTests
{
    private static JsonObject IssuerDocument(RsaSigningKey key, string relationship) => new()
    {
        ["@context"] = new JsonArray("https://www.w3.org/ns/did/v1"),
        ["id"] = "did:web:example.edu",
        ["verificationMethod"] = new JsonArray(new JsonObject
        {
            ["id"] = "did:web:example.edu#rsa-1",
            ["type"] = "JsonWebKey",
            ["controller"] = "did:web:example.edu",
            ["publicKeyJwk"] = key.ToJwk(),
        }),
        [relationship] = new JsonArray("did:web:example.edu#rsa-1"),
    };

    private static IJwtKeyResolver Resolver(JsonObject document) => new VerificationMethodJwtKeyResolver(
        new CompositeVerificationMethodResolver(DidKeyResolver.Instance, new StaticControllerDocumentResolver([new("did:web:example.edu", document)])));

    [Fact]
    public async Task ResolvesAnAssertionMethodOfTheIssuersDidDocument()
    {
        using var key = RsaKey();
        var jwt = await VcJwt.IssueAsync(Credential("did:web:example.edu"), key.CreateSigner("did:web:example.edu#rsa-1"));
        var result = await VcJwt.VerifyAsync(jwt, Resolver(IssuerDocument(key, "assertionMethod")), Options());
        Assert.True(result.Verified, result.ToString());

        // The same key listed only for authentication may not sign credentials.
        var refused = await VcJwt.VerifyAsync(jwt, Resolver(IssuerDocument(key, "authentication")), Options());
        Assert.Equal(JwtErrorCodes.KidUnresolved, refused.ErrorCode);
    }
}
