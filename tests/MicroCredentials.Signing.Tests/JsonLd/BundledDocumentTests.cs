using System.Text.Json.Nodes;
using MicroCredentials.Signing.JsonLd;
using MicroCredentials.Signing.Rdf;
using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.JsonLd;

/// <summary>The bundled contexts, the Open Badges 3.0 examples and real-world credentials through the processor.</summary>
public sealed class BundledDocumentTests
{
    private static readonly JsonLdOptions Safe = new() { SafeMode = true };

    public static IEnumerable<object[]> BundledContextUrls =>
        StaticDocumentLoader.Default.Urls.Order(StringComparer.Ordinal).Select(u => new object[] { u });

    public static IEnumerable<object[]> OpenBadgesExamples =>
        Directory.GetFiles(TestPaths.ConformanceFile("openbadges-3.0", "examples"), "*.json")
            .Where(f => Path.GetFileName(f) != "index.json")
            .Order(StringComparer.Ordinal)
            .Select(f => new object[] { Path.GetFileName(f) });

    [Theory]
    [MemberData(nameof(BundledContextUrls))]
    public async Task Every_bundled_context_processes(string url)
    {
        var processor = new JsonLdProcessor();
        var doc = new JsonObject { ["@context"] = url, ["@id"] = "urn:example:1", ["urn:example:p"] = "v" };
        var expanded = await processor.ExpandAsync(doc);
        Assert.Single(expanded);
        Assert.Equal("urn:example:1", expanded[0]!["@id"]!.GetValue<string>());
    }

    [Fact]
    public void Default_loader_serves_every_context_listed_in_the_embedded_index()
    {
        var index = JsonNode.Parse(File.ReadAllText(TestPaths.RepoFile("schemas", "contexts", "contexts.json")))!["contexts"]!.AsObject();
        Assert.Equal(index.Select(kv => kv.Key).Order(StringComparer.Ordinal), StaticDocumentLoader.Default.Urls.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(OpenBadgesExamples))]
    public async Task Open_Badges_examples_expand_and_convert_in_safe_mode(string file)
    {
        var doc = JsonNode.Parse(File.ReadAllText(TestPaths.ConformanceFile("openbadges-3.0", "examples", file)));
        var processor = new JsonLdProcessor();
        var quads = await processor.ToRdfAsync(doc, Safe);
        Assert.Contains(quads, q => q.Predicate == RdfTerm.Iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
            && q.Object.Value.StartsWith("https://purl.imsglobal.org/spec/vc/ob/vocab.html#", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Complete_OpenBadgeCredential_expands_in_safe_mode_with_typed_dates_and_subject()
    {
        var doc = JsonNode.Parse(File.ReadAllText(TestPaths.ConformanceFile("openbadges-3.0", "examples", "complete-openbadgecredential.json")));
        var expanded = await new JsonLdProcessor().ExpandAsync(doc, Safe);
        var node = Assert.Single(expanded)!.AsObject();
        Assert.Equal("http://1edtech.edu/credentials/3732", node["@id"]!.GetValue<string>());
        Assert.Contains("https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential", node["@type"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.True(node.ContainsKey("https://www.w3.org/2018/credentials#credentialSubject"));
        var validFrom = node["https://www.w3.org/2018/credentials#validFrom"]![0]!;
        Assert.Equal("http://www.w3.org/2001/XMLSchema#dateTime", validFrom["@type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Digital_Promise_credential_fails_safe_mode_with_relative_type()
    {
        var doc = JsonNode.Parse(File.ReadAllText(TestPaths.ConformanceFile("in-the-wild", "dcc-verifier-core", "safeModeBreaker-digitalpromise.json")));
        var processor = new JsonLdProcessor();
        var ex = await Assert.ThrowsAsync<JsonLdException>(async () => await processor.ToRdfAsync(doc, Safe));
        Assert.Equal(JsonLdErrorCodes.SafeModeRelativeType, ex.Code);
        Assert.Contains("StatusList2021Entry", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("$.credentialStatus", ex.JsonPath, StringComparison.Ordinal);

        // Without safe mode the same document converts; the relative type is silently dropped.
        var quads = await processor.ToRdfAsync(doc);
        Assert.DoesNotContain(quads, q => q.Object.Value.Contains("StatusList2021Entry", StringComparison.Ordinal));
    }
}
