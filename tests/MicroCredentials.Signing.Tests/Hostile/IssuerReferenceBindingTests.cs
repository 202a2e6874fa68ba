using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Verification;
using Xunit;
using static MicroCredentials.Signing.Tests.Hostile.HostileFixture;

namespace MicroCredentials.Signing.Tests.Hostile;

/// <summary>
/// An issuer (a URL or did:web) may claim a key it does not control, e.g. a did:key, by listing that method by
/// reference in its own controller document. Only the issuer's own document, got through the configured resolver,
/// can make that claim.
/// </summary>
public sealed class IssuerReferenceBindingTests
{
    private const string Issuer = "https://issuer.example.edu/issuers/1";

    private static string MethodId(MicroCredentials.Signing.Keys.KeyPair pair) => DidKey.VerificationMethodId(pair.PublicKey);

    private static CredentialVerifierOptions With(params (string Id, JsonObject Document)[] documents) => new()
    {
        TimeProvider = Clock,
        MethodResolver = new CompositeVerificationMethodResolver(DidKeyResolver.Instance, new StaticControllerDocumentResolver(documents.Select(d => KeyValuePair.Create(d.Id, d.Document)))),
    };

    private static JsonObject IssuerDocument(string id, string relationship, params string[] methods) => new()
    {
        ["@context"] = "https://www.w3.org/ns/cid/v1",
        ["id"] = id,
        [relationship] = new JsonArray([.. methods.Select(m => (JsonNode?)JsonValue.Create(m))]),
    };

    [Fact]
    public async Task TheIssuersDocumentListingTheDidKeyMethodBindsIt()
    {
        using var key = IssuerEd25519();
        var signed = await SignAsync(Credential(Issuer), key);

        AssertFails(await VerifyAsync(signed), VerificationSteps.Proof, DataIntegrityErrorCodes.IssuerKeyMismatch);
        AssertVerified(await VerifyAsync(signed, With((Issuer, IssuerDocument(Issuer, "assertionMethod", MethodId(key))))));
    }

    [Fact]
    public async Task AnAttackersKeyIsNotListedInTheVictimsDocument()
    {
        using var victim = IssuerEd25519();
        using var attacker = AttackerEd25519();
        var forged = await SignAsync(Credential(Issuer), attacker);
        AssertFails(await VerifyAsync(forged, With((Issuer, IssuerDocument(Issuer, "assertionMethod", MethodId(victim))))), VerificationSteps.Proof, DataIntegrityErrorCodes.IssuerKeyMismatch);
    }

    [Fact]
    public async Task ListingUnderAnotherRelationshipDoesNotAuthoriseAssertions()
    {
        using var key = IssuerEd25519();
        var signed = await SignAsync(Credential(Issuer), key);
        AssertFails(await VerifyAsync(signed, With((Issuer, IssuerDocument(Issuer, "authentication", MethodId(key))))), VerificationSteps.Proof, DataIntegrityErrorCodes.IssuerKeyMismatch);
    }

    [Fact]
    public async Task ADocumentSpeakingForAnotherIdDoesNotBind()
    {
        // The map's entry for the issuer serves a document about someone else (who does list the key).
        using var key = IssuerEd25519();
        var signed = await SignAsync(Credential(Issuer), key);
        var check = AssertFails(await VerifyAsync(signed, With((Issuer, IssuerDocument("https://other.example/issuers/9", "assertionMethod", MethodId(key))))), VerificationSteps.Proof, DataIntegrityErrorCodes.IssuerKeyMismatch);
        Assert.Contains(VerificationMethodErrorCodes.ControllerIdMismatch, check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADidKeyIssuerCannotBeGivenAMappedDocument()
    {
        // did:key documents are derived, never mapped: a map entry claiming an attacker key for a did:key issuer is ignored.
        using var victim = IssuerEd25519();
        using var attacker = AttackerEd25519();
        var victimDid = Did(victim);
        var forged = await SignAsync(Credential(victimDid), attacker);
        AssertFails(await VerifyAsync(forged, With((victimDid, IssuerDocument(victimDid, "assertionMethod", MethodId(attacker))))), VerificationSteps.Proof, DataIntegrityErrorCodes.IssuerKeyMismatch);
    }
}
