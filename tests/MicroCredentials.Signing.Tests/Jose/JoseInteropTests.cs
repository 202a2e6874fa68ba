using System.Text.Json.Nodes;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Jose;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Tests.Canonicalization;
using MicroCredentials.Signing.Tests.Support;
using Xunit;
using static MicroCredentials.Signing.Tests.Jose.JoseFixtures;
using MicroCredentials.Signing.Primitives;

namespace MicroCredentials.Signing.Tests.Jose;

/// <summary>Cross-checks VC-JWTs against an independent JWS implementation (node's built-in crypto, tests/interop/jose-jws.mjs).</summary>
public class JoseInteropTests
{
    public static TheoryData<string> Algorithms => new() { "EdDSA", "ES256", "RS256" };

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task NodeVerifiesTokensIssuedHere(string alg)
    {
        var (issuer, signer, publicJwk, _, dispose) = KeyFor(alg);
        using var __ = dispose;
        var credential = Credential(issuer);
        var jwt = await VcJwt.IssueAsync(credential, signer);

        var answer = await RunNodeAsync(new JsonObject { ["op"] = "verify", ["jwt"] = jwt, ["jwk"] = publicJwk.DeepClone() });
        Assert.True(answer["verified"]!.GetValue<bool>(), $"node refused our {alg} token");
        Assert.Equal(alg, answer["header"]!["alg"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(credential, answer["payload"]!["vc"]));

        // And node notices tampering, so the check above is meaningful.
        var parts = jwt.Split('.');
        var forged = (JsonObject)answer["payload"]!.DeepClone();
        forged["vc"]!["name"] = "Forged";
        var tampered = parts[0] + "." + B64(forged.ToJsonString()) + "." + parts[2];
        Assert.False((await RunNodeAsync(new JsonObject { ["op"] = "verify", ["jwt"] = tampered, ["jwk"] = publicJwk.DeepClone() }))["verified"]!.GetValue<bool>());
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task TokensSignedByNodeVerifyHere(string alg)
    {
        var (issuer, signer, _, resolver, dispose) = KeyFor(alg);
        using var __ = dispose;
        var credential = Credential(issuer);
        var payload = JsonNode.Parse(Payload(credential))!;
        var header = new JsonObject { ["alg"] = alg, ["typ"] = "JWT", ["kid"] = signer.VerificationMethodId };

        var answer = await RunNodeAsync(new JsonObject { ["op"] = "sign", ["header"] = header, ["payload"] = payload, ["jwk"] = PrivateJwk(alg) });
        var jwt = answer["jwt"]!.GetValue<string>();
        var result = await VcJwt.VerifyAsync(jwt, resolver, Options());
        Assert.True(result.Verified, $"node's {alg} token: {result}");
        Assert.True(JsonNode.DeepEquals(credential, result.Credential));

        var parts = jwt.Split('.');
        var sig = Base64UrlEncoding.Decode(parts[2]);
        sig[^1] ^= 0x01;
        Assert.Equal(JwtErrorCodes.SignatureInvalid, (await VcJwt.VerifyAsync(parts[0] + "." + parts[1] + "." + B64(sig), resolver, Options())).ErrorCode);
    }

    private static (string Issuer, ISigner Signer, JsonObject PublicJwk, IJwtKeyResolver Resolver, IDisposable Dispose) KeyFor(string alg)
    {
        switch (alg)
        {
            case "EdDSA":
            {
                var key = Ed25519Key();
                return (DidKeyOf(key), DidKeySigner(key), Jwk.ExportPublicKey(key.PublicKey), StaticJwtKeyResolver.Empty, key);
            }

            case "ES256":
            {
                var key = P256Key();
                return (DidKeyOf(key), DidKeySigner(key), Jwk.ExportPublicKey(key.PublicKey), StaticJwtKeyResolver.Empty, key);
            }

            default:
            {
                var key = RsaKey();
                return (HttpsIssuer, key.CreateSigner(RsaKeyId), key.ToJwk(), RsaResolver(key), key);
            }
        }
    }

    private static JsonObject PrivateJwk(string alg)
    {
        switch (alg)
        {
            case "EdDSA":
            {
                using var key = Ed25519Key();
                var jwk = Jwk.ExportPublicKey(key.PublicKey);
                jwk["d"] = B64(key.ExportSecret()[..32]);
                return jwk;
            }

            case "ES256":
            {
                using var key = P256Key();
                var jwk = Jwk.ExportPublicKey(key.PublicKey);
                jwk["d"] = B64(key.ExportSecret());
                return jwk;
            }

            default:
            {
                using var key = RsaKey();
                var jwk = key.ToJwk(includePrivate: true);
                jwk.Remove("kid");
                return jwk;
            }
        }
    }

    private static async Task<JsonObject> RunNodeAsync(JsonObject request)
    {
        var script = TestPaths.RepoFile("tests", "interop", "jose-jws.mjs");
        Assert.True(File.Exists(script), "missing " + script);
        return (JsonObject)JsonNode.Parse(await NodeInterop.RunAsync("jose-jws.mjs", request.ToJsonString()))!;
    }
}
