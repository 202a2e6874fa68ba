using System.Text.Json;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Canonicalization;
using MicroCredentials.Signing.Rdf;
using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.Canonicalization;

/// <summary>The W3C RDFC-1.0 test suite (<c>../shared/conformance/rdf-canon/manifest.jsonld</c>), one case per entry.</summary>
public sealed class RdfCanonConformanceTests
{
    private static readonly Lazy<JsonArray> Entries = new(() =>
    {
        var manifest = JsonNode.Parse(File.ReadAllText(TestPaths.ConformanceFile("rdf-canon", "manifest.jsonld")))!;
        return manifest["entries"]!.AsArray();
    });

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var entry in Entries.Value)
        {
            data.Add((string)entry!["id"]!);
        }

        return data;
    }

    [Fact]
    public void Manifest_has_all_86_entries()
    {
        Assert.Equal(86, Entries.Value.Count);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rdfc10_test(string id)
    {
        var entry = Entries.Value.Single(e => (string)e!["id"]! == id)!;
        var type = (string)entry["type"]!;
        var input = File.ReadAllText(TestPaths.ConformanceFile("rdf-canon", (string)entry["action"]!));
        var options = new RdfcOptions
        {
            HashAlgorithm = (string?)entry["hashAlgorithm"] == "SHA384" ? RdfcHashAlgorithm.Sha384 : RdfcHashAlgorithm.Sha256,
        };
        var quads = NQuads.Parse(input);

        switch (type)
        {
            case "rdfc:RDFC10EvalTest":
            {
                var expected = File.ReadAllText(TestPaths.ConformanceFile("rdf-canon", (string)entry["result"]!));
                var result = Rdfc10.Canonicalize(quads, options);
                Assert.Equal(expected, result.NQuads);
                Assert.Equal(expected, NQuads.Serialize(result.CanonicalQuads));
                break;
            }

            case "rdfc:RDFC10MapTest":
            {
                var expected = JsonNode.Parse(File.ReadAllText(TestPaths.ConformanceFile("rdf-canon", (string)entry["result"]!)))!.AsObject();
                var result = Rdfc10.Canonicalize(quads, options);
                var expectedMap = expected.ToDictionary(p => p.Key, p => (string)p.Value!);
                Assert.Equal(expectedMap.OrderBy(p => p.Key, StringComparer.Ordinal), result.IssuedIdentifiers.OrderBy(p => p.Key, StringComparer.Ordinal));
                break;
            }

            case "rdfc:RDFC10NegativeEvalTest":
            {
                var ex = Assert.Throws<CanonicalizationException>(() => Rdfc10.Canonicalize(quads, options));
                Assert.Equal(CanonicalizationException.WorkLimitExceeded, ex.Code);
                break;
            }

            default:
                Assert.Fail("Unknown test type " + type);
                break;
        }
    }
}
