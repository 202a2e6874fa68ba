using System.Text.Json;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Schemas.Validation;
using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.Schemas;

/// <summary>
/// Proves, keyword by keyword, that the validator enforces every keyword the bundled schemas use, through the error
/// walk as well as the verdict.
/// </summary>
public class KeywordEnforcementTests
{
    private const string Draft = "\"$schema\": \"https://json-schema.org/draft/2019-09/schema\", ";

    /// <summary>keyword → (schema body, violating instance, valid instance).</summary>
    private static readonly Dictionary<string, (string Schema, string Bad, string Good)> Probes = new()
    {
        ["type"] = ("\"type\": \"string\"", "5", "\"a\""),
        ["enum"] = ("\"enum\": [\"a\"]", "\"b\"", "\"a\""),
        ["required"] = ("\"required\": [\"a\"]", "{}", "{\"a\": 1}"),
        ["properties"] = ("\"properties\": {\"a\": {\"type\": \"string\"}}", "{\"a\": 5}", "{\"a\": \"x\"}"),
        ["additionalProperties"] = ("\"properties\": {}, \"additionalProperties\": false", "{\"x\": 1}", "{}"),
        ["items"] = ("\"items\": {\"type\": \"string\"}", "[1]", "[\"a\"]"),
        ["items-tuple"] = ("\"items\": [{\"type\": \"string\"}]", "[1]", "[\"a\", 1]"),
        ["additionalItems"] = ("\"items\": [{\"type\": \"string\"}], \"additionalItems\": {\"type\": \"string\"}", "[\"a\", 1]", "[\"a\", \"b\"]"),
        ["minItems"] = ("\"minItems\": 2", "[1]", "[1, 2]"),
        ["contains"] = ("\"contains\": {\"enum\": [\"x\"]}", "[\"y\"]", "[\"y\", \"x\"]"),
        ["pattern"] = ("\"pattern\": \"^a$\"", "\"b\"", "\"a\""),
        ["format-date-time"] = ("\"format\": \"date-time\"", "\"yesterday\"", "\"2024-01-01T00:00:00Z\""),
        ["format-date"] = ("\"format\": \"date\"", "\"2020-13-45\"", "\"2020-12-31\""),
        ["oneOf"] = ("\"oneOf\": [{\"type\": \"string\"}, {\"pattern\": \"^a\"}]", "\"abc\"", "\"xyz\""),
        ["anyOf"] = ("\"anyOf\": [{\"type\": \"integer\"}, {\"pattern\": \"^a\"}]", "\"xyz\"", "\"abc\""),
        ["allOf"] = ("\"allOf\": [{\"type\": \"string\"}, {\"pattern\": \"^x\"}]", "\"a\"", "\"x\""),
        ["$ref"] = ("\"$defs\": {\"S\": {\"type\": \"string\"}}, \"properties\": {\"a\": {\"$ref\": \"#/$defs/S\"}}", "{\"a\": 5}", "{\"a\": \"s\"}"),
        ["$ref-nested"] = ("\"$defs\": {\"S\": {\"$ref\": \"#/$defs/T\"}, \"T\": {\"type\": \"string\"}}, \"properties\": {\"a\": {\"$ref\": \"#/$defs/S\"}}", "{\"a\": 5}", "{\"a\": \"s\"}"),
        ["minLength"] = ("\"minLength\": 2", "\"a\"", "\"ab\""),
        ["minimum"] = ("\"minimum\": 1", "0", "1"),
        ["maximum"] = ("\"maximum\": 8", "9", "8"),
        ["exclusiveMinimum"] = ("\"exclusiveMinimum\": 0", "0", "0.5"),
        ["contains-in-oneOf"] = ("\"oneOf\": [{\"type\": \"array\", \"contains\": {\"enum\": [\"x\"]}}, {\"type\": \"string\"}]", "[\"y\"]", "[\"x\"]"),
    };

    private static string KeywordOf(string probe) => probe switch
    {
        "contains-in-oneOf" => "contains",
        _ => probe.Split('-')[0],
    };

    public static TheoryData<string> ProbeNames() => new(Probes.Keys);

    [Theory]
    [MemberData(nameof(ProbeNames))]
    public void Validator_enforces_every_keyword(string probe)
    {
        var (schema, bad, good) = Probes[probe];
        var compiler = new SchemaCompiler(new SchemaCompilerOptions { AssertFormat = true });
        using var document = JsonDocument.Parse("{" + Draft + schema + "}");
        var compiled = compiler.Compile(compiler.AddDocument(document.RootElement));
        using var goodInstance = JsonDocument.Parse(good);
        using var badInstance = JsonDocument.Parse(bad);
        Assert.True(compiled.IsValid(goodInstance.RootElement));
        Assert.Empty(compiled.Errors(goodInstance.RootElement));
        Assert.False(compiled.IsValid(badInstance.RootElement));
        Assert.NotEmpty(compiled.Errors(badInstance.RootElement));
    }

    [Fact]
    public void Every_keyword_the_bundled_schemas_use_is_probed_or_an_annotation()
    {
        var annotations = new HashSet<string> { "$schema", "$id", "$comment", "title", "description", "$defs" };
        var probed = Probes.Keys.Select(KeywordOf).ToHashSet();
        var used = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(TestPaths.RepoFile("schemas"), "*.json", SearchOption.AllDirectories)
                     .Where(f => f.Contains("schema", StringComparison.Ordinal) && !f.Contains("contexts", StringComparison.Ordinal)))
        {
            Collect(JsonNode.Parse(File.ReadAllText(file)), used);
        }

        Assert.Contains("contains", used);
        var unprobed = used.Where(k => !annotations.Contains(k) && !probed.Contains(k)).ToList();
        Assert.True(unprobed.Count == 0, "keywords used but not probed: " + string.Join(", ", unprobed));
        Assert.All(used, k => Assert.True(annotations.Contains(k) || SchemaCompiler.Keywords.Contains(k), k));
    }

    private static void Collect(JsonNode? node, SortedSet<string> into)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    into.Add(key);
                    if (key is "properties" or "$defs" or "patternProperties")
                    {
                        foreach (var (_, sub) in value!.AsObject())
                        {
                            Collect(sub, into);
                        }
                    }
                    else if (key is not "enum" and not "const" and not "required")
                    {
                        Collect(value, into);
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Collect(item, into);
                }

                break;
        }
    }
}
