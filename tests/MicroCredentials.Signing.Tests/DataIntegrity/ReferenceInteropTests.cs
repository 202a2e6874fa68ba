using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Tests.Canonicalization;
using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.DataIntegrity;

/// <summary>
/// Cross-checks with Digital Bazaar's @digitalbazaar/vc (tests/interop/di-interop.mjs): what we sign it verifies,
/// what it signs we verify, and a one-character tamper fails on both sides. Fails (never skips) without node.
/// </summary>
public class ReferenceInteropTests
{
    private const string Created = "2025-05-01T10:00:00Z";
    private const string Now = "2025-06-01T00:00:00Z";

    public static TheoryData<string> Suites() => new() { "eddsa-rdfc-2022", "ecdsa-rdfc-2019" };

    [Theory]
    [MemberData(nameof(Suites))]
    public async Task ReferenceImplementationAndWeAgree(string suiteName)
    {
        var suite = CryptosuiteRegistry.FindByName(suiteName)!;
        using var pair = suiteName.StartsWith("eddsa", StringComparison.Ordinal) ? DiSupport.FixedEd25519() : DiSupport.FixedP256();
        var did = DidKey.FromPublicKey(pair.PublicKey);
        var keyJson = new JsonObject
        {
            ["id"] = DidKey.VerificationMethodId(pair.PublicKey),
            ["controller"] = did,
            ["publicKeyMultibase"] = pair.PublicKey.ToMultibase(),
            ["secretKeyMultibase"] = pair.ExportSecretMultibase(),
        };
        var unsigned = InteropCredential(did);

        var ours = await DataIntegrityProofs.SignAsync(unsigned, DiSupport.DidKeySigner(pair), suite, new ProofOptions { Created = DateTimeOffset.Parse(Created, System.Globalization.CultureInfo.InvariantCulture) });
        var oursTampered = Tamper(ours);

        var request = new JsonObject
        {
            ["contexts"] = TestContexts.Bundled(),
            ["now"] = Now,
            ["verify"] = new JsonArray(ours.DeepClone(), oursTampered),
            ["sign"] = new JsonArray(new JsonObject { ["suite"] = suiteName, ["key"] = keyJson, ["created"] = Created, ["credential"] = unsigned.DeepClone() }),
        };
        var response = JsonNode.Parse(await NodeInterop.RunAsync("di-interop.mjs", request.ToJsonString()))!;

        Assert.True((bool)response["verify"]![0]!["verified"]!, (string?)response["verify"]![0]!["error"]);
        Assert.False((bool)response["verify"]![1]!["verified"]!);

        var theirs = (JsonObject)response["signed"]![0]!;
        var options = new DataIntegrityVerificationOptions { TimeProvider = new FakeTimeProvider(DateTimeOffset.Parse(Now, System.Globalization.CultureInfo.InvariantCulture)) };
        var verified = await DataIntegrityProofs.VerifyAsync(theirs, options);
        Assert.True(verified.Verified, string.Join("; ", verified.Proofs.Select(p => p.Message)));
        Assert.False((await DataIntegrityProofs.VerifyAsync(Tamper(theirs), options)).Verified);

        if (suite == Cryptosuite.EddsaRdfc2022)
        {
            // EdDSA is deterministic: same key, same document, same created → the same proofValue.
            Assert.Equal((string)ours["proof"]!["proofValue"]!, (string)theirs["proof"]!["proofValue"]!);
        }
    }

    /// <summary>The OB 3.0 "complete" example, issued by a did:key, without the members @digitalbazaar/vc checks outside proofs (status, expiry).</summary>
    private static JsonObject InteropCredential(string issuer)
    {
        var credential = SignVerifyCliTests.RichCredential(issuer);
        credential.Remove("credentialStatus");
        credential.Remove("validUntil");
        return credential;
    }

    private static JsonObject Tamper(JsonObject signed)
    {
        var copy = (JsonObject)signed.DeepClone();
        var achievement = copy["credentialSubject"]!["achievement"]!;
        var name = (string)achievement["name"]!;
        achievement["name"] = (name[0] == 'X' ? 'Y' : 'X') + name[1..];
        return copy;
    }

}
