using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Tests.Hostile;
using MicroCredentials.Signing.Verification;
using Xunit;

namespace MicroCredentials.Signing.Tests.DataIntegrity;

/// <summary>
/// Credentials signed the way rdf-canonize 3.x (DCC's stack) and DIDKit canonicalized: C0 controls and DEL raw in
/// literals. Here they are reproduced by signing our own canonicalizer's legacy form, which writes literals as
/// rdf-canonize 3.4.0's NQuads.js does (escaping only quote, backslash, LF and CR).
/// </summary>
public sealed class LegacyCanonicalFormTests
{
    private static readonly KeyPair Pair = HostileFixture.IssuerEd25519();

    private static async Task<JsonObject> LegacySignedAsync(string name)
    {
        var credential = HostileFixture.Credential(HostileFixture.Did(Pair), name: name, description: "Line one\tcolumn\u000Bvertical\u0001start\u007Fdel — ünïcødé 学习 🎓\u2028sep");
        var signed = await HostileFixture.SignAsync(credential, Pair);
        var proof = signed["proof"]!.AsObject();
        var config = (JsonObject)proof.DeepClone();
        config.Remove("proofValue");
        var unsigned = (JsonObject)signed.DeepClone();
        var hash = await DataIntegrityProofs.HashDataAsync(unsigned, config, [], Cryptosuite.EddsaRdfc2022, Pair.Algorithm, ProofCanonicalizer.Default, CancellationToken.None, legacyLiterals: true);
        proof["proofValue"] = Multibase.Encode(Pair.Sign(hash));
        return signed;
    }

    [Fact]
    public async Task ACredentialSignedOverTheLegacyLiteralFormVerifiesWithAWarning()
    {
        var report = await HostileFixture.VerifyAsync(await LegacySignedAsync("Data\tLiteracy\f"));

        HostileFixture.AssertVerified(report);
        Assert.Contains(report.Checks, c => c.Check == VerificationSteps.Proof && c.Status == CheckStatus.Warning && c.Code == VerificationCodes.LegacyCanonicalForm);
    }

    [Fact]
    public async Task TheLegacyFormCanBeRefused()
    {
        var report = await HostileFixture.VerifyAsync(await LegacySignedAsync("Data\tLiteracy"), new CredentialVerifierOptions { TimeProvider = HostileFixture.Clock, LegacyCanonicalForm = LegacyCanonicalForm.Refuse });
        HostileFixture.AssertFails(report, VerificationSteps.Proof, DataIntegrityErrorCodes.ProofVerificationError);
    }

    [Fact]
    public async Task TamperingWithALegacySignedCredentialStillFails()
    {
        // The retry is another serialization of the same statements; a changed statement changes both forms.
        var signed = await LegacySignedAsync("Data\tLiteracy");
        foreach (var tamper in new Action<JsonObject>[]
        {
            c => c["name"] = "Data Literacy",                 // the tab replaced by a space: a different literal
            c => c["name"] = "Data\\tLiteracy",               // a backslash-t spelled out is not a tab
            c => c["name"] = "Data\tLiteracy\t",
            c => c["credentialSubject"]!["id"] = "did:example:mallory",
        })
        {
            var copy = (JsonObject)signed.DeepClone();
            tamper(copy);
            HostileFixture.AssertFails(await HostileFixture.VerifyAsync(copy), VerificationSteps.Proof, DataIntegrityErrorCodes.ProofVerificationError);
        }
    }

    [Fact]
    public async Task ACurrentRdfcSignatureOverTheSameTextNeedsNoRetry()
    {
        var credential = HostileFixture.Credential(HostileFixture.Did(Pair), name: "Data\tLiteracy\u0001");
        var report = await HostileFixture.VerifyAsync(await HostileFixture.SignAsync(credential, Pair));
        HostileFixture.AssertVerified(report);
        Assert.DoesNotContain(report.Checks, c => c.Code == VerificationCodes.LegacyCanonicalForm);
    }

    [Fact]
    public void TheLegacyFormDiffersFromRdfcOnlyForControlCharacters()
    {
        var quads = new[]
        {
            new MicroCredentials.Signing.Rdf.Quad(MicroCredentials.Signing.Rdf.RdfTerm.Iri("urn:s"), MicroCredentials.Signing.Rdf.RdfTerm.Iri("urn:p"), MicroCredentials.Signing.Rdf.RdfTerm.Literal("a\tb\u0001c\u007F\"q\"\\\n\r"), MicroCredentials.Signing.Rdf.RdfTerm.DefaultGraph),
        };
        var rdfc = System.Text.Encoding.UTF8.GetString(ProofCanonicalizer.CanonicalizeQuads(quads, default, CancellationToken.None));
        var legacy = System.Text.Encoding.UTF8.GetString(ProofCanonicalizer.CanonicalizeQuads(quads, default, CancellationToken.None, legacyLiterals: true));
        Assert.Equal("<urn:s> <urn:p> \"a\\tb\\u0001c\\u007F\\\"q\\\"\\\\\\n\\r\" .\n", rdfc);
        Assert.Equal("<urn:s> <urn:p> \"a\tb\u0001c\u007F\\\"q\\\"\\\\\\n\\r\" .\n", legacy);
    }
}
