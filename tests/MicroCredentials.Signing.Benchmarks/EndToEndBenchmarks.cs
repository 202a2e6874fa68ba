using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using MicroCredentials.Signing.Canonicalization;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.JsonLd;
using MicroCredentials.Signing.Keys;

namespace MicroCredentials.Signing.Benchmarks;

/// <summary>
/// The whole path on the rich OB 3.0 credential (<c>Data/ob3-rich-credential.json</c>, 178 quads): JSON-LD
/// expansion + toRdf + RDFC-1.0, then Data Integrity sign and verify (did:key issuer, bundled contexts,
/// safe mode) with each RDFC cryptosuite. The issue targets: ≥ 3,300–4,200 canonicalizations/s and ≥ 2,400–3,000
/// signs or verifies/s single-threaded.
/// Run: <c>dotnet run -c Release --project tests/MicroCredentials.Signing.Benchmarks -- --filter '*EndToEnd*'</c>.
/// </summary>
[MemoryDiagnoser]
public class EndToEndBenchmarks
{
    private readonly JsonLdProcessor _processor = new(StaticDocumentLoader.Default);
    private readonly JsonLdOptions _jsonLdOptions = new() { SafeMode = true };
    private ProofCanonicalizer _canonicalizer = null!;
    private KeyPair _keyPair = null!;
    private ISigner _signer = null!;
    private Cryptosuite _suite = null!;
    private JsonObject _unsigned = null!;
    private JsonObject _signed = null!;
    private ProofOptions _signOptions = null!;
    private DataIntegrityVerificationOptions _verifyOptions = null!;

    [Params("eddsa-rdfc-2022", "ecdsa-rdfc-2019")]
    public string Suite { get; set; } = "eddsa-rdfc-2022";

    [GlobalSetup]
    public void Setup()
    {
        _suite = CryptosuiteRegistry.FindByName(Suite)!;
        _keyPair = Suite.StartsWith("eddsa", StringComparison.Ordinal) ? KeyAlgorithm.Ed25519.GenerateKeyPair() : KeyAlgorithm.P256.GenerateKeyPair();
        _signer = new KeyPairSigner(_keyPair, DidKey.VerificationMethodId(_keyPair.PublicKey));
        _unsigned = (JsonObject)JsonNode.Parse(BenchmarkData.Read("ob3-rich-credential.json"))!;
        var issuer = DidKey.FromPublicKey(_keyPair.PublicKey);
        if (_unsigned["issuer"] is JsonObject issuerObject)
        {
            issuerObject["id"] = issuer;
        }
        else
        {
            _unsigned["issuer"] = issuer;
        }

        _canonicalizer = ProofCanonicalizer.Create(StaticDocumentLoader.Default);
        _signOptions = new ProofOptions { Canonicalizer = _canonicalizer };
        _verifyOptions = new DataIntegrityVerificationOptions { Canonicalizer = _canonicalizer };
        _signed = DataIntegrityProofs.SignAsync(_unsigned, _signer, _suite, _signOptions).GetAwaiter().GetResult();
        if (!DataIntegrityProofs.VerifyAsync(_signed, _verifyOptions).GetAwaiter().GetResult().Verified)
        {
            throw new InvalidOperationException("benchmark credential does not verify");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _keyPair.Dispose();

    /// <summary>Expansion + toRdf + RDFC-1.0 to canonical N-Quads (the suite parameter does not affect it).</summary>
    [Benchmark(Description = "expand+toRdf+RDFC-1.0")]
    public async Task<string> ExpandToRdfCanonicalize()
    {
        var quads = await _processor.ToRdfAsync(_unsigned, _jsonLdOptions).ConfigureAwait(false);
        return Rdfc10.Canonicalize(quads).NQuads;
    }

    /// <summary>What the cryptosuites hash: canonical UTF-8 bytes of the document (internal fast path).</summary>
    [Benchmark(Description = "canonicalize to UTF-8 (proof path)")]
    public ValueTask<byte[]> CanonicalizeForProof() => _canonicalizer.CanonicalizeAsync(_unsigned, CanonicalizationAlgorithm.Rdfc10);

    [Benchmark]
    public Task<JsonObject> Sign() => DataIntegrityProofs.SignAsync(_unsigned, _signer, _suite, _signOptions);

    [Benchmark]
    public Task<ProofSetVerificationResult> Verify() => DataIntegrityProofs.VerifyAsync(_signed, _verifyOptions);
}
