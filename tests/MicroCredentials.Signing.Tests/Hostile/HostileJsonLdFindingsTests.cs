using System.Text.Json.Nodes;
using MicroCredentials.Signing.JsonLd;
using Xunit;

namespace MicroCredentials.Signing.Tests.Hostile;

/// <summary>Focused tests for what fuzzing the JSON-LD processor found (inputs kept under Findings/jsonld/).</summary>
public sealed class HostileJsonLdFindingsTests
{
    private static JsonNode Doc(string json) => JsonNode.Parse(json)!;

    [Theory]
    [InlineData("\"literal\"")]
    [InlineData("{\"@list\":[\"literal\"]}")]
    public async Task A_free_floating_value_inside_a_graph_index_map_is_dropped_not_dereferenced(string value)
    {
        // Found by afl (jsonld target): toRdf threw NullReferenceException, because a literal under an @graph container
        // becomes a graph whose only member is a value with no subject.
        var doc = Doc($$$"""{"@context":{"claims":{"@id":"http://example.org/claims","@container":["@graph","@index"]}},"@id":"http://example.org/doc","claims":{"a":{"@id":"http://example.org/a","http://example.org/p":"kept"},"b":{{{value}}}}}""");
        foreach (var safe in new[] { false, true })
        {
            var quads = await new JsonLdProcessor(StaticDocumentLoader.Default).ToRdfAsync(doc, new JsonLdOptions { SafeMode = safe });
            Assert.Contains(quads, q => q.Object.IsLiteral && q.Object.Value == "kept");
            Assert.DoesNotContain(quads, q => q.Object.IsLiteral && q.Object.Value == "literal");
        }
    }

    [Fact]
    public async Task An_id_map_entry_whose_value_is_a_literal_is_an_invalid_value_object()
    {
        // Found while reproducing the above: expansion put the map key into the value object as "@id" (jsonld.js refuses).
        var doc = Doc("""{"@context":{"byId":{"@id":"http://example.org/byId","@container":"@id"}},"@id":"http://example.org/doc","byId":{"http://example.org/x":"literal"}}""");
        var ex = await Assert.ThrowsAsync<JsonLdException>(async () => await new JsonLdProcessor(StaticDocumentLoader.Default).ExpandAsync(doc));
        Assert.Equal("invalid value object", ex.Code);
    }
}
