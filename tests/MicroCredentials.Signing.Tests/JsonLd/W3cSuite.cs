using System.Text.Json;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.JsonLd;
using MicroCredentials.Signing.Tests.Support;

namespace MicroCredentials.Signing.Tests.JsonLd;

/// <summary>One entry of a W3C json-ld-api test manifest.</summary>
internal sealed record W3cTestCase(
    string Manifest,
    string Id,
    IReadOnlyList<string> Types,
    string Input,
    string? Expect,
    string? ExpectErrorCode,
    JsonObject Options)
{
    public string Key => Manifest + Id;

    public bool IsNegative => Types.Contains("jld:NegativeEvaluationTest");

    public bool IsSyntaxOnly => Types.Contains("jld:PositiveSyntaxTest");

    public string? SpecVersion => Options["specVersion"]?.GetValue<string>();
}

/// <summary>Reads the W3C JSON-LD 1.1 API manifests and the checked-in exclusion list, and serves the suite's files as remote documents.</summary>
internal static class W3cSuite
{
    public const string BaseIri = "https://w3c.github.io/json-ld-api/tests/";

    private static readonly Lazy<Dictionary<string, W3cTestCase>> AllCases = new(LoadAll);
    private static readonly Lazy<Dictionary<string, string>> ExclusionsLazy = new(LoadExclusions);

    public static string Root => TestPaths.ConformanceFile("json-ld-api", "tests");

    public static IReadOnlyDictionary<string, W3cTestCase> Cases => AllCases.Value;

    /// <summary>Test key (<c>expand#t0001</c>) → reason.</summary>
    public static IReadOnlyDictionary<string, string> Exclusions => ExclusionsLazy.Value;

    public static IEnumerable<W3cTestCase> Manifest(string name) => Cases.Values.Where(c => c.Manifest == name);

    public static bool Applicable(W3cTestCase c) => c.SpecVersion != "json-ld-1.0";

    public static IEnumerable<object[]> Theory(string manifest) =>
        Manifest(manifest).Where(c => Applicable(c) && !Exclusions.ContainsKey(c.Key)).Select(c => new object[] { c.Key });

    private static Dictionary<string, W3cTestCase> LoadAll()
    {
        var result = new Dictionary<string, W3cTestCase>(StringComparer.Ordinal);
        foreach (var manifest in new[] { "expand", "toRdf" })
        {
            var doc = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, manifest + "-manifest.jsonld")))!;
            foreach (var entry in doc["sequence"]!.AsArray())
            {
                var types = entry!["@type"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
                var c = new W3cTestCase(
                    manifest,
                    entry["@id"]!.GetValue<string>(),
                    types,
                    entry["input"]!.GetValue<string>(),
                    entry["expect"]?.GetValue<string>(),
                    entry["expectErrorCode"]?.GetValue<string>(),
                    entry["option"]?.AsObject() ?? new JsonObject());
                result.Add(c.Key, c);
            }
        }

        return result;
    }

    private static Dictionary<string, string> LoadExclusions()
    {
        var path = TestPaths.RepoFile("tests", "MicroCredentials.Signing.Tests", "JsonLd", "exclusions.json");
        var doc = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var kv in doc["exclusions"]!.AsObject())
        {
            result[kv.Key] = kv.Value!.GetValue<string>();
        }

        return result;
    }

    public static JsonLdOptions OptionsFor(W3cTestCase c)
    {
        var o = c.Options;
        var options = new JsonLdOptions { Base = o["base"]?.GetValue<string>() ?? BaseIri + c.Input };
        if (o["processingMode"]?.GetValue<string>() is { } mode)
        {
            options = options with { ProcessingMode = mode };
        }

        if (o["expandContext"]?.GetValue<string>() is { } ctx)
        {
            options = options with { ExpandContext = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, ctx))) };
        }

        if (o["produceGeneralizedRdf"]?.GetValue<bool>() == true)
        {
            options = options with { ProduceGeneralizedRdf = true };
        }

        options = (o["rdfDirection"]?.GetValue<string>()) switch
        {
            "i18n-datatype" => options with { RdfDirection = JsonLdRdfDirection.I18nDatatype },
            "compound-literal" => options with { RdfDirection = JsonLdRdfDirection.CompoundLiteral },
            _ => options,
        };
        return options;
    }

    public static JsonNode? ReadInput(W3cTestCase c) => JsonNode.Parse(File.ReadAllText(Path.Combine(Root, c.Input)));

    /// <summary>JSON-LD object comparison: arrays are unordered except the values of <c>@list</c>.</summary>
    public static bool JsonLdEquals(JsonNode? a, JsonNode? b, bool ordered = false)
    {
        switch (a)
        {
            case null:
                return b is null;
            case JsonObject oa:
                if (b is not JsonObject ob || oa.Count != ob.Count)
                {
                    return false;
                }

                foreach (var kv in oa)
                {
                    if (!ob.TryGetPropertyValue(kv.Key, out var bv) || !JsonLdEquals(kv.Value, bv, kv.Key == "@list"))
                    {
                        return false;
                    }
                }

                return true;
            case JsonArray aa:
                if (b is not JsonArray ab || aa.Count != ab.Count)
                {
                    return false;
                }

                if (ordered)
                {
                    return aa.Zip(ab).All(p => JsonLdEquals(p.First, p.Second));
                }

                var used = new bool[ab.Count];
                foreach (var item in aa)
                {
                    var found = false;
                    for (var i = 0; i < ab.Count && !found; i++)
                    {
                        if (!used[i] && JsonLdEquals(item, ab[i]))
                        {
                            used[i] = true;
                            found = true;
                        }
                    }

                    if (!found)
                    {
                        return false;
                    }
                }

                return true;
            default:
                if (b is not JsonValue || a.GetValueKind() != b.GetValueKind())
                {
                    return false;
                }

                return a.GetValueKind() == JsonValueKind.Number
                    ? a.GetValue<JsonElement>().GetDouble() == b.GetValue<JsonElement>().GetDouble()
                    : a.ToJsonString() == b.ToJsonString();
        }
    }
}

/// <summary>Serves <c>https://w3c.github.io/json-ld-api/tests/…</c> from the local copy of the suite; anything else fails to load.</summary>
internal sealed class W3cTestLoader : IDocumentLoader
{
    public ValueTask<RemoteDocument> LoadDocumentAsync(string url, CancellationToken cancellationToken)
    {
        if (url.StartsWith(W3cSuite.BaseIri, StringComparison.Ordinal))
        {
            var relative = url[W3cSuite.BaseIri.Length..];
            var hash = relative.IndexOfAny(['#', '?']);
            if (hash >= 0)
            {
                relative = relative[..hash];
            }

            var path = Path.GetFullPath(Path.Combine(W3cSuite.Root, relative));
            if (path.StartsWith(W3cSuite.Root, StringComparison.Ordinal) && File.Exists(path))
            {
                return new ValueTask<RemoteDocument>(new RemoteDocument(url, JsonNode.Parse(File.ReadAllText(path))));
            }
        }

        throw new JsonLdException("loading remote context failed", "Not in the local test suite: " + url);
    }
}
