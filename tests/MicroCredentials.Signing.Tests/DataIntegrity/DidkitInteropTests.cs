using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Tests.Canonicalization;
using MicroCredentials.Signing.Tests.Hostile;
using MicroCredentials.Signing.Verification;
using Xunit;

namespace MicroCredentials.Signing.Tests.DataIntegrity;

/// <summary>
/// Against DIDKit as LearnCard ships it (tests/interop/didkit-sign.mjs: @learncard/didkit-plugin 1.9.10, DIDKit 0.4.0
/// wasm), offline. Like rdf-canonize 3.4.0, DIDKit writes C0 controls and DEL raw in literals (with the same key and
/// created, its Ed25519Signature2020 proofValue matched DCC's wherever sort order and 17-digit doubles did not matter),
/// but it sorts canonical N-Quads in code point order (RDFC-1.0 §5), where every rdf-canonize release we have (3.4.0,
/// 4.0.1, 5.0.0) uses JavaScript's default sort, by UTF-16 code units. Fails (never skips) without node.
/// </summary>
public sealed class DidkitInteropTests
{
    private static async Task<JsonObject> RunAsync(string script, JsonObject request)
    {
        request["contexts"] = TestContexts.Bundled();
        request["seed"] = DccInteropTests.Seed;
        request["created"] = "2026-01-15T10:00:00Z";
        request["now"] = "2026-03-01T12:00:00Z";
        var response = (JsonObject)JsonNode.Parse(await NodeInterop.RunAsync(script, request.ToJsonString()))!;
        Assert.Equal(HostileFixture.Did(HostileFixture.IssuerEd25519()), (string)response["did"]!);
        return response;
    }

    private static bool HasLegacyWarning(VerificationReport report) =>
        report.Checks.Any(c => c.Check == VerificationSteps.Proof && c.Status == CheckStatus.Warning && c.Code == VerificationCodes.LegacyCanonicalForm);

    [Fact]
    public async Task WhatDidkitSignsWeVerify()
    {
        var corpus = DccInteropTests.Corpus().ToList();
        var response = await RunAsync("didkit-sign.mjs", new JsonObject { ["sign"] = new JsonArray(corpus.Select(c => (JsonNode)c.Credential.DeepClone()).ToArray()) });
        Assert.Equal("0.4.0", (string)response["version"]!);
        var signed = response["signed"]!.AsArray().Select(n => (JsonObject)n!).ToList();

        var warned = 0;
        for (var i = 0; i < corpus.Count; i++)
        {
            Assert.True(signed[i]["proof"] is not null, signed[i].ToJsonString());
            var report = await HostileFixture.VerifyAsync(signed[i]);
            HostileFixture.AssertVerified(report);
            var legacy = HasLegacyWarning(report);
            Assert.True(legacy == corpus[i].HasControl, $"#{i}: legacy warning {legacy}, control {corpus[i].HasControl}");
            warned += legacy ? 1 : 0;
            var refused = await HostileFixture.VerifyAsync(signed[i], new CredentialVerifierOptions { LegacyCanonicalForm = LegacyCanonicalForm.Refuse });
            if (legacy)
            {
                HostileFixture.AssertFails(refused, VerificationSteps.Proof, DataIntegrityErrorCodes.ProofVerificationError);
            }
            else
            {
                HostileFixture.AssertVerified(refused);
            }
        }

        Assert.Equal(12, warned);
    }

    [Fact]
    public async Task WhatWeSignDidkitVerifiesOnlyWithoutControlCharacters()
    {
        // DIDKit 0.4.0 verifies eddsa-rdfc-2022, but hashes its own N-Quads, which keep C0 controls and DEL raw where
        // RDFC-1.0 (and we) write \t, \b, \f, \u0001, \u007F…: the 12 credentials holding one fail ("Verification
        // equation was not satisfied"), the 12 without verify. Measured: 12 of 24.
        var pair = HostileFixture.IssuerEd25519();
        var corpus = DccInteropTests.Corpus().ToList();
        var ours = new JsonArray();
        foreach (var (credential, _) in corpus)
        {
            ours.Add(await HostileFixture.SignAsync(credential, pair));
        }

        var results = (await RunAsync("didkit-sign.mjs", new JsonObject { ["verify"] = ours }))["verify"]!.AsArray();
        for (var i = 0; i < corpus.Count; i++)
        {
            Assert.True((bool)results[i]!["verified"]! == !corpus[i].HasControl, $"#{i}: {(string?)results[i]!["error"]}");
        }

        Assert.Equal(12, results.Count(r => (bool)r!["verified"]!));
    }

