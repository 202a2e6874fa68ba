using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using MicroCredentials.Signing.Canonicalization;
using MicroCredentials.Signing.Json;
using MicroCredentials.Signing.Rdf;

namespace MicroCredentials.Signing.Benchmarks;

/// <summary>
/// RDFC-1.0, N-Quads and JCS on a rich OB 3.0 credential (<c>Data/ob3-rich-credential.json</c>; its N-Quads,
/// produced by jsonld.js 9 toRDF, are <c>Data/ob3-rich-credential.nq</c>: 172 quads, 18 blank nodes).
/// </summary>
[MemoryDiagnoser]
public class CanonicalizationBenchmarks
{
    private string nquadsText = string.Empty;
    private IReadOnlyList<Quad> quads = [];
    private JsonNode? credential;
    private string canonical = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        nquadsText = BenchmarkData.Read("ob3-rich-credential.nq");
        quads = NQuads.Parse(nquadsText);
        credential = JsonNode.Parse(BenchmarkData.Read("ob3-rich-credential.json"));
        canonical = Rdfc10.Canonicalize(quads).NQuads;
    }

    [Benchmark(Description = "RDFC-1.0 canonicalize (172 quads)")]
    public string Rdfc10Canonicalize() => Rdfc10.Canonicalize(quads).NQuads;

    [Benchmark(Description = "RDFC-1.0 canonicalize + SHA-256")]
    public byte[] Rdfc10CanonicalizeAndHash() => Rdfc10.Hash(Rdfc10.Canonicalize(quads).NQuads, RdfcHashAlgorithm.Sha256);

    [Benchmark(Description = "SHA-256 of canonical N-Quads")]
    public byte[] HashOnly() => Rdfc10.Hash(canonical, RdfcHashAlgorithm.Sha256);

    [Benchmark(Description = "N-Quads parse (172 quads)")]
    public IReadOnlyList<Quad> NQuadsParse() => NQuads.Parse(nquadsText);

    [Benchmark(Description = "N-Quads serialize (172 quads)")]
    public string NQuadsSerialize() => NQuads.Serialize(quads);

    [Benchmark(Description = "JCS canonicalize credential")]
    public string JcsCanonicalize() => JsonCanonicalizer.Canonicalize(credential);
}
