using System.Net;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Cli;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Jose;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Tests.Hostile;
using MicroCredentials.Signing.Verification;
using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.Dids;

/// <summary>
/// Issue 11 §2: a controller document speaks only for the identifier it was resolved for. A document served for
/// <c>did:web:evil.example</c> whose <c>id</c> (or whose method's <c>controller</c>) names the university, and a map
/// entry for a victim's did:key, must not let the attacker's key issue as the victim. Each attack has its control.
/// </summary>
public sealed class ControllerIdentityTests
{
    private const string University = "did:web:university.example";
    private const string Evil = "did:web:evil.example";
    private const string EvilKey = Evil + "#key-1";

    private static JsonObject Method(string id, string controller, KeyPair pair) => new()
    {
        ["id"] = id,
        ["type"] = "Multikey",
        ["controller"] = controller,
        ["publicKeyMultibase"] = pair.PublicKey.ToMultibase(),
    };

    private static JsonObject Document(string id, JsonObject method) => new()
    {
        ["@context"] = new JsonArray("https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"),
        ["id"] = id,
        ["verificationMethod"] = new JsonArray(method),
        ["assertionMethod"] = new JsonArray((string)method["id"]!),
    };

    private static StaticControllerDocumentResolver Map(string key, JsonObject document) => new([new(key, document)]);

    private static Task<JsonObject> SignAsync(string issuer, KeyPair pair, string methodId) =>
        HostileFixture.Issuer.SignAsync(HostileFixture.Credential(issuer), new KeyPairSigner(pair, methodId), Cryptosuite.EddsaRdfc2022, HostileFixture.ProofOptions());

    private static Task<VerificationReport> VerifyAsync(JsonObject credential, IVerificationMethodResolver resolver) =>
        HostileFixture.VerifyAsync(credential, new CredentialVerifierOptions { MethodResolver = new CompositeVerificationMethodResolver(DidKeyResolver.Instance, resolver) });

