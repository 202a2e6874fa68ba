using System.Globalization;
using System.Text;
using MicroCredentials.Signing.Canonicalization;
using MicroCredentials.Signing.Rdf;
using Xunit;

namespace MicroCredentials.Signing.Tests.Hostile;

/// <summary>
/// Canonicalization poison and N-Quads garbage: every case ends with its specific error, under the default options
/// a verifier uses, instead of running for hours (RDFC-1.0's Hash N-Degree Quads is exponential on symmetric graphs).
/// </summary>
public sealed class HostileRdfTests
{
    private const string P = "<http://example.org/p>";

    private static IReadOnlyList<Quad> Parse(StringBuilder sb) => NQuads.Parse(sb.ToString());

    private static string RefusedCode(IReadOnlyList<Quad> quads, RdfcOptions? options = null) =>
        Assert.Throws<CanonicalizationException>(() => Rdfc10.Canonicalize(quads, options)).Code;

    private static string Node(string prefix, int i) => "_:" + prefix + i.ToString(CultureInfo.InvariantCulture);

    /// <summary>Every pair of n blank nodes linked both ways: all nodes look alike at every depth.</summary>
    private static IReadOnlyList<Quad> Clique(int n)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                if (i != j)
                {
                    sb.Append(Node("k", i)).Append(' ').Append(P).Append(' ').Append(Node("k", j)).Append(" .\n");
                }
            }
        }

        return Parse(sb);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(12)]
    [InlineData(20)]
    public void A_blank_node_clique_exceeds_the_work_limit(int n)
    {
        Assert.Equal(CanonicalizationException.WorkLimitExceeded, RefusedCode(Clique(n)));
    }

    [Fact]
    public void Thousands_of_symmetric_blank_nodes_in_one_ring_exceed_the_work_limit()
    {
        // 3,000 nodes in one undirected ring: identical first-degree hashes, so every node needs Hash N-Degree Quads.
        const int n = 3_000;
        var sb = new StringBuilder();
        for (var i = 0; i < n; i++)
        {
            sb.Append(Node("r", i)).Append(' ').Append(P).Append(' ').Append(Node("r", (i + 1) % n)).Append(" .\n");
            sb.Append(Node("r", (i + 1) % n)).Append(' ').Append(P).Append(' ').Append(Node("r", i)).Append(" .\n");
        }

        Assert.Equal(CanonicalizationException.WorkLimitExceeded, RefusedCode(Parse(sb)));
    }

    [Fact]
    public void Thousands_of_identical_disjoint_blank_node_pairs_exceed_the_work_limit()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 2_500; i++)
        {
            sb.Append(Node("a", i)).Append(' ').Append(P).Append(' ').Append(Node("b", i)).Append(" .\n");
            sb.Append(Node("b", i)).Append(' ').Append(P).Append(' ').Append(Node("a", i)).Append(" .\n");
        }

        Assert.Equal(CanonicalizationException.WorkLimitExceeded, RefusedCode(Parse(sb)));
    }

    [Fact]
    public void More_blank_nodes_than_the_limit_are_refused_before_any_hashing()
    {
        var sb = new StringBuilder();
        for (var i = 0; i <= RdfcOptions.Default.MaxBlankNodes; i++)
        {
            sb.Append(Node("n", i)).Append(' ').Append(P).Append(" \"v\" .\n");
        }

        Assert.Equal(CanonicalizationException.TooManyBlankNodes, RefusedCode(Parse(sb)));
    }

    [Fact]
    public void More_quads_than_the_limit_are_refused()
    {
        var options = new RdfcOptions { MaxQuads = 1_000 };
        var sb = new StringBuilder();
        for (var i = 0; i <= options.MaxQuads; i++)
        {
            sb.Append("<http://example.org/s> ").Append(P).Append(" \"").Append(i.ToString(CultureInfo.InvariantCulture)).Append("\" .\n");
        }

        Assert.Equal(CanonicalizationException.TooManyQuads, RefusedCode(Parse(sb), options));
    }

    [Fact]
    public void A_cancelled_token_stops_canonicalization()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Rdfc10.Canonicalize(Clique(6), RdfcOptions.Default, cts.Token));
    }

    [Theory]
    [InlineData("<http://example.org/s> <http://example.org/p> <http://example.org/o>\n", 1)] // no final dot
    [InlineData("<http://example.org/s> <http://example.org/p> \"unterminated .\n", 1)]
    [InlineData("# ok\n<http://example.org/s <http://example.org/p> \"o\" .\n", 2)] // unterminated IRI
    [InlineData("<s> <http://example.org/p> \"o\" .\n", 1)] // relative IRI
    [InlineData("<http://example.org/a b> <http://example.org/p> \"o\" .\n", 1)] // space inside an IRI
    [InlineData("<http://example.org/s> <http://example.org/p> \"\\u12\" .\n", 1)] // short \u escape
    [InlineData("<http://example.org/s> <http://example.org/p> \"\\q\" .\n", 1)] // unknown escape
    [InlineData("\"literal\" <http://example.org/p> \"o\" .\n", 1)] // literal subject
    [InlineData("<http://example.org/s> \"p\" \"o\" .\n", 1)] // literal predicate
    [InlineData("<http://example.org/s> <http://example.org/p> \"o\" \"g\" .\n", 1)] // literal graph
    [InlineData("<http://example.org/s> <http://example.org/p> \"o\" <http://example.org/g> <http://example.org/x> .\n", 1)]
    [InlineData("<http://example.org/s> <http://example.org/p> \"o\"@ .\n", 1)] // empty language tag
    [InlineData("<http://example.org/s> <http://example.org/p> \"o\"^^\"t\" .\n", 1)] // literal datatype
    [InlineData("<http://example.org/s> <http://example.org/p> _: .\n", 1)] // empty blank-node label
    [InlineData("\n\n<http://example.org/s> <http://example.org/p> \"o\" . extra\n", 3)]
    [InlineData("<http://example.org/s> <http://example.org/p> \"o\" .\u0000\n", 1)]
    public void Garbage_is_refused_with_the_line_number(string text, int line)
    {
        var ex = Assert.Throws<FormatException>(() => NQuads.Parse(text));
        Assert.Contains("line " + line.ToString(CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_newline_smuggled_into_a_literal_cannot_add_a_quad_to_the_canonical_form()
    {
        // If escaping were wrong, the object literal would end the line and inject a second statement into the
        // bytes that get signed.
        var injected = "x\" .\n<http://evil.example/s> <http://evil.example/p> \"y";
        var quad = new Quad(RdfTerm.Iri("http://example.org/s"), RdfTerm.Iri("http://example.org/p"), RdfTerm.Literal(injected), RdfTerm.DefaultGraph);
        var result = Rdfc10.Canonicalize([quad]);
        var reparsed = NQuads.Parse(result.NQuads);
        Assert.Equal(quad, Assert.Single(reparsed));
    }
}
