using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Schemas;
using MicroCredentials.Signing.Schemas.Validation;
using MicroCredentials.Signing.Tests.Canonicalization;
using MicroCredentials.Signing.Tests.Mapping;
using MicroCredentials.Signing.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace MicroCredentials.Signing.Tests.Schemas;

/// <summary>
/// Differential test against ajv 8 (2019-09 mode, ajv-formats): the same verdict on ≥10,000 seeded mutations of valid
/// credentials and on every OB 3.0 credential in ../shared/conformance, all validated in ONE node run
/// (tests/interop/ajv-validate.mjs). Both validators see the same instance: the credential as
/// <see cref="CredentialSchemaValidator"/> normalizes it (single proof as array, VC 1.1 read as VC 2.0).
/// </summary>
public class AjvDifferentialTests(ITestOutputHelper output)
{
    private const string AchievementId = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json-ld/ob_v3p0_achievementcredential_schema.json";
    private const string EndorsementId = AchievementId + "#/$defs/EndorsementCredential";
    private const string ExtensionId = "https://w3id.org/mcred/schemas/mcred-extension.schema.json";
    private const int Mutants = 10_000;
    private const int Seed = 20_261_203;

    [Fact]
    public async Task Same_verdict_as_ajv_on_mutated_and_conformance_credentials()
    {
        var (items, conformanceCount) = Instances(Mutants);

        var stdin = new StringBuilder();
        foreach (var (_, schemaId, instance) in items)
        {
            stdin.Append(new JsonObject { ["schemaId"] = schemaId, ["instance"] = instance.DeepClone() }.ToJsonString()).Append('\n');
        }

        var verdicts = (await NodeInterop.RunAsync("ajv-validate.mjs", stdin.ToString()))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonNode.Parse(line)!)
            .ToList();
        Assert.Equal(items.Count, verdicts.Count);

        int agreeValid = 0, agreeInvalid = 0, documented = 0;
        var disagreements = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            var (origin, schemaId, instance) = items[i];
            using var document = JsonDocument.Parse(instance.ToJsonString());
            var schema = CompiledFor(schemaId);
            var ours = schema.IsValid(document.RootElement);
            var ajv = (bool)verdicts[i]!["valid"]!;
            if (ours == ajv)
            {
                _ = ours ? agreeValid++ : agreeInvalid++;
                continue;
            }

            var errors = schema.Errors(document.RootElement);
            if (!ours && IsOnlyAjvDateTimeLeniency(errors, document.RootElement))
            {
                documented++;
                continue;
            }

