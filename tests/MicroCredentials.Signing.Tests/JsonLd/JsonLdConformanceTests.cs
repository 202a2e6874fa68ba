using System.Text.Json.Nodes;
using MicroCredentials.Signing.Canonicalization;
using MicroCredentials.Signing.JsonLd;
using MicroCredentials.Signing.Rdf;
using Xunit;

namespace MicroCredentials.Signing.Tests.JsonLd;

/// <summary>The W3C JSON-LD 1.1 API expand and toRdf suites, one theory case per applicable manifest entry.</summary>
public sealed class JsonLdConformanceTests
{
    public static IEnumerable<object[]> ExpandCases => W3cSuite.Theory("expand");

    public static IEnumerable<object[]> ToRdfCases => W3cSuite.Theory("toRdf");

    [Theory]
    [MemberData(nameof(ExpandCases))]
    public async Task Expand(string key)
    {
        var c = W3cSuite.Cases[key];
        var processor = new JsonLdProcessor(new W3cTestLoader());
        var options = W3cSuite.OptionsFor(c);
        if (c.IsNegative)
        {
            var ex = await Assert.ThrowsAsync<JsonLdException>(async () => await processor.ExpandAsync(W3cSuite.ReadInput(c), options));
            Assert.Equal(c.ExpectErrorCode, ex.Code);
            return;
        }

        var actual = await processor.ExpandAsync(W3cSuite.ReadInput(c), options);
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(W3cSuite.Root, c.Expect!)));
        Assert.True(W3cSuite.JsonLdEquals(expected, actual), $"{key}\nexpected: {expected?.ToJsonString()}\nactual:   {actual.ToJsonString()}");
    }

    [Theory]
    [MemberData(nameof(ToRdfCases))]
    public async Task ToRdf(string key)
    {
        var c = W3cSuite.Cases[key];
        var processor = new JsonLdProcessor(new W3cTestLoader());
        var options = W3cSuite.OptionsFor(c);
        if (c.IsNegative)
        {
            var ex = await Assert.ThrowsAsync<JsonLdException>(async () => await processor.ToRdfAsync(W3cSuite.ReadInput(c), options));
            Assert.Equal(c.ExpectErrorCode, ex.Code);
            return;
        }

        var actual = await processor.ToRdfAsync(W3cSuite.ReadInput(c), options);
        if (c.IsSyntaxOnly)
        {
            Assert.NotNull(actual);
            return;
        }

        // Dataset isomorphism: both sides in RDFC-1.0 canonical form must be byte-identical.
        var expected = NQuads.Parse(File.ReadAllText(Path.Combine(W3cSuite.Root, c.Expect!)));
        Assert.Equal(Rdfc10.Canonicalize(expected).NQuads, Rdfc10.Canonicalize(actual).NQuads);
    }

    [Fact]
    public async Task Generalized_rdf_te075_produces_blank_node_predicates()
    {
        var c = W3cSuite.Cases["toRdf#te075"];
        var quads = await new JsonLdProcessor(new W3cTestLoader()).ToRdfAsync(W3cSuite.ReadInput(c), W3cSuite.OptionsFor(c));

        // Expected (toRdf/e075-out.nq): <ex:node1> _:b1 "blank node property 1" . and the same with a second blank predicate.
        Assert.Equal(2, quads.Count);
        Assert.All(quads, q =>
        {
            Assert.Equal(RdfTerm.Iri("ex:node1"), q.Subject);
            Assert.True(q.Predicate.IsBlankNode);
            Assert.Equal(RdfTerm.Literal("blank node property 1"), q.Object);
        });
        Assert.NotEqual(quads[0].Predicate, quads[1].Predicate);
    }

    [Fact]
    public void Exclusions_name_existing_applicable_tests_and_leave_at_least_98_percent()
    {
        foreach (var (key, reason) in W3cSuite.Exclusions)
        {
            Assert.True(W3cSuite.Cases.TryGetValue(key, out var c), "Unknown excluded test " + key);
            Assert.True(W3cSuite.Applicable(c!), key + " is not applicable anyway");
            Assert.False(string.IsNullOrWhiteSpace(reason), key + " needs a reason");
        }

        foreach (var manifest in new[] { "expand", "toRdf" })
        {
            var applicable = W3cSuite.Manifest(manifest).Count(W3cSuite.Applicable);
            var excluded = W3cSuite.Exclusions.Keys.Count(k => k.StartsWith(manifest + "#", StringComparison.Ordinal));
            Assert.True((applicable - excluded) >= 0.98 * applicable, $"{manifest}: {excluded} of {applicable} excluded");
        }
    }
}
