using System.Text.Json.Nodes;
using MicroCredentials.Signing.JsonLd;
using Xunit;

namespace MicroCredentials.Signing.Tests.JsonLd;

/// <summary>Safe mode: every silent data loss of the algorithms becomes a coded error with a JSON path.</summary>
public sealed class SafeModeTests
{
    private static readonly JsonLdOptions Safe = new() { SafeMode = true };

    private static JsonNode Doc(string json) => JsonNode.Parse(json)!;

    private static async Task<JsonLdException> Fails(string json, JsonLdOptions? options = null)
    {
        var processor = new JsonLdProcessor();
        return await Assert.ThrowsAsync<JsonLdException>(async () => await processor.ToRdfAsync(Doc(json), options ?? Safe));
    }

    [Fact]
    public async Task Undefined_property_is_a_dropped_property_with_its_path()
    {
        var ex = await Fails("""
            {"@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
             "type": ["VerifiableCredential", "OpenBadgeCredential"], "issuer": "did:example:1", "validFrom": "2024-01-01T00:00:00Z",
             "credentialSubject": {"type": ["AchievementSubject"], "achievement": {"id": "urn:x:1", "type": ["Achievement"], "name": "n", "foo": 1}}}
            """);
        Assert.Equal(JsonLdErrorCodes.SafeModeDroppedProperty, ex.Code);
        Assert.Equal("$.credentialSubject.achievement.foo", ex.JsonPath);
    }

    [Fact]
    public async Task Undefined_type_is_a_relative_type()
    {
        var ex = await Fails("""{"@context": {"name": "http://schema.org/name"}, "@id": "urn:x", "@type": "Thing", "name": "n"}""");
        Assert.Equal(JsonLdErrorCodes.SafeModeRelativeType, ex.Code);
        Assert.Equal("$['@type']", ex.JsonPath);
    }

    [Fact]
    public async Task Relative_id_without_base_is_a_relative_id()
    {
        var ex = await Fails("""{"@context": {"name": "http://schema.org/name"}, "@id": "relative/thing", "name": "n"}""");
        Assert.Equal(JsonLdErrorCodes.SafeModeRelativeId, ex.Code);
    }

    [Fact]
    public async Task Id_with_whitespace_is_not_absolute_in_expansion_already()
    {
        var processor = new JsonLdProcessor();
        var doc = Doc("""{"@context": {"name": "http://schema.org/name"}, "@id": "did:example:1 2", "name": "n"}""");
        var ex = await Assert.ThrowsAsync<JsonLdException>(async () => await processor.ExpandAsync(doc, Safe));
        Assert.Equal(JsonLdErrorCodes.SafeModeRelativeId, ex.Code);
        Assert.Equal("$['@id']", ex.JsonPath);
    }

    [Fact]
    public async Task Relative_id_resolves_against_base_and_then_passes()
    {
        var processor = new JsonLdProcessor();
        var quads = await processor.ToRdfAsync(Doc("""{"@context": {"name": "http://schema.org/name"}, "@id": "thing", "name": "n"}"""), Safe with { Base = "https://example.org/a/" });
        Assert.Equal("https://example.org/a/thing", Assert.Single(quads).Subject.Value);
    }

    [Theory]
    [InlineData("""[{"@context": {"p": "http://example.org/p"}, "@id": "urn:x", "p": "v"}, {}]""")]
    [InlineData("""{"@context": {"p": "http://example.org/p"}, "@id": "urn:x", "p": {"@value": null}}""")]
    [InlineData("""{"@context": {"p": "http://example.org/p"}, "@id": "urn:x", "p": {"@language": "en"}}""")]
    [InlineData("""[{"@context": {"p": "http://example.org/p"}, "@id": "urn:x", "p": "v"}, "free-floating"]""")]
    public async Task Dropped_values_fail(string json)
    {
        var ex = await Fails(json);
        Assert.Equal(JsonLdErrorCodes.SafeModeDroppedValue, ex.Code);
    }

    [Fact]
    public async Task Keyword_like_term_is_a_reserved_term()
    {
        var ex = await Fails("""{"@context": {"@foo": "http://example.org/foo", "p": "http://example.org/p"}, "@id": "urn:x", "p": "v"}""");
        Assert.Equal(JsonLdErrorCodes.SafeModeReservedTerm, ex.Code);
    }

    [Fact]
    public async Task Relative_vocab_fails()
    {
        var ex = await Fails("""{"@context": {"@vocab": "relative#"}, "@id": "urn:x", "p": "v"}""");
        Assert.Equal(JsonLdErrorCodes.SafeModeRelativeVocab, ex.Code);
    }

    [Fact]
    public async Task Malformed_language_fails()
    {
        var ex = await Fails("""{"@id": "urn:x", "http://example.org/p": {"@value": "v", "@language": "not a tag"}}""");
        Assert.Equal(JsonLdErrorCodes.SafeModeInvalidLanguage, ex.Code);
    }

    [Fact]
    public async Task Direction_without_rdfDirection_fails_but_i18n_datatype_keeps_it()
    {
        const string json = """{"@id": "urn:x", "http://example.org/p": {"@value": "v", "@language": "ar", "@direction": "rtl"}}""";
        var ex = await Fails(json);
        Assert.Equal(JsonLdErrorCodes.SafeModeDirectionLost, ex.Code);
        var quads = await new JsonLdProcessor().ToRdfAsync(Doc(json), Safe with { RdfDirection = JsonLdRdfDirection.I18nDatatype });
        Assert.Equal("https://www.w3.org/ns/i18n#ar_rtl", Assert.Single(quads).Object.Datatype);
    }

    [Fact]
    public async Task Blank_node_predicate_fails_unless_generalized_rdf()
    {
        const string json = """{"@id": "urn:x", "_:p": "v"}""";
        var ex = await Fails(json);
        Assert.Equal(JsonLdErrorCodes.SafeModeDroppedStatement, ex.Code);
        var quads = await new JsonLdProcessor().ToRdfAsync(Doc(json), Safe with { ProduceGeneralizedRdf = true });
        Assert.True(Assert.Single(quads).Predicate.IsBlankNode);
    }

    [Fact]
    public async Task Same_documents_pass_when_safe_mode_is_off()
    {
        var processor = new JsonLdProcessor();
        var quads = await processor.ToRdfAsync(Doc("""{"@context": {"name": "http://schema.org/name"}, "@id": "urn:x", "@type": "Thing", "name": "n", "other": 1}"""));
        Assert.Equal("http://schema.org/name", Assert.Single(quads).Predicate.Value);
    }
}
