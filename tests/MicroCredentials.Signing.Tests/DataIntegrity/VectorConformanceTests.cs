using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Tests.Support;
using Xunit;
using MicroCredentials.Signing.Dids;

namespace MicroCredentials.Signing.Tests.DataIntegrity;

/// <summary>Every W3C vc-di-eddsa / vc-di-ecdsa vector (ecdsa-sd-2023 excluded: selective disclosure is out of scope).</summary>
public class VectorConformanceTests
{
    [Theory]
    [MemberData(nameof(DiVector.Data), MemberType = typeof(DiVector))]
    public async Task IntermediateValuesMatchByteForByte(DiVector vector)
    {
        var proofConfig = vector.Json("proofConfig");
        using var pair = vector.LoadKeyPair();
        var hash = vector.Suite.GetHashAlgorithm(pair.Algorithm);
        var (proofCanon, docCanon) = await DataIntegrityProofs.CanonicalizeAsync(vector.Input, proofConfig, [], vector.Suite, hash, DiSupport.Canonicalizer, default);
        Assert.Equal(File.ReadAllText(vector.File("proofCanon", ".txt")), Encoding.UTF8.GetString(proofCanon));
        Assert.Equal(File.ReadAllText(vector.File("canonDoc", ".txt")), Encoding.UTF8.GetString(docCanon));

        Func<byte[], byte[]> h = hash == HashAlgorithmName.SHA384 ? SHA384.HashData : SHA256.HashData;
        Assert.Equal(vector.Text("proofHash"), Convert.ToHexString(h(proofCanon)), ignoreCase: true);
        Assert.Equal(vector.Text("docHash"), Convert.ToHexString(h(docCanon)), ignoreCase: true);
        var combined = await DataIntegrityProofs.HashDataAsync(vector.Input, proofConfig, [], vector.Suite, pair.Algorithm, DiSupport.Canonicalizer, default);
        Assert.Equal(vector.Text("combinedHash"), Convert.ToHexString(combined), ignoreCase: true);
    }

    [Theory]
    [MemberData(nameof(DiVector.Data), MemberType = typeof(DiVector))]
    public async Task SignedVectorVerifies(DiVector vector)
    {
        var result = await DataIntegrityProofs.VerifyAsync(vector.Json("signed"), DiSupport.SpecVectorOptions);
        Assert.True(result.Verified, result.Proofs[0].Message);
    }

    [Theory]
    [MemberData(nameof(DiVector.Data), MemberType = typeof(DiVector))]
    public async Task SigningReproducesTheVector(DiVector vector)
    {
        if (!vector.Suite.CanSign)
        {
            // Ed25519Signature2020 is verify-only; its signature is checked byte for byte in SignatureTests.
            Assert.Throws<ArgumentException>(() => { _ = DataIntegrityProofs.SignAsync(vector.Input, new KeyPairSigner(vector.LoadKeyPair(), "did:example:x#k"), vector.Suite).GetAwaiter().GetResult(); });
            return;
        }

        using var pair = vector.LoadKeyPair();
        var config = vector.Json("proofConfig");
        var signer = new KeyPairSigner(pair, (string)config["verificationMethod"]!);
        var options = DiSupport.SignOptions(DateTimeOffset.Parse((string)config["created"]!, System.Globalization.CultureInfo.InvariantCulture));
        var input = vector.Input;
        var before = input.ToJsonString();
        var signed = await DataIntegrityProofs.SignAsync(input, signer, vector.Suite, options);
        Assert.Equal(before, input.ToJsonString());

        var expected = vector.Json("signed");
        if (ReferenceEquals(pair.Algorithm, KeyAlgorithm.Ed25519))
        {
            Assert.True(JsonNode.DeepEquals(expected, signed), signed.ToJsonString());
        }
        else
        {
            var ourProofValue = (string?)signed["proof"]!["proofValue"];
            var ours = (JsonObject)signed["proof"]!.DeepClone();
            var theirs = (JsonObject)expected["proof"]!;
            ours.Remove("proofValue");
            theirs.Remove("proofValue");
            Assert.True(JsonNode.DeepEquals(theirs, ours), ours.ToJsonString());
            var again = await DataIntegrityProofs.SignAsync(input, signer, vector.Suite, options);
            Assert.True((await DataIntegrityProofs.VerifyAsync(again, DiSupport.SpecVectorOptions)).Verified);
            Assert.NotNull(ourProofValue);
        }
    }

    public static TheoryData<string> ProofSetFiles() => new() { "signedProofSet1.json", "signedProofSet2.json", "signedProofChain1.json", "signedProofChain2.json" };

    [Theory]
    [MemberData(nameof(ProofSetFiles))]
    public async Task ProofSetAndChainVectorsVerify(string file)
    {
        var document = DiSupport.ReadObject(TestPaths.ConformanceFile("vc-di-eddsa", "TestVectors", "proof-set-chain", file));
        var result = await DataIntegrityProofs.VerifyAsync(document, DiSupport.SpecVectorOptions);
        Assert.True(result.Verified, string.Join("; ", result.Proofs.Select(p => p.Message)));
        Assert.Equal(document["proof"] is JsonArray a ? a.Count : 1, result.Proofs.Count);
    }

