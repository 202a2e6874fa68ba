using System.Text.Json;
using Json.Schema;
using MicroCredentials.Signing.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace MicroCredentials.Signing.Tests.Schemas;

/// <summary>
/// Second oracle: JsonSchema.Net 8.0.5 (format validation required) on the same corpus as <see cref="AjvDifferentialTests"/>.
/// </summary>
public class JsonSchemaNetDifferentialTests(ITestOutputHelper output)
{
    [Fact]
    public void Same_verdict_as_JsonSchema_Net()
    {
        var (items, conformance) = AjvDifferentialTests.Instances(10_000);
        var build = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        foreach (var file in new[] { "ob/ob_v3p0_achievementcredential_schema.json", "elements/mcred-extension.schema.json" })
        {
            JsonSchema.FromText(File.ReadAllText(TestPaths.RepoFile(["schemas", .. file.Split('/')])), build);
        }

        var oracles = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        var evaluation = new EvaluationOptions { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true };
        int agree = 0, documented = 0;
        var disagreements = new List<string>();
        foreach (var (origin, schemaId, instance) in items)
        {
            if (!oracles.TryGetValue(schemaId, out var oracle))
            {
                oracle = JsonSchema.FromText($$"""{"$schema": "https://json-schema.org/draft/2019-09/schema", "$ref": "{{schemaId}}"}""", build);
                oracles[schemaId] = oracle;
            }

            using var document = JsonDocument.Parse(instance.ToJsonString());
            var theirs = oracle.Evaluate(document.RootElement, evaluation).IsValid;
            var schema = AjvDifferentialTests.CompiledFor(schemaId);
            var ours = schema.IsValid(document.RootElement);
            if (ours == theirs)
            {
                agree++;
                continue;
            }

            // JsonSchema.Net, like ajv-formats, takes white space for the "T" of an RFC 3339 date-time (see AjvDifferentialTests).
            if (!ours && schema.Errors(document.RootElement).All(e => AjvDifferentialTests.IsAjvDateTimeLeniency(e, document.RootElement)))
            {
                documented++;
                continue;
            }

            disagreements.Add($"{origin} ({schemaId}): ours {(ours ? "valid" : "invalid")}, JsonSchema.Net {(theirs ? "valid" : "invalid")}; "
                + $"ours: [{string.Join(", ", schema.Errors(document.RootElement).Select(e => $"{e.InstanceLocation} {e.Keyword} {JsonPointerValue(document.RootElement, e.InstanceLocation)}"))}]");
        }

        output.WriteLine($"{items.Count} instances ({conformance} conformance credentials): {agree} agree, {documented} documented date-time leniencies, {disagreements.Count} disagree");
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements.Take(25)));
    }

    private static string JsonPointerValue(JsonElement root, string pointer)
    {
        var e = root;
        foreach (var token in pointer.Split('/').Skip(1))
        {
            e = e.ValueKind == JsonValueKind.Array ? e[int.Parse(token, System.Globalization.CultureInfo.InvariantCulture)] : e.GetProperty(token);
        }

        return e.GetRawText();
    }
}
