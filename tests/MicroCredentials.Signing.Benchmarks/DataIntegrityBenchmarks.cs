using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Keys;

namespace MicroCredentials.Signing.Benchmarks;

/// <summary>
/// Sign and verify the OB 3.0 "complete" example (≈16 KB, endorsements, alignments, evidence) with a did:key issuer.
/// Run: <c>dotnet run -c Release --project tests/MicroCredentials.Signing.Benchmarks -- --filter '*DataIntegrity*'</c>.
/// </summary>
[MemoryDiagnoser]
public class DataIntegrityBenchmarks
{
    private static readonly MicroCredentials.Signing.JsonLd.JsonLdProcessor Processor = new(MicroCredentials.Signing.JsonLd.StaticDocumentLoader.Default);

    private KeyPair _keyPair = null!;
    private ISigner _signer = null!;
    private Cryptosuite _suite = null!;
    private JsonObject _unsigned = null!;
    private JsonObject _signed = null!;
    private JsonObject _proofConfig = null!;

    [Params("eddsa-rdfc-2022", "ecdsa-rdfc-2019")]
    public string Suite { get; set; } = "eddsa-rdfc-2022";

    [GlobalSetup]
    public void Setup()
    {
        _suite = CryptosuiteRegistry.FindByName(Suite)!;
        _keyPair = ReferenceEquals(_suite.KeyAlgorithms[0], KeyAlgorithm.Ed25519) ? KeyAlgorithm.Ed25519.GenerateKeyPair() : KeyAlgorithm.P256.GenerateKeyPair();
        _signer = new KeyPairSigner(_keyPair, DidKey.VerificationMethodId(_keyPair.PublicKey));
        _unsigned = RichCredential.Load(DidKey.FromPublicKey(_keyPair.PublicKey));
        _signed = DataIntegrityProofs.SignAsync(_unsigned, _signer, _suite).GetAwaiter().GetResult();
        _proofConfig = (JsonObject)_signed["proof"]!.DeepClone();
        _proofConfig.Remove("proofValue");
        _proofConfig["@context"] = _unsigned["@context"]!.DeepClone();
        if (!DataIntegrityProofs.VerifyAsync(_signed).GetAwaiter().GetResult().Verified)
        {
            throw new InvalidOperationException("benchmark credential does not verify");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _keyPair.Dispose();

    [Benchmark]
    public Task<JsonObject> Sign() => DataIntegrityProofs.SignAsync(_unsigned, _signer, _suite);

    [Benchmark]
    public Task<ProofSetVerificationResult> Verify() => DataIntegrityProofs.VerifyAsync(_signed);

    /// <summary>The proof configuration: a handful of triples, but the whole OB @context must be processed again.</summary>
    [Benchmark]
    public ValueTask<byte[]> CanonicalizeProofConfig() => ProofCanonicalizer.Default.CanonicalizeAsync(_proofConfig, CanonicalizationAlgorithm.Rdfc10);

    /// <summary>JSON-LD toRdf alone (safe mode, bundled contexts), to split the document cost between toRdf and RDFC-1.0.</summary>
    [Benchmark]
    public ValueTask<IReadOnlyList<MicroCredentials.Signing.Rdf.Quad>> ToRdfDocument() =>
        Processor.ToRdfAsync(_unsigned, new MicroCredentials.Signing.JsonLd.JsonLdOptions { SafeMode = true });

    [Benchmark]
    public ValueTask<byte[]> CanonicalizeDocument() => ProofCanonicalizer.Default.CanonicalizeAsync(_unsigned, CanonicalizationAlgorithm.Rdfc10);
}

/// <summary>Loads the benchmark credential from the shared conformance data beside the repository.</summary>
internal static class RichCredential
{
    public static JsonObject Load(string issuer)
    {
        var shared = Environment.GetEnvironmentVariable("MCRED_SHARED");
        if (shared is null)
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MicroCredentials.Signing.sln")))
            {
                dir = dir.Parent;
            }

            shared = Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found; set MCRED_SHARED"), "..", "shared");
        }

        var path = Path.Combine(shared, "conformance", "openbadges-3.0", "examples", "complete-openbadgecredential.json");
        var credential = (JsonObject)JsonNode.Parse(File.ReadAllText(path))!;
        credential["issuer"]!["id"] = issuer;
        return credential;
    }
}
