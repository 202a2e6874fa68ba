using System.Text;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Jose;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Tests.Support;
using MicroCredentials.Signing.Primitives;

namespace MicroCredentials.Signing.Tests.Jose;

/// <summary>Fixed keys, a fixed clock and helpers to hand-craft tokens for attack tests.</summary>
internal static class JoseFixtures
{
    public const string HttpsIssuer = "https://example.edu/issuers/565049";
    public const string RsaKeyId = HttpsIssuer + "#rsa-key-1";

    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static KeyPair Ed25519Key() => TestKeys.Ed25519Sequence(1);

    public static KeyPair AttackerEd25519Key() => TestKeys.AttackerEd25519();

    public static KeyPair P256Key() => TestKeys.P256Sequence(7);

    public static RsaSigningKey RsaKey() =>
        RsaSigningKey.FromJwk((JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Jose", "rsa-2048.private.jwk.json")))!);

    public static JwtVerificationOptions Options(DateTimeOffset? now = null) => new() { TimeProvider = new FakeTimeProvider(now ?? Now) };

    public static IJwtKeyResolver RsaResolver(RsaSigningKey key) => new StaticJwtKeyResolver([(HttpsIssuer, RsaKeyId, key.PublicKey)]);

    public static JsonObject Credential(string issuer, string subject = "did:example:learner-42") =>
        TestCredentials.OpenBadge(issuer, "urn:uuid:0b8f0a5c-6f6e-4d07-9d1c-6a3c3f4b5e61", subject, "Example Université", "Data literacy micro-credential", "Data literacy",
            validFrom: "2025-01-01T00:00:00Z", validUntil: "2030-01-01T00:00:00Z");

    public static string DidKeyOf(KeyPair key) => DidKey.FromPublicKey(key.PublicKey);

    public static ISigner DidKeySigner(KeyPair key) => TestKeys.DidKeySigner(key);

    public static string B64(string s) => Base64UrlEncoding.Encode(Encoding.UTF8.GetBytes(s));

    public static string B64(byte[] b) => Base64UrlEncoding.Encode(b);

    /// <summary>Builds a compact JWS from raw header/payload JSON text and a signing function, bypassing every issuer-side check.</summary>
    public static string Craft(string headerJson, string payloadJson, Func<byte[], byte[]> sign)
    {
        var input = B64(headerJson) + "." + B64(payloadJson);
        return input + "." + B64(sign(Encoding.ASCII.GetBytes(input)));
    }

    /// <summary>An OB 3.0 vc-claim payload for a credential, as JSON text.</summary>
    public static string Payload(JsonObject credential, string? iss = null) => new JsonObject
    {
        ["iss"] = iss ?? VcJwt.IssuerId(credential),
        ["sub"] = credential["credentialSubject"]!["id"]!.GetValue<string>(),
        ["jti"] = credential["id"]!.GetValue<string>(),
        ["nbf"] = DateTimeOffset.Parse(credential["validFrom"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds(),
        ["exp"] = DateTimeOffset.Parse(credential["validUntil"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds(),
        ["vc"] = credential.DeepClone(),
    }.ToJsonString();
}