    [Fact]
    public async Task DidkitSortsInCodePointOrderAndRdfCanonizeDoesNot()
    {
        // Two tags, U+FF21 (FULLWIDTH A, one UTF-16 unit 0xFF21) and U+1F600 (surrogates 0xD83D 0xDE00): code point
        // order (RDFC-1.0 §5 Serialization: "sorting them into code point order") puts U+FF21 first, UTF-16 code-unit
        // order (JavaScript's Array.prototype.sort in rdf-canonize) puts the emoji first. DIDKit agrees with RDFC-1.0
        // and with us; DCC's Ed25519Signature2020 signs another order, which no literal re-escaping can recover.
        var credential = DccInteropTests.Credential(200, "Tags", "Sort order");
        credential["credentialSubject"]!["achievement"]!["tag"] = new JsonArray("\uFF21", "\U0001F600");

        var didkit = (JsonObject)(await RunAsync("didkit-sign.mjs", new JsonObject { ["sign"] = new JsonArray(credential.DeepClone()) }))["signed"]![0]!;
        var dccSigned = (await RunAsync("dcc-sign.mjs", new JsonObject
        {
            ["sign"] = new JsonArray(
            new JsonObject { ["suite"] = "Ed25519Signature2020", ["credential"] = credential.DeepClone() },
            new JsonObject { ["suite"] = "eddsa-rdfc-2022", ["credential"] = credential.DeepClone() })
        }))["signed"]!;
        var dcc = (JsonObject)dccSigned[0]!;

        // rdf-canonize 4.0.1 (DCC's eddsa-rdfc-2022) sorts the same way: not a legacy-escaping issue, a current one.
        HostileFixture.AssertFails(await HostileFixture.VerifyAsync((JsonObject)dccSigned[1]!), VerificationSteps.Proof, DataIntegrityErrorCodes.ProofVerificationError);
        Assert.NotEqual((string)didkit["proof"]!["proofValue"]!, (string)dcc["proof"]!["proofValue"]!);

        var report = await HostileFixture.VerifyAsync(didkit);
        HostileFixture.AssertVerified(report);
        Assert.False(HasLegacyWarning(report));
        HostileFixture.AssertFails(await HostileFixture.VerifyAsync(dcc), VerificationSteps.Proof, DataIntegrityErrorCodes.ProofVerificationError);
    }

    [Fact]
    public async Task DidkitWritesDoublesNeedingSeventeenDigitsDifferently()
    {
        // The divergence beyond control characters: JSON number → xsd:double lexical form (JSON-LD 1.1 API §8.6 Object
        // to RDF Conversion, formatted as §8.7 Data Round Tripping prescribes: toExponential(15), i.e. 16 significant
        // digits, trailing zeros trimmed — jsonld.js and we write 0.30000000000000004 as "3.0E-1"). DIDKit writes
        // the shortest round-trip form, "3.0000000000000004E-1". Numbers that 16 digits hold (1.5, 0.1, 1e21, 1.23e-7,
        // 1e300, 123456789012.5) agree. Shown by moving DIDKit's proof onto the same credential with the value given
        // as a string (creditsAvailable is typed xsd:float in the OB 3.0 context): only DIDKit's 17-digit lexical
        // form verifies, so it is the literal DIDKit hashed. No retry recovers it; such a credential fails here.
        var values = new JsonNode[] { 1.5, 0.1, 1e21, 1.23e-7, 1e300, 123456789012.5, 0.30000000000000004 };
        var credentials = values.Select((v, i) =>
        {
            var c = DccInteropTests.Credential(300 + i, "Credits", "A number");
            c["credentialSubject"]!["achievement"]!["creditsAvailable"] = v;
            return (JsonNode)c;
        }).ToArray();
        var signed = (await RunAsync("didkit-sign.mjs", new JsonObject { ["sign"] = new JsonArray(credentials) }))["signed"]!.AsArray();

        for (var i = 0; i < values.Length - 1; i++)
        {
            HostileFixture.AssertVerified(await HostileFixture.VerifyAsync((JsonObject)signed[i]!));
        }

        var seventeen = (JsonObject)signed[^1]!;
        HostileFixture.AssertFails(await HostileFixture.VerifyAsync(seventeen), VerificationSteps.Proof, DataIntegrityErrorCodes.ProofVerificationError);
        foreach (var (lexical, verifies) in new[] { ("3.0000000000000004E-1", true), ("3.0E-1", false), ("0.30000000000000004", false) })
        {
            var copy = (JsonObject)seventeen.DeepClone();
            copy["credentialSubject"]!["achievement"]!["creditsAvailable"] = lexical;
            Assert.True((await HostileFixture.VerifyAsync(copy)).Verified == verifies, lexical);
        }
    }
}
