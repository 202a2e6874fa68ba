using System.Text.Json.Nodes;
using MicroCredentials.Signing.JsonLd;
using Xunit;

namespace MicroCredentials.Signing.Tests.Mapping;

/// <summary>Every produced credential expands in our own JSON-LD processor's safe mode, identically to jsonld.js.</summary>
public class ProcessorExpansionTests
{
    // One node run for all sample credentials instead of one per case.
    private static readonly Lazy<Dictionary<string, ModelInterop.ExpandOutcome>> Reference = new(() =>
        ModelInterop.Expand(MappingSamples.Credentials().Select(c => (c.Name, (JsonNode)c.Credential))).ToDictionary(o => o.Name));

    public static TheoryData<string> SampleCredentialNames() => new(MappingSamples.Credentials().Select(c => c.Name));

    [Theory]
    [MemberData(nameof(SampleCredentialNames))]
    public async Task Sample_credential_expands_in_safe_mode_like_the_reference(string name)
    {
        var credential = MappingSamples.Credentials().Single(c => c.Name == name).Credential;
        var processor = new JsonLdProcessor(StaticDocumentLoader.Default);

        var ours = await processor.ExpandAsync(credential, new JsonLdOptions { SafeMode = true });

        var reference = Reference.Value[name];
        Assert.True(reference.Ok, reference.Error);
        Assert.Equal(Normalize(reference.Expanded), Normalize(ours));
    }

    [Fact]
    public async Task Safe_mode_refuses_an_undefined_term_in_a_produced_credential()
    {
        var credential = MappingSamples.Credentials().First().Credential;
        credential["credentialSubject"]!["achievement"]!["notATerm"] = "x";
        var processor = new JsonLdProcessor(StaticDocumentLoader.Default);
        await Assert.ThrowsAsync<JsonLdException>(async () => await processor.ExpandAsync(credential, new JsonLdOptions { SafeMode = true }));
    }

    /// <summary>JSON-LD object comparison: object keys and (non-@list) arrays are unordered.</summary>
    private static string Normalize(JsonNode? node) => node switch
    {
        JsonObject o => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p =>
            JsonValue.Create(p.Key)!.ToJsonString() + ":" + (p.Key == "@list" ? Ordered(p.Value) : Normalize(p.Value)))) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(Normalize).Order(StringComparer.Ordinal)) + "]",
        null => "null",
        _ => NormalizeScalar(node),
    };

    private static string Ordered(JsonNode? node) => node is JsonArray a ? "[" + string.Join(",", a.Select(Normalize)) + "]" : Normalize(node);

    private static string NormalizeScalar(JsonNode node)
    {
        var text = node.ToJsonString();
        // Numbers: compare by value (5 vs 5.0 are the same JSON-LD number).
        return node.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? double.Parse(text, System.Globalization.CultureInfo.InvariantCulture).ToString("R", System.Globalization.CultureInfo.InvariantCulture)
            : text;
    }
}
