using System.Numerics;
using System.Text.Json.Nodes;
using CsCheck;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Keys;
using Xunit;

namespace MicroCredentials.Signing.Tests.DataIntegrity;

/// <summary>Each test tampers with one thing and checks verification fails with the right code.</summary>
public class NegativeTests
{
    private static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493", System.Globalization.CultureInfo.InvariantCulture);

    public static TheoryData<string> SigningSuites() => new() { "eddsa-rdfc-2022", "eddsa-jcs-2022", "ecdsa-rdfc-2019", "ecdsa-jcs-2019" };

    private static async Task<(JsonObject Signed, KeyPair Pair)> SignedAsync(string suiteName = "eddsa-rdfc-2022", ProofOptions? options = null)
    {
        var suite = CryptosuiteRegistry.FindByName(suiteName)!;
        var pair = ReferenceEquals(suite.KeyAlgorithms[0], KeyAlgorithm.Ed25519) ? DiSupport.FixedEd25519() : DiSupport.FixedP256();
        var signed = await DataIntegrityProofs.SignAsync(DiSupport.Credential(pair), DiSupport.DidKeySigner(pair), suite, options ?? DiSupport.SignOptions());
        return (signed, pair);
    }

    private static async Task<ProofVerificationResult> VerifyOneAsync(JsonObject document, DataIntegrityVerificationOptions? options = null)
    {
        var result = await DataIntegrityProofs.VerifyAsync(document, options ?? DiSupport.Options());
        Assert.Single(result.Proofs);
        Assert.Equal(result.Proofs[0].Verified, result.Verified);
        return result.Proofs[0];
    }

    private static void ExpectFailure(ProofVerificationResult result, string code)
    {
        Assert.False(result.Verified);
        Assert.Equal(code, result.ErrorCode);
    }

    [Theory]
    [MemberData(nameof(SigningSuites))]
    public async Task SignedCredentialVerifiesWithEverySuite(string suite)
    {
        var (signed, pair) = await SignedAsync(suite);
        using (pair)
        {
            var result = await VerifyOneAsync(signed);
            Assert.True(result.Verified, result.Message);
            Assert.Equal(suite, result.Cryptosuite);
        }
    }

    [Fact]
    public async Task VerifyFailsWhenProofValueHasAWrongMultibasePrefix()
    {
        var (signed, pair) = await SignedAsync();
        pair.Dispose();
        var value = (string)signed["proof"]!["proofValue"]!;
        signed["proof"]!["proofValue"] = "u" + value[1..];
        ExpectFailure(await VerifyOneAsync(signed), DataIntegrityErrorCodes.MalformedProofError);
    }

    [Fact]
    public async Task VerifyFailsWhenProofValueHasTheWrongLength()
    {
        var (signed, pair) = await SignedAsync();
        pair.Dispose();
        var signature = Multibase.Decode((string)signed["proof"]!["proofValue"]!);
        signed["proof"]!["proofValue"] = Multibase.Encode(signature[..63]);
        ExpectFailure(await VerifyOneAsync(signed), DataIntegrityErrorCodes.ProofVerificationError);
    }

    [Fact]
    public async Task VerifyFailsWhenProofValueIsNonCanonicalBase58()
    {
        // An extra leading '1' is a leading zero byte: the same number, another encoding; it must not be accepted.
        var (signed, pair) = await SignedAsync();
        pair.Dispose();
        var value = (string)signed["proof"]!["proofValue"]!;
        signed["proof"]!["proofValue"] = "z1" + value[1..];
        ExpectFailure(await VerifyOneAsync(signed), DataIntegrityErrorCodes.ProofVerificationError);
    }

    [Fact]
    public async Task VerifyFailsWhenProofValueHasNonBase58Characters()
    {
        var (signed, pair) = await SignedAsync();
        pair.Dispose();
        var value = (string)signed["proof"]!["proofValue"]!;
        signed["proof"]!["proofValue"] = value[..10] + "0" + value[11..];
        ExpectFailure(await VerifyOneAsync(signed), DataIntegrityErrorCodes.MalformedProofError);
    }