    private static void AssertRefusedFor(VerificationReport report, string reason)
    {
        var check = HostileFixture.AssertFails(report, VerificationSteps.Proof, DataIntegrityErrorCodes.InvalidVerificationMethod);
        Assert.Contains($"[{reason}]", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ControlADocumentAboutItsOwnDidVerifies()
    {
        var pair = HostileFixture.IssuerEd25519();
        var key = University + "#key-1";
        var credential = await SignAsync(University, pair, key);
        HostileFixture.AssertVerified(await VerifyAsync(credential, Map(University, Document(University, Method(key, University, pair)))));

        // A document without an id claims nothing beyond the identifier it was resolved for.
        var anonymous = Document(University, Method(key, University, pair));
        anonymous.Remove("id");
        HostileFixture.AssertVerified(await VerifyAsync(credential, Map(University, anonymous)));
    }

    [Fact]
    public async Task AMappedDocumentClaimingAnotherDidIsRefused()
    {
        var attacker = HostileFixture.AttackerEd25519();
        var forged = Document(University, Method(EvilKey, University, attacker));
        var credential = await SignAsync(University, attacker, EvilKey);

        AssertRefusedFor(await VerifyAsync(credential, Map(Evil, forged)), VerificationMethodErrorCodes.ControllerIdMismatch);
        var ex = await Assert.ThrowsAsync<VerificationMethodException>(async () => await Map(Evil, forged).ResolveAsync(EvilKey));
        Assert.Equal(VerificationMethodErrorCodes.ControllerIdMismatch, ex.Code);
    }

    [Fact]
    public async Task AMappedDocumentClaimingAVictimsDidKeyIsRefused()
    {
        var victim = HostileFixture.Did(HostileFixture.IssuerEd25519());
        var attacker = HostileFixture.AttackerEd25519();
        var forged = Document(victim, Method(EvilKey, victim, attacker));
        var credential = await SignAsync(victim, attacker, EvilKey);

        AssertRefusedFor(await VerifyAsync(credential, Map(Evil, forged)), VerificationMethodErrorCodes.ControllerIdMismatch);

        // Control: the victim's own did:key credential verifies under the same resolver.
        HostileFixture.AssertVerified(await VerifyAsync(await HostileFixture.SignedAsync(HostileFixture.IssuerEd25519()), Map(Evil, forged)));
    }

    [Theory]
    [InlineData("https://evil.example/issuer", "https://university.example/issuer")]
    [InlineData("https://evil.example/issuer", "https://evil.example/issuer/")]
    [InlineData(Evil, "did:web:evil.example:other")]
    [InlineData(Evil, "did:web:evil.example#key-1")]
    public async Task ADocumentIdMustEqualTheResolvedIdentifier(string resolved, string claimed)
    {
        var pair = HostileFixture.AttackerEd25519();
        var methodId = resolved + "#key-1";
        var ex = await Assert.ThrowsAsync<VerificationMethodException>(async () => await Map(resolved, Document(claimed, Method(methodId, claimed, pair))).ResolveAsync(methodId));
        Assert.Equal(VerificationMethodErrorCodes.ControllerIdMismatch, ex.Code);

        // Control: the same document with its own id resolves.
        var ok = await Map(resolved, Document(resolved, Method(methodId, resolved, pair))).ResolveAsync(methodId);
        Assert.Equal(resolved, ok.Method.Controller);
    }

    [Fact]
    public async Task ADocumentWhoseIdIsNotAStringIsInvalid()
    {
        var pair = HostileFixture.AttackerEd25519();
        var document = Document(Evil, Method(EvilKey, Evil, pair));
        document["id"] = new JsonArray(Evil, University);
        var ex = await Assert.ThrowsAsync<VerificationMethodException>(async () => await Map(Evil, document).ResolveAsync(EvilKey));
        Assert.Equal(VerificationMethodErrorCodes.Invalid, ex.Code);
    }

    [Fact]
    public async Task AMethodWhoseControllerIsAnotherIdentityIsRefused()
    {
        var attacker = HostileFixture.AttackerEd25519();
        var document = Document(Evil, Method(EvilKey, University, attacker));
        AssertRefusedFor(await VerifyAsync(await SignAsync(University, attacker, EvilKey), Map(Evil, document)), VerificationMethodErrorCodes.ControllerMismatch);

        // Control: the attacker can still issue as itself, under its own identifier.
        var honest = Document(Evil, Method(EvilKey, Evil, attacker));
        HostileFixture.AssertVerified(await VerifyAsync(await SignAsync(Evil, attacker, EvilKey), Map(Evil, honest)));
    }

    [Fact]
    public async Task AMapEntryForADidKeyNeverSuppliesItsKey()
    {
        var victimPair = HostileFixture.IssuerEd25519();
        var victim = HostileFixture.Did(victimPair);
        var victimKey = DidKey.VerificationMethodId(victimPair.PublicKey);
        var attacker = HostileFixture.AttackerEd25519();
        var map = Map(victim, Document(victim, Method(victimKey, victim, attacker)));
        Assert.False(map.CanResolve(victimKey));

        var forged = await SignAsync(victim, attacker, victimKey);
        var genuine = await HostileFixture.SignedAsync(victimPair);
        // Whichever order a caller composes the resolvers in, the did:key's own key is the one checked.
        foreach (var resolver in new IVerificationMethodResolver[]
        {
            new CompositeVerificationMethodResolver(map, DidKeyResolver.Instance),
            new CompositeVerificationMethodResolver(DidKeyResolver.Instance, map),
        })
        {
            var options = new CredentialVerifierOptions { MethodResolver = resolver };
            HostileFixture.AssertFails(await HostileFixture.VerifyAsync(forged, options), VerificationSteps.Proof, DataIntegrityErrorCodes.ProofVerificationError);
            HostileFixture.AssertVerified(await HostileFixture.VerifyAsync(genuine, options));
        }

        // Asked directly, the map refuses the did:key; and a mapped method URL naming a did:key as its controller
        // does not get that controller's document from the map either.
        var ex = await Assert.ThrowsAsync<VerificationMethodException>(async () => await map.ResolveAsync(victimKey));
        Assert.Equal(VerificationMethodErrorCodes.Unsupported, ex.Code);
        var methodUrl = "https://evil.example/key";
        var viaUrl = new StaticControllerDocumentResolver([new(methodUrl, Method(methodUrl, victim, attacker)), new(victim, Document(victim, Method(methodUrl, victim, attacker)))]);
        ex = await Assert.ThrowsAsync<VerificationMethodException>(async () => await viaUrl.ResolveAsync(methodUrl));
        Assert.Equal(VerificationMethodErrorCodes.Unsupported, ex.Code);
    }

    [Fact]
    public async Task AVcJwtSignedThroughAForeignDocumentIsRefused()
    {
        var attacker = HostileFixture.AttackerEd25519();
        var jwt = await VcJwt.IssueAsync(HostileFixture.Credential(University), new KeyPairSigner(attacker, EvilKey));
        var options = new CredentialVerifierOptions { MethodResolver = new CompositeVerificationMethodResolver(DidKeyResolver.Instance, Map(Evil, Document(University, Method(EvilKey, University, attacker)))) };
        var report = await HostileFixture.Verifier(options).VerifyAsync(jwt);
        Assert.False(report.Verified, HostileFixture.Describe(report));

        // Control: the university's own key through its own document.
        var pair = HostileFixture.IssuerEd25519();
        var key = University + "#key-1";
        var honest = await VcJwt.IssueAsync(HostileFixture.Credential(University), new KeyPairSigner(pair, key));
        var ok = new CredentialVerifierOptions { MethodResolver = new CompositeVerificationMethodResolver(DidKeyResolver.Instance, Map(University, Document(University, Method(key, University, pair)))) };
        HostileFixture.AssertVerified(await HostileFixture.Verifier(ok).VerifyAsync(honest));
    }

    [Fact]
    public async Task AVcJwtWhoseIssuerDocumentClaimsAnotherIdentityNamesTheCause()
    {
        // The JWT path reports the resolver's reason, as the Data Integrity path does, instead of "could not be resolved".
        var attacker = HostileFixture.AttackerEd25519();
        var kid = University + "#key-1";
        var jwt = await VcJwt.IssueAsync(HostileFixture.Credential(University), new KeyPairSigner(attacker, kid));
        var options = new CredentialVerifierOptions { MethodResolver = new CompositeVerificationMethodResolver(DidKeyResolver.Instance, Map(University, Document(Evil, Method(Evil + "#key-1", Evil, attacker)))) };
        var report = await HostileFixture.Verifier(options).VerifyAsync(jwt);
        Assert.False(report.Verified);
        Assert.Contains(report.Failures, f => f.Check == VerificationSteps.Proof && f.Code == JwtErrorCodes.KidUnresolved && f.Message.Contains(VerificationMethodErrorCodes.ControllerIdMismatch, StringComparison.Ordinal));
        Assert.Equal(VerificationOutcome.Failed, report.Outcome);
    }

    [Fact]
    public async Task TheHttpResolverRefusesADidWebDocumentClaimingAnotherDid()
    {
        var attacker = HostileFixture.AttackerEd25519();
        var served = Document(University, Method(EvilKey, University, attacker));
        using var client = new HttpClient(new Serve(served));
        var resolver = new HttpControllerDocumentResolver(client, new HttpControllerDocumentResolverOptions { AllowedHosts = ["evil.example"] });
        AssertRefusedFor(await VerifyAsync(await SignAsync(University, attacker, EvilKey), resolver), VerificationMethodErrorCodes.ControllerIdMismatch);

        // Control: the same host serving a document about itself.
        using var honestClient = new HttpClient(new Serve(Document(Evil, Method(EvilKey, Evil, attacker))));
        var honest = new HttpControllerDocumentResolver(honestClient, new HttpControllerDocumentResolverOptions { AllowedHosts = ["evil.example"] });
        HostileFixture.AssertVerified(await VerifyAsync(await SignAsync(Evil, attacker, EvilKey), honest));
    }

    [Fact]
    public async Task TheCliRefusesADidMapEntryClaimingAnotherDid()
    {
        var dir = Directory.CreateTempSubdirectory("mcred-didmap-").FullName;
        try
        {
            var attacker = HostileFixture.AttackerEd25519();
            File.WriteAllText(Path.Combine(dir, "forged.json"), Document(University, Method(EvilKey, University, attacker)).ToJsonString());
            File.WriteAllText(Path.Combine(dir, "honest.json"), Document(Evil, Method(EvilKey, Evil, attacker)).ToJsonString());
            File.WriteAllText(Path.Combine(dir, "forged-map.json"), new JsonObject { [Evil] = "forged.json" }.ToJsonString());
            File.WriteAllText(Path.Combine(dir, "honest-map.json"), new JsonObject { [Evil] = "honest.json" }.ToJsonString());
            File.WriteAllText(Path.Combine(dir, "forged.vc.json"), (await SignAsync(University, attacker, EvilKey)).ToJsonString());
            File.WriteAllText(Path.Combine(dir, "honest.vc.json"), (await SignAsync(Evil, attacker, EvilKey)).ToJsonString());

            var now = HostileFixture.Now.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            var refused = await Run("verify", "--in", Path.Combine(dir, "forged.vc.json"), "--did-map", Path.Combine(dir, "forged-map.json"), "--now", now);
            Assert.Equal(ExitCodes.NotVerified, refused.Exit);
            Assert.Contains(VerificationMethodErrorCodes.ControllerIdMismatch, refused.Out, StringComparison.Ordinal);

            var ok = await Run("verify", "--in", Path.Combine(dir, "honest.vc.json"), "--did-map", Path.Combine(dir, "honest-map.json"), "--now", now);
            Assert.True(ok.Exit == ExitCodes.Success, ok.Out + ok.Err);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Task<(int Exit, string Out, string Err)> Run(params string[] args) =>
        CliRunner.RunAsync(args);

    private sealed class Serve(JsonObject document) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(document.ToJsonString()), RequestMessage = request });
    }
}