            disagreements.Add($"{origin} ({schemaId}): ours {(ours ? "valid" : "invalid")}, ajv {(ajv ? "valid" : "invalid")}; "
                + $"ours: [{string.Join(", ", errors.Select(e => e.InstanceLocation + " " + e.Keyword))}] ajv: {verdicts[i]!["errors"]?.ToJsonString()}");
        }

        output.WriteLine($"{items.Count} instances ({conformanceCount} conformance credentials, {Mutants} mutants): "
            + $"{agreeValid} valid and {agreeInvalid} invalid for both, {documented} documented ajv date-time leniencies, {disagreements.Count} disagreements");
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements.Take(25)));
        // The mutants must exercise both outcomes, or agreement would prove little.
        Assert.True(agreeInvalid > Mutants / 4, $"only {agreeInvalid} invalid agreements");
        Assert.True(agreeValid > 500, $"only {agreeValid} valid agreements");
    }

    /// <summary>
    /// The differential corpus: every OB 3.0 conformance credential, then <paramref name="mutants"/> seeded mutants of
    /// the valid ones, each paired with the schema CredentialSchemaValidator applies and normalized as it normalizes.
    /// </summary>
    internal static (List<(string Origin, string SchemaId, JsonNode Instance)> Items, int Conformance) Instances(int mutants)
    {
        var conformance = ConformanceCredentials().ToList();
        var seeds = MappingSamples.Credentials().Select(c => (JsonNode)c.Credential)
            .Concat(conformance.Select(c => c.Credential))
            .Where(c => CredentialSchemaValidator.Default.Validate(c).Valid)
            .ToList();
        Assert.True(seeds.Count >= 20, $"only {seeds.Count} valid seed credentials");

        var items = new List<(string Origin, string SchemaId, JsonNode Instance)>();
        foreach (var (name, credential) in conformance)
        {
            AddItems(items, name, credential);
        }

        var rng = new Random(Seed);
        for (var i = 0; i < mutants; i++)
        {
            var seed = seeds[i % seeds.Count];
            AddItems(items, $"mutant {i} of seed {i % seeds.Count}", CredentialMutator.Mutate(seed, rng));
        }

        return (items, conformance.Count);
    }

    internal static CompiledSchema CompiledFor(string schemaId) => schemaId switch
    {
        AchievementId => CredentialSchemaValidator.Default.Compiled(CredentialSchemaValidator.AchievementCredentialResource),
        EndorsementId => CredentialSchemaValidator.Default.Compiled(CredentialSchemaValidator.EndorsementCredentialKey),
        _ => CredentialSchemaValidator.Default.Compiled(CredentialSchemaValidator.ExtensionResource),
    };

    [Theory]
    [InlineData("2024-01-01 00:00:00Z", true)]
    [InlineData("2024-01-01T00:00:00+0100", true)]
    [InlineData("2024-01-01T00:00:00+01", true)]
    [InlineData("2024-01-01T00:00:00Z", false)]
    [InlineData("2024-13-01 00:00:00Z", false)]
    [InlineData("yesterday", false)]
    public void Ajv_leniency_classifier_only_accepts_the_documented_forms(string value, bool lenient) =>
        Assert.Equal(lenient, AjvLenientDateTime(value));

    /// <summary>
    /// Every error is a documented ajv date-time leniency, or a <c>oneOf</c>/<c>anyOf</c>/<c>type</c> failure at an
    /// ancestor of one (a branch such as <c>issuer</c>'s string-or-Profile that fails only because of that same value).
    /// </summary>
    internal static bool IsOnlyAjvDateTimeLeniency(IReadOnlyList<OutputUnit> errors, JsonElement root)
    {
        var lenient = errors.Where(e => IsAjvDateTimeLeniency(e, root)).Select(e => e.InstanceLocation).ToList();
        return lenient.Count > 0 && errors.All(e => IsAjvDateTimeLeniency(e, root)
            || (e.Keyword is "oneOf" or "anyOf" or "type" && lenient.Any(l => l.StartsWith(e.InstanceLocation + "/", StringComparison.Ordinal))));
    }

    /// <summary>
    /// ajv-formats 3.0.1 "date-time" accepts any white space instead of "T" and offsets without the colon ("+0100",
    /// "+01"). RFC 3339 §5.6 (date-time = full-date "T" full-time; time-numoffset = ("+" / "-") time-hour ":"
    /// time-minute), which JSON Schema 2019-09 Validation §7.3.1 names for "date-time", allows neither.
    /// </summary>
    internal static bool IsAjvDateTimeLeniency(OutputUnit error, JsonElement root) =>
        error.Keyword == "format" && error.AbsoluteKeywordLocation.EndsWith("/format", StringComparison.Ordinal)
        && At(root, error.InstanceLocation) is { ValueKind: JsonValueKind.String } value && AjvLenientDateTime(value.GetString()!);

    private static bool AjvLenientDateTime(string s)
    {
        if (Formats.IsDateTime(s) || s.Length < 19)
        {
            return false;
        }

        var t = char.IsWhiteSpace(s[10]) ? string.Concat(s.AsSpan(0, 10), "T", s.AsSpan(11)) : s;
        var sign = Math.Max(t.LastIndexOf('+'), t.LastIndexOf('-'));
        if (sign > 10)
        {
            var offset = t[(sign + 1)..];
            if (offset.Length == 4 && offset.All(char.IsAsciiDigit))
            {
                t = t[..(sign + 1)] + offset[..2] + ":" + offset[2..];
            }
            else if (offset.Length == 2 && offset.All(char.IsAsciiDigit))
            {
                t += ":00";
            }
        }

        return t != s && Formats.IsDateTime(t);
    }

    private static JsonElement? At(JsonElement root, string pointer)
    {
        var e = root;
        foreach (var raw in pointer.Split('/').Skip(1))
        {
            var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty(token, out var child))
            {
                e = child;
            }
            else if (e.ValueKind == JsonValueKind.Array && int.TryParse(token, out var i) && i < e.GetArrayLength())
            {
                e = e[i];
            }
            else
            {
                return null;
            }
        }

        return e;
    }

    private static void AddItems(List<(string, string, JsonNode)> items, string origin, JsonNode credential)
    {
        // Exactly what CredentialSchemaValidator applies: the endorsement class for endorsement-only credentials,
        // the extension schema for credentials using the mcred context.
        using var normalized = CredentialSchemaValidator.ToDocument(credential, normalize: true);
        var instance = JsonNode.Parse(normalized.RootElement.GetRawText())!;
        var types = TypesOf(credential);
        var endorsement = types.Contains("EndorsementCredential") && !types.Contains("AchievementCredential") && !types.Contains("OpenBadgeCredential");
        items.Add((origin, endorsement ? EndorsementId : AchievementId, instance));
        if (credential is JsonObject o && o["@context"] is JsonArray contexts
            && contexts.Any(c => c is JsonValue v && v.GetValueKind() == JsonValueKind.String && (string)v! == "https://w3id.org/mcred/v1"))
        {
            items.Add((origin, ExtensionId, instance));
        }
    }

    private static List<string> TypesOf(JsonNode credential) => credential is JsonObject o ? o["type"] switch
    {
        JsonArray a => a.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => (string)v!).ToList(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [(string)v!],
        _ => [],
    } : [];

    /// <summary>Every JSON credential under ../shared/conformance that is an AchievementCredential or declares an OB 3.0 schema.</summary>
    internal static IEnumerable<(string Name, JsonNode Credential)> ConformanceCredentials()
    {
        var root = TestPaths.Conformance;
        foreach (var file in Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (!(file.EndsWith(".json", StringComparison.Ordinal) || file.EndsWith(".jsonld", StringComparison.Ordinal))
                || relative.StartsWith("json-schema-test-suite/", StringComparison.Ordinal)
                || relative.StartsWith("json-ld-api/", StringComparison.Ordinal)
                || relative.StartsWith("rdf-canon/", StringComparison.Ordinal))
            {
                continue;
            }

            JsonNode? node;
            try
            {
                node = JsonNode.Parse(File.ReadAllText(file));
            }
            catch (JsonException)
            {
                continue;
            }

            if (node is not JsonObject o)
            {
                continue;
            }

            var types = TypesOf(o);
            var declaresOb = o["credentialSchema"]?.ToJsonString().Contains("ob_v3p0", StringComparison.Ordinal) ?? false;
            if (types.Contains("AchievementCredential") || types.Contains("OpenBadgeCredential") || declaresOb)
            {
                yield return (relative, o);
            }
        }
    }
}
