using System.Text;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Canonicalization;
using MicroCredentials.Signing.JsonLd;
using MicroCredentials.Signing.Rdf;
using MicroCredentials.Signing.Tests.Canonicalization;
using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.Perf;

/// <summary>
/// The allocation-saving paths Data Integrity uses must give exactly the bytes of the general paths they replace:
/// RDFC-1.0 straight to UTF-8, and toRdf of a document with its top-level <c>proof</c> ignored instead of removed
/// from a deep clone.
/// </summary>
public sealed class FastPathEquivalenceTests
{
    private static readonly JsonLdProcessor Processor = new(StaticDocumentLoader.Default);

    public static TheoryData<string> RdfCanonCases() => RdfCanonConformanceTests.Cases();

    [Theory]
    [MemberData(nameof(RdfCanonCases))]
    public void Utf8_canonicalization_equals_the_encoded_string_result(string id)
    {
        var entry = JsonNode.Parse(File.ReadAllText(TestPaths.ConformanceFile("rdf-canon", "manifest.jsonld")))!["entries"]!.AsArray()
            .Single(e => (string)e!["id"]! == id)!;
        var quads = NQuads.Parse(File.ReadAllText(TestPaths.ConformanceFile("rdf-canon", (string)entry["action"]!)));
        var options = new RdfcOptions
        {
            HashAlgorithm = (string?)entry["hashAlgorithm"] == "SHA384" ? RdfcHashAlgorithm.Sha384 : RdfcHashAlgorithm.Sha256,
        };

        if ((string)entry["type"]! == "rdfc:RDFC10NegativeEvalTest")
        {
            var ex = Assert.Throws<CanonicalizationException>(() => Rdfc10.CanonicalizeToUtf8(quads, options));
            Assert.Equal(CanonicalizationException.WorkLimitExceeded, ex.Code);
            return;
        }

        var expected = Encoding.UTF8.GetBytes(Rdfc10.Canonicalize(quads, options).NQuads);
        Assert.Equal(expected, Rdfc10.CanonicalizeToUtf8(quads, options));
    }

    [Fact]
    public void Utf8_canonicalization_deduplicates_like_the_string_result()
    {
        var quads = NQuads.Parse("_:a <http://ex/p> \"x\" .\n_:a <http://ex/p> \"x\" .\n_:b <http://ex/q> _:a .\n");
        Assert.Equal(Encoding.UTF8.GetBytes(Rdfc10.Canonicalize(quads).NQuads), Rdfc10.CanonicalizeToUtf8(quads));
    }

    public static TheoryData<string> SignedDocuments()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(TestPaths.Conformance, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(file);
            if (text.Length < 200_000 && text.Contains("\"proof\"", StringComparison.Ordinal) && TryParseObject(text)?.ContainsKey("proof") == true)
            {
                data.Add(Path.GetRelativePath(TestPaths.Conformance, file).Replace('\\', '/'));
            }
        }

        return data;
    }

    [Fact]
    public void There_are_signed_documents_to_compare()
    {
        Assert.True(SignedDocuments().Cast<object[]>().Count() >= 50);
    }

    [Theory]
    [MemberData(nameof(SignedDocuments))]
    public async Task Ignoring_the_top_level_proof_equals_removing_it(string relativePath)
    {
        var document = TryParseObject(File.ReadAllText(TestPaths.ConformanceFile([.. relativePath.Split('/')])))!;
        await AssertSameAsync(document);
    }

    [Theory]
    [InlineData("""{"@context":{"@vocab":"http://ex/","proof":"@type"},"proof":"T","name":"n"}""")]
    [InlineData("""{"@context":{"@vocab":"http://ex/","proof":"@id"},"proof":"http://ex/s","name":"n"}""")]
    [InlineData("""{"@context":{"@vocab":"http://ex/","proof":"@value"},"proof":"v"}""")]
    [InlineData("""{"@context":{"@vocab":"http://ex/","proof":"@nest"},"proof":{"name":"n"},"other":1}""")]
    [InlineData("""{"@context":{"@vocab":"http://ex/"},"name":{"proof":"kept: not top level"},"proof":{"x":1}}""")]
    [InlineData("""{"@context":{"@vocab":"http://ex/"},"@graph":[{"proof":"kept in graph nodes"}],"proof":"dropped"}""")]
    [InlineData("""{"@context":{"@vocab":"http://ex/"},"@id":"http://ex/only-id","proof":"x"}""")]
    public async Task Ignoring_proof_handles_keyword_aliases_and_nested_proofs(string json)
    {
        await AssertSameAsync((JsonObject)JsonNode.Parse(json)!);
    }

    private static async Task AssertSameAsync(JsonObject document)
    {
        var withoutProof = (JsonObject)document.DeepClone();
        withoutProof.Remove("proof");
        foreach (var safeMode in new[] { true, false })
        {
            var options = new JsonLdOptions { SafeMode = safeMode };
            var expected = await Outcome(() => Processor.ToRdfAsync(withoutProof, options));
            var actual = await Outcome(() => Processor.ToRdfAsync(document, options, "proof", CancellationToken.None));
            Assert.Equal(expected, actual);
        }
    }

    private static JsonObject? TryParseObject(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static async Task<string> Outcome(Func<ValueTask<IReadOnlyList<Quad>>> toRdf)
    {
        try
        {
            return NQuads.Serialize(await toRdf());
        }
        catch (JsonLdException ex)
        {
            return "error: " + ex.Code;
        }
    }
}