    [Fact]
    public async Task ProofSetAndChainAreReproducedByteForByte()
    {
        var dir = TestPaths.ConformanceFile("vc-di-eddsa", "TestVectors", "proof-set-chain");
        var keys = DiSupport.ReadObject(Path.Combine(dir, "multiKeyPairs.json"));
        var document = DiSupport.ReadObject(Path.Combine(dir, "unsigned.json"));

        async Task<JsonObject> AddAsync(JsonObject doc, string keyName, string configFile)
        {
            var config = DiSupport.ReadObject(Path.Combine(dir, configFile));
            using var pair = Multikey.DecodeSecretKey((string)keys[keyName]!["privateKeyMultibase"]!);
            var previous = config["previousProof"] switch
            {
                JsonArray a => a.Select(n => (string)n!).ToList(),
                JsonValue v => [(string)v!],
                _ => new List<string>(),
            };
            var options = DiSupport.SignOptions(DateTimeOffset.Parse((string)config["created"]!, System.Globalization.CultureInfo.InvariantCulture)) with
            {
                Id = (string?)config["id"],
                PreviousProof = previous,
            };
            return await DataIntegrityProofs.SignAsync(doc, new KeyPairSigner(pair, (string)config["verificationMethod"]!), Cryptosuite.EddsaRdfc2022, options);
        }

        var set1 = await AddAsync(document, "keyPair1", "proofSetConfig1.json");
        var set2 = await AddAsync(set1, "keyPair2", "proofSetConfig2.json");
        Assert.True(JsonNode.DeepEquals(DiSupport.ReadObject(Path.Combine(dir, "signedProofSet2.json")), set2), set2.ToJsonString());

        var chain1 = await AddAsync(set2, "keyPair3", "proofChainConfig1.json");
        Assert.True(JsonNode.DeepEquals(DiSupport.ReadObject(Path.Combine(dir, "signedProofChain1.json")), chain1), chain1.ToJsonString());
        var chain2 = await AddAsync(chain1, "keyPair4", "proofChainConfig2.json");
        Assert.True(JsonNode.DeepEquals(DiSupport.ReadObject(Path.Combine(dir, "signedProofChain2.json")), chain2), chain2.ToJsonString());
    }

    [Fact]
    public async Task OpenBadgesVectorMatchesEveryIntermediateAndVerifies()
    {
        var dir = TestPaths.ConformanceFile("openbadges-3.0", "test-vectors", "eddsa-rdfc-2022");
        var unsigned = DiSupport.ReadObject(Path.Combine(dir, "unsigned.json"));
        var config = DiSupport.ReadObject(Path.Combine(dir, "proofConfig.json"));
        var (proofCanon, docCanon) = await DataIntegrityProofs.CanonicalizeAsync(unsigned, config, [], Cryptosuite.EddsaRdfc2022, HashAlgorithmName.SHA256, DiSupport.Canonicalizer, default);
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "proofCanon.nq")), Encoding.UTF8.GetString(proofCanon));
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "documentCanon.nq")), Encoding.UTF8.GetString(docCanon));
        var hashes = DiSupport.ReadObject(Path.Combine(dir, "hashes.json"));
        Assert.Equal((string)hashes["proofHashHex"]!, Convert.ToHexString(SHA256.HashData(proofCanon)), ignoreCase: true);
        Assert.Equal((string)hashes["documentHashHex"]!, Convert.ToHexString(SHA256.HashData(docCanon)), ignoreCase: true);

        var keyJson = DiSupport.ReadObject(Path.Combine(dir, "keyPair.json"));
        using var key = KeyFile.Parse(keyJson);
        var signed = await DataIntegrityProofs.SignAsync(unsigned, key.CreateSigner(), Cryptosuite.EddsaRdfc2022, DiSupport.SignOptions(DateTimeOffset.Parse((string)config["created"]!, System.Globalization.CultureInfo.InvariantCulture)));
        var expected = DiSupport.ReadObject(Path.Combine(dir, "signed.json"));
        Assert.Equal((string)expected["proof"]!["proofValue"]!, (string)signed["proof"]!["proofValue"]!);

        // The key is an HTTP-URL key of the issuer profile: serve that profile offline.
        var profile = new JsonObject
        {
            ["id"] = key.Controller,
            ["verificationMethod"] = new JsonArray(key.ToVerificationMethodJson()),
            ["assertionMethod"] = new JsonArray(key.Id),
        };
        var resolver = new MicroCredentials.Signing.Dids.StaticControllerDocumentResolver([new(key.Controller, profile)]);
        var result = await DataIntegrityProofs.VerifyAsync(expected, DiSupport.Options(resolver));
        Assert.True(result.Verified, result.Proofs[0].Message);
    }
}
