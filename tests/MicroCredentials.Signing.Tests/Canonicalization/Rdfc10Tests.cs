using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using MicroCredentials.Signing.Canonicalization;
using MicroCredentials.Signing.Rdf;
using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.Canonicalization;

public sealed class Rdfc10Tests
{
    private static readonly RdfcOptions Unlimited = new() { MaxHashNDegreeQuadsCalls = 1_000_000, MaxPermutations = 10_000_000 };

    [Fact]
    public void Duplicate_quads_count_once()
    {
        var quads = NQuads.Parse("_:x <urn:p> \"a\" .\n_:x <urn:p> \"a\" .\n<urn:s> <urn:p> _:x .\n");
        var result = Rdfc10.Canonicalize(quads);
        Assert.Equal("<urn:s> <urn:p> _:c14n0 .\n_:c14n0 <urn:p> \"a\" .\n", result.NQuads);
        Assert.Equal(2, result.CanonicalQuads.Count);
        Assert.Equal("c14n0", result.IssuedIdentifiers["x"]);
    }

    [Fact]
    public void Lines_sort_in_code_point_order()
    {
        // U+FF21 sorts before U+1F600 in code points but after its surrogates in UTF-16 code units.
        var quads = NQuads.Parse("<urn:s> <urn:p> \"\U0001F600\" .\n<urn:s> <urn:p> \"\uFF21\" .\n");
        Assert.Equal("<urn:s> <urn:p> \"\uFF21\" .\n<urn:s> <urn:p> \"\U0001F600\" .\n", Rdfc10.Canonicalize(quads).NQuads);
    }

    [Fact]
    public void Too_many_quads_is_refused_before_any_work()
    {
        var quads = NQuads.Parse("<urn:s> <urn:p> \"a\" .\n<urn:s> <urn:p> \"b\" .\n<urn:s> <urn:p> \"c\" .\n");
        var ex = Assert.Throws<CanonicalizationException>(() => Rdfc10.Canonicalize(quads, new RdfcOptions { MaxQuads = 2 }));
        Assert.Equal(CanonicalizationException.TooManyQuads, ex.Code);
    }

    [Fact]
    public void Too_many_blank_nodes_is_refused()
    {
        var quads = NQuads.Parse("_:a <urn:p> _:b .\n_:b <urn:p> _:c .\n");
        var ex = Assert.Throws<CanonicalizationException>(() => Rdfc10.Canonicalize(quads, new RdfcOptions { MaxBlankNodes = 2 }));
        Assert.Equal(CanonicalizationException.TooManyBlankNodes, ex.Code);
        Assert.Equal(3, Rdfc10.Canonicalize(quads, new RdfcOptions { MaxBlankNodes = 3 }).IssuedIdentifiers.Count);
    }

    [Fact]
    public void Permutation_budget_is_enforced()
    {
        var quads = NQuads.Parse(File.ReadAllText(TestPaths.ConformanceFile("rdf-canon", "rdfc10", "test044-in.nq")));
        var ex = Assert.Throws<CanonicalizationException>(() => Rdfc10.Canonicalize(quads, new RdfcOptions { MaxPermutations = 100 }));
        Assert.Equal(CanonicalizationException.WorkLimitExceeded, ex.Code);
        Assert.NotEmpty(Rdfc10.Canonicalize(quads).NQuads);
    }