    [Fact]
    public async Task VerifyFailsWhenSIsNotCanonical()
    {
        var (signed, pair) = await SignedAsync();
        pair.Dispose();
        var signature = Multibase.Decode((string)signed["proof"]!["proofValue"]!);
        var s = new BigInteger(signature.AsSpan(32), isUnsigned: true, isBigEndian: false) + L;
        Assert.True(s < BigInteger.Pow(2, 256));
        var sBytes = new byte[32];
        s.ToByteArray(isUnsigned: true, isBigEndian: false).CopyTo(sBytes, 0);
        signed["proof"]!["proofValue"] = Multibase.Encode([.. signature[..32], .. sBytes]);
        ExpectFailure(await VerifyOneAsync(signed), DataIntegrityErrorCodes.ProofVerificationError);
    }

    [Fact]
    public async Task VerifyFailsForASmallOrderEd25519Key()
    {
        // Identity point as public key, identity R and S = 0: valid for every message under a cofactorless check.
        var identity = new byte[32];
        identity[0] = 1;
        var multibase = Multibase.Encode([0xed, 0x01, .. identity]);
        var did = "did:key:" + multibase;
        using var pair = DiSupport.FixedEd25519();
        var document = DiSupport.Credential(pair);
        document["issuer"] = did;
        var signature = new byte[64];
        signature[0] = 1;
        document["proof"] = new JsonObject
        {
            ["type"] = "DataIntegrityProof",
            ["cryptosuite"] = "eddsa-rdfc-2022",
            ["created"] = "2025-01-01T00:00:00Z",
            ["verificationMethod"] = did + "#" + multibase,
            ["proofPurpose"] = "assertionMethod",
            ["proofValue"] = Multibase.Encode(signature),
        };
        ExpectFailure(await VerifyOneAsync(document), DataIntegrityErrorCodes.InvalidVerificationMethod);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task VerifyFailsWhenEcdsaROrSIsOutOfRange(bool zeroR)
    {
        var (signed, pair) = await SignedAsync("ecdsa-rdfc-2019");
        pair.Dispose();
        var signature = Multibase.Decode((string)signed["proof"]!["proofValue"]!);
        Array.Clear(signature, zeroR ? 0 : 32, 32);
        signed["proof"]!["proofValue"] = Multibase.Encode(signature);
        ExpectFailure(await VerifyOneAsync(signed), DataIntegrityErrorCodes.ProofVerificationError);
    }

    [Fact]
    public async Task VerifyFailsForAnotherProofPurpose()
    {
        var (signed, pair) = await SignedAsync(options: DiSupport.SignOptions() with { Purpose = ProofPurpose.Authentication(challenge: null) });
        pair.Dispose();
        ExpectFailure(await VerifyOneAsync(signed), DataIntegrityErrorCodes.InvalidProofPurpose);
    }

    [Fact]
    public async Task VerifyFailsWhenTheControllerDoesNotListTheMethodUnderAssertionMethod()
    {
        using var key = KeyFile.Create(DiSupport.FixedEd25519(), "did:web:issuer.example#key-1", "did:web:issuer.example");
        var document = DiSupport.Credential(key.KeyPair);
        document["issuer"] = "did:web:issuer.example";
        var signed = await DataIntegrityProofs.SignAsync(document, key.CreateSigner(), Cryptosuite.EddsaRdfc2022, DiSupport.SignOptions());
        var didDocument = new JsonObject
        {
            ["id"] = "did:web:issuer.example",
            ["verificationMethod"] = new JsonArray(key.ToVerificationMethodJson()),
            ["authentication"] = new JsonArray("did:web:issuer.example#key-1"),
        };
        var resolver = new StaticControllerDocumentResolver([new("did:web:issuer.example", didDocument)]);
        ExpectFailure(await VerifyOneAsync(signed, DiSupport.Options(resolver)), DataIntegrityErrorCodes.InvalidProofPurpose);

        didDocument["assertionMethod"] = new JsonArray("#key-1");
        var fixedResolver = new StaticControllerDocumentResolver([new("did:web:issuer.example", didDocument)]);
        Assert.True((await VerifyOneAsync(signed, DiSupport.Options(fixedResolver))).Verified);
    }

    [Fact]
    public async Task VerifyFailsWhenTheMethodBelongsToAnotherControllerThanTheIssuer()
    {
        using var pair = DiSupport.FixedEd25519();
        var document = DiSupport.Credential(pair);
        document["issuer"] = new JsonObject { ["id"] = "did:web:university.example", ["name"] = "University" };
        var signed = await DataIntegrityProofs.SignAsync(document, DiSupport.DidKeySigner(pair), Cryptosuite.EddsaRdfc2022, DiSupport.SignOptions());
        ExpectFailure(await VerifyOneAsync(signed), DataIntegrityErrorCodes.IssuerKeyMismatch);
    }

    [Fact]
    public async Task VerifyFailsWhenTheIssuerIsPresentButUnusable()
    {
        using var pair = DiSupport.FixedEd25519();
        var document = DiSupport.Credential(pair);
        document["issuer"] = new JsonObject { ["name"] = "No id" };
        var signed = await DataIntegrityProofs.SignAsync(document, DiSupport.DidKeySigner(pair), Cryptosuite.EddsaJcs2022, DiSupport.SignOptions());
        ExpectFailure(await VerifyOneAsync(signed), DataIntegrityErrorCodes.IssuerKeyMismatch);
    }

    [Fact]
    public async Task VerifyFailsWhenTheProofWasCreatedInTheFuture()
    {
        var (signed, pair) = await SignedAsync(options: DiSupport.SignOptions(DiSupport.Now.AddHours(1)));
        pair.Dispose();
        ExpectFailure(await VerifyOneAsync(signed), DataIntegrityErrorCodes.ProofCreatedInFuture);
        var skewed = await VerifyOneAsync(signed, DiSupport.Options() with { MaxClockSkew = TimeSpan.FromHours(2) });
        Assert.True(skewed.Verified);
    }

    [Fact]
    public async Task VerifyFailsWhenTheProofHasExpired()
    {
        var (signed, pair) = await SignedAsync(options: DiSupport.SignOptions() with { Expires = DiSupport.Now.AddDays(-1) });
        pair.Dispose();
        ExpectFailure(await VerifyOneAsync(signed), DataIntegrityErrorCodes.ProofExpired);
    }

    [Fact]
    public async Task VerifyFailsForAProofCopiedFromAnotherCredential()
    {
        using var pair = DiSupport.FixedEd25519();
        var a = await DataIntegrityProofs.SignAsync(DiSupport.Credential(pair, "Degree A"), DiSupport.DidKeySigner(pair), Cryptosuite.EddsaRdfc2022, DiSupport.SignOptions());
        var b = DiSupport.Credential(pair, "Degree B");
        b["proof"] = a["proof"]!.DeepClone();
        ExpectFailure(await VerifyOneAsync(b), DataIntegrityErrorCodes.ProofVerificationError);
    }

    [Fact]
    public async Task VerifyFailsForAnUnknownCryptosuite()
    {
        var (signed, pair) = await SignedAsync();
        pair.Dispose();
        signed["proof"]!["cryptosuite"] = "bbs-2023";
        ExpectFailure(await VerifyOneAsync(signed), DataIntegrityErrorCodes.UnknownCryptosuite);
    }

    [Fact]
    public async Task VerifyFailsWhenTheSuiteDoesNotMatchTheKey()
    {
        var (signed, pair) = await SignedAsync();
        pair.Dispose();
        signed["proof"]!["cryptosuite"] = "ecdsa-rdfc-2019";
        ExpectFailure(await VerifyOneAsync(signed), DataIntegrityErrorCodes.InvalidVerificationMethod);
    }

    [Theory]
    [InlineData("proofValue")]
    [InlineData("verificationMethod")]
    [InlineData("proofPurpose")]
    public async Task VerifyFailsWhenARequiredMemberIsMissing(string member)
    {
        var (signed, pair) = await SignedAsync();
        pair.Dispose();
        ((JsonObject)signed["proof"]!).Remove(member);
        ExpectFailure(await VerifyOneAsync(signed), DataIntegrityErrorCodes.MalformedProofError);
    }

    [Theory]
    [InlineData("2025-06-01")]
    [InlineData("2025-06-01T12:00:00")]
    [InlineData("yesterday")]
    public async Task VerifyFailsForAMalformedCreated(string created)
    {
        var (signed, pair) = await SignedAsync();
        pair.Dispose();
        signed["proof"]!["created"] = created;
        ExpectFailure(await VerifyOneAsync(signed), DataIntegrityErrorCodes.MalformedProofError);
    }

    [Fact]
    public async Task VerifyChecksDomainAndChallengeWhenExpected()
    {
        var (signed, pair) = await SignedAsync(options: DiSupport.SignOptions() with { Purpose = ProofPurpose.Authentication("c-123", "verifier.example") });
        pair.Dispose();
        Assert.True((await VerifyOneAsync(signed, DiSupport.Options() with { ExpectedPurpose = ProofPurpose.Authentication("c-123", "verifier.example") })).Verified);
        ExpectFailure(await VerifyOneAsync(signed, DiSupport.Options() with { ExpectedPurpose = ProofPurpose.Authentication(null, "other.example") }), DataIntegrityErrorCodes.InvalidDomainError);
        ExpectFailure(await VerifyOneAsync(signed, DiSupport.Options() with { ExpectedPurpose = ProofPurpose.Authentication("c-124") }), DataIntegrityErrorCodes.InvalidChallengeError);
    }

    [Fact]
    public async Task VerifyFailsWhenAPreviousProofIsMissing()
    {
        var (signed, pair) = await SignedAsync(options: DiSupport.SignOptions() with { Id = "urn:uuid:first" });
        using (pair)
        {
            var chained = await DataIntegrityProofs.SignAsync(signed, DiSupport.DidKeySigner(pair), Cryptosuite.EddsaRdfc2022, DiSupport.SignOptions() with { PreviousProof = ["urn:uuid:first"] });
            Assert.True((await DataIntegrityProofs.VerifyAsync(chained, DiSupport.Options())).Verified);
            chained["proof"]![0]!["id"] = "urn:uuid:renamed";
            var result = await DataIntegrityProofs.VerifyAsync(chained, DiSupport.Options());
            Assert.False(result.Verified);
            Assert.Equal(DataIntegrityErrorCodes.PreviousProofNotFound, result.Proofs[1].ErrorCode);
            await Assert.ThrowsAsync<DataIntegrityException>(() => DataIntegrityProofs.SignAsync(signed, DiSupport.DidKeySigner(pair), Cryptosuite.EddsaRdfc2022, DiSupport.SignOptions() with { PreviousProof = ["urn:uuid:nope"] }));
        }
    }

    [Fact]
    public async Task VerifyReportsMissingAndMalformedProofsWithoutThrowing()
    {
        using var pair = DiSupport.FixedEd25519();
        var document = DiSupport.Credential(pair);
        var none = await DataIntegrityProofs.VerifyAsync(document, DiSupport.Options());
        Assert.False(none.Verified);
        Assert.Equal(DataIntegrityErrorCodes.MalformedProofError, none.ErrorCode);
        document["proof"] = new JsonArray(42, "x", new JsonArray());
        var junk = await DataIntegrityProofs.VerifyAsync(document, DiSupport.Options());
        Assert.False(junk.Verified);
        Assert.All(junk.Proofs, p => Assert.Equal(DataIntegrityErrorCodes.MalformedProofError, p.ErrorCode));
    }

    [Fact]
    public async Task VerifyReportsTransformationErrorsForUnknownContexts()
    {
        var (signed, pair) = await SignedAsync();
        pair.Dispose();
        ((JsonArray)signed["@context"]!).Add("https://unknown.example/context.jsonld");
        ExpectFailure(await VerifyOneAsync(signed), DataIntegrityErrorCodes.ProofTransformationError);
    }

    [Fact]
    public async Task SignRejectsMisuse()
    {
        using var pair = DiSupport.FixedEd25519();
        var signer = DiSupport.DidKeySigner(pair);
        var document = DiSupport.Credential(pair);
        await Assert.ThrowsAsync<ArgumentException>(() => DataIntegrityProofs.SignAsync(document, signer, Cryptosuite.EcdsaRdfc2019));
        await Assert.ThrowsAsync<ArgumentException>(() => DataIntegrityProofs.SignAsync(document, signer, Cryptosuite.Ed25519Signature2020));
        await Assert.ThrowsAsync<ArgumentNullException>(() => DataIntegrityProofs.SignAsync(null!, signer, Cryptosuite.EddsaRdfc2022));
    }

    [Fact]
    public async Task SignManyKeepsOrderAndEveryResultVerifies()
    {
        using var pair = DiSupport.FixedEd25519();
        var documents = Enumerable.Range(0, 12).Select(i => DiSupport.Credential(pair, "Degree " + i)).ToList();
        var signed = await DataIntegrityProofs.SignManyAsync(documents, DiSupport.DidKeySigner(pair), Cryptosuite.EddsaRdfc2022, DiSupport.SignOptions());
        for (var i = 0; i < documents.Count; i++)
        {
            Assert.Equal("Degree " + i, (string)signed[i]["credentialSubject"]!["degree"]!["name"]!);
            Assert.True((await DataIntegrityProofs.VerifyAsync(signed[i], DiSupport.Options())).Verified);
        }
    }

    [Fact]
    public async Task AnySingleCharacterChangeToSignedContentOrProofValueFails()
    {
        var (signed, pair) = await SignedAsync("eddsa-jcs-2022");
        pair.Dispose();
        var name = (string)signed["credentialSubject"]!["degree"]!["name"]!;
        var proofValue = (string)signed["proof"]!["proofValue"]!;
        var gen = Gen.Select(Gen.Bool, Gen.Int[0, 1000], Gen.Char['!', '~']);
        await gen.SampleAsync(async t =>
        {
            var (inName, position, replacement) = t;
            var copy = (JsonObject)signed.DeepClone();
            if (inName)
            {
                var i = position % name.Length;
                if (name[i] == replacement)
                {
                    return true;
                }

                copy["credentialSubject"]!["degree"]!["name"] = name[..i] + replacement + name[(i + 1)..];
            }
            else
            {
                var i = 1 + (position % (proofValue.Length - 1));
                if (proofValue[i] == replacement)
                {
                    return true;
                }

                copy["proof"]!["proofValue"] = proofValue[..i] + replacement + proofValue[(i + 1)..];
            }

            return !(await DataIntegrityProofs.VerifyAsync(copy, DiSupport.Options())).Verified;
        }, iter: 60);
    }

    [Fact]
    public async Task SameRdfcPropertyHoldsForTheCanonicalizedSuite()
    {
        var (signed, pair) = await SignedAsync("eddsa-rdfc-2022");
        pair.Dispose();
        var name = (string)signed["credentialSubject"]!["degree"]!["name"]!;
        await Gen.Select(Gen.Int[0, 1000], Gen.Char['!', '~']).SampleAsync(async t =>
        {
            var (position, replacement) = t;
            var i = position % name.Length;
            if (name[i] == replacement)
            {
                return true;
            }

            var copy = (JsonObject)signed.DeepClone();
            copy["credentialSubject"]!["degree"]!["name"] = name[..i] + replacement + name[(i + 1)..];
            return !(await DataIntegrityProofs.VerifyAsync(copy, DiSupport.Options())).Verified;
        }, iter: 25);
    }
}