    [Fact]
    public void Negative_limits_and_unknown_algorithms_are_misuse()
    {
        var quads = NQuads.Parse("<urn:s> <urn:p> \"a\" .\n");
        Assert.Throws<ArgumentOutOfRangeException>(() => Rdfc10.Canonicalize(quads, new RdfcOptions { MaxQuads = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Rdfc10.Canonicalize(quads, new RdfcOptions { HashAlgorithm = (RdfcHashAlgorithm)7 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Rdfc10.Hash("x", (RdfcHashAlgorithm)7));
        Assert.Throws<ArgumentNullException>(() => Rdfc10.Canonicalize(null!));
    }

    [Fact]
    public void Invalid_quads_are_refused_with_a_code()
    {
        var quads = new[] { new Quad(RdfTerm.Literal("s"), RdfTerm.Iri("urn:p"), RdfTerm.Iri("urn:o"), RdfTerm.DefaultGraph) };
        var ex = Assert.Throws<CanonicalizationException>(() => Rdfc10.Canonicalize(quads));
        Assert.Equal(CanonicalizationException.InvalidQuad, ex.Code);
    }

    [Fact]
    public void Cancellation_is_observed_during_n_degree_hashing()
    {
        var quads = NQuads.Parse(File.ReadAllText(TestPaths.ConformanceFile("rdf-canon", "rdfc10", "test074-in.nq")));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => Rdfc10.Canonicalize(quads, Unlimited, cts.Token));
    }

    [Theory]
    [InlineData(RdfcHashAlgorithm.Sha256)]
    [InlineData(RdfcHashAlgorithm.Sha384)]
    public void Hash_is_the_digest_of_the_utf8_bytes(RdfcHashAlgorithm algorithm)
    {
        const string nquads = "<urn:s> <urn:p> \"é\U0001F600\" .\n";
        var bytes = Encoding.UTF8.GetBytes(nquads);
        var expected = algorithm == RdfcHashAlgorithm.Sha256 ? SHA256.HashData(bytes) : SHA384.HashData(bytes);
        Assert.Equal(expected, Rdfc10.Hash(nquads, algorithm));
    }

    [Fact]
    public void Open_badges_vector_canonical_form_is_a_fixed_point()
    {
        var text = File.ReadAllText(TestPaths.ConformanceFile("openbadges-3.0", "test-vectors", "eddsa-rdfc-2022", "documentCanon.nq"));
        Assert.Equal(text, Rdfc10.Canonicalize(NQuads.Parse(text)).NQuads);
    }

    /// <summary>Canonical output is invariant under blank-node relabelling and quad order.</summary>
    [Fact]
    public void Invariant_under_relabelling_and_shuffling()
    {
        Gen.Int[0, int.MaxValue].Sample(
            seed =>
            {
                var random = new Random(seed);
                var dataset = RandomDataset(random);
                var relabelled = Relabel(dataset, random);
                random.Shuffle(relabelled);
                var expected = Rdfc10.Canonicalize(dataset, Unlimited).NQuads;
                Assert.Equal(expected, Rdfc10.Canonicalize(relabelled, Unlimited).NQuads);
            },
            iter: 300);
    }

    /// <summary>Random, often symmetric datasets give the same bytes and issued identifiers as rdf-canonize.</summary>
    [Fact]
    public async Task Matches_rdf_canonize_on_random_symmetric_datasets()
    {
        var random = new Random(2015);
        var datasets = new List<string>();
        for (var i = 0; i < 150; i++)
        {
            datasets.Add(NQuads.Serialize(RandomDataset(random)));
        }

        var request = new JsonObject { ["datasets"] = new JsonArray(datasets.Select(d => (JsonNode)d).ToArray()) };
        var response = JsonNode.Parse(await NodeInterop.RunAsync("rdfc-canonize.mjs", request.ToJsonString()))!;
        var results = response["results"]!.AsArray();
        Assert.Equal(datasets.Count, results.Count);
        for (var i = 0; i < datasets.Count; i++)
        {
            var ours = Rdfc10.Canonicalize(NQuads.Parse(datasets[i]), Unlimited);
            Assert.Equal((string)results[i]!["nquads"]!, ours.NQuads);
            var map = results[i]!["map"]!.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!);
            Assert.Equal(map.OrderBy(p => p.Key, StringComparer.Ordinal), ours.IssuedIdentifiers.OrderBy(p => p.Key, StringComparer.Ordinal));
        }
    }

    private static List<Quad> RandomDataset(Random random)
    {
        var bnodes = random.Next(1, 7);
        var predicates = new[] { RdfTerm.Iri("urn:p"), RdfTerm.Iri("urn:q") };
        var quads = new List<Quad>();
        var count = random.Next(1, 16);
        for (var i = 0; i < count; i++)
        {
            var s = random.Next(5) == 0 ? RdfTerm.Iri("urn:s" + random.Next(2)) : RdfTerm.BlankNode("n" + random.Next(bnodes));
            var o = random.Next(6) switch
            {
                0 => RdfTerm.Literal("v" + random.Next(2)),
                1 => RdfTerm.Iri("urn:o"),
                _ => RdfTerm.BlankNode("n" + random.Next(bnodes)),
            };
            var g = random.Next(4) == 0 ? RdfTerm.BlankNode("n" + random.Next(bnodes)) : RdfTerm.DefaultGraph;
            quads.Add(new Quad(s, predicates[random.Next(predicates.Length)], o, g));
        }

        return quads;
    }

    private static Quad[] Relabel(List<Quad> dataset, Random random)
    {
        var map = new Dictionary<string, RdfTerm>();
        RdfTerm R(RdfTerm t)
        {
            if (!t.IsBlankNode)
            {
                return t;
            }

            if (!map.TryGetValue(t.Value, out var n))
            {
                n = RdfTerm.BlankNode("r" + random.Next(1000) + "x" + map.Count);
                map.Add(t.Value, n);
            }

            return n;
        }

        return dataset.Select(q => new Quad(R(q.Subject), q.Predicate, R(q.Object), R(q.Graph))).ToArray();
    }
}
