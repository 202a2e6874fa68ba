using System.Text.Json;
using MicroCredentials.Signing.Schemas.Validation;
using MicroCredentials.Signing.Tests.Support;

namespace MicroCredentials.Signing.Tests.Schemas;

/// <summary>
/// The official JSON-Schema-Test-Suite (../shared/conformance/json-schema-test-suite): cases, the static remote loader
/// (http://localhost:1234/ → remotes/, json-schema.org meta-schemas → TestData), and the documented exclusions.
/// </summary>
internal static class JsonSchemaTestSuite
{
    /// <summary>Formats whose optional/format files run with format assertion on (the ones the validator implements).</summary>
    public static readonly string[] AssertedFormats =
    [
        "date-time", "date", "time", "duration", "email", "hostname", "ipv4", "ipv6", "uri", "uri-reference", "iri", "iri-reference",
        "uuid", "regex", "json-pointer", "relative-json-pointer", "uri-template", "unknown",
    ];

    /// <summary>
    /// Suite tests left out, with the reason (also listed in README "JSON Schema conformance"). Key:
    /// "draft/file|group description|test description". Only optional tests are ever listed here.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Excluded => ExcludedLazy.Value;

    private static readonly string[] IdnaContextTests =
    [
        "contains illegal char U+302E Hangul single dot tone mark",
        "Exceptions that are DISALLOWED, right-to-left chars",
        "Exceptions that are DISALLOWED, left-to-right chars",
        "MIDDLE DOT with no preceding 'l'",
        "MIDDLE DOT with nothing preceding",
        "MIDDLE DOT with no following 'l'",
        "MIDDLE DOT with nothing following",
        "Greek KERAIA not followed by Greek",
        "Greek KERAIA not followed by anything",
        "Hebrew GERESH not preceded by Hebrew",
        "Hebrew GERESH not preceded by anything",
        "Hebrew GERSHAYIM not preceded by Hebrew",
        "Hebrew GERSHAYIM not preceded by anything",
        "KATAKANA MIDDLE DOT with no Hiragana, Katakana, or Han",
        "KATAKANA MIDDLE DOT with no other characters",
        "Arabic-Indic digits mixed with Extended Arabic-Indic digits",
    ];

    private static readonly Lazy<Dictionary<string, string>> ExcludedLazy = new(BuildExclusions);

    private const string IdnaContextReason =
        "IDNA2008 contextual rules (RFC 5892 CONTEXTJ/CONTEXTO) and its DISALLOWED exceptions are not implemented: "
        + "A-labels are decoded with .NET IdnMapping (UTS #46), which does not apply them. The bundled schemas do not use 'hostname'.";

    private static Dictionary<string, string> BuildExclusions()
    {
        var excluded = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var draft in new[] { "draft2019-09", "draft2020-12" })
        {
            foreach (var test in IdnaContextTests)
            {
                excluded[$"{draft}/optional/format/hostname.json|validation of A-label (punycode) host names|{test}"] = IdnaContextReason;
            }
        }

        return excluded;
    }

    public static string Root => TestPaths.ConformanceFile("json-schema-test-suite");

    public static string Draft(SchemaDraft draft) => draft == SchemaDraft.Draft201909 ? "draft2019-09" : "draft2020-12";

    /// <summary>Every case of the given files: (draft, relative file, group index, test index, description).</summary>
    public static IEnumerable<SuiteCase> Cases(SchemaDraft draft, IEnumerable<string> relativeFiles)
    {
        var dir = Path.Combine(Root, "tests", Draft(draft));
        foreach (var file in relativeFiles)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, file)));
            var g = 0;
            foreach (var group in doc.RootElement.EnumerateArray())
            {
                var t = 0;
                foreach (var test in group.GetProperty("tests").EnumerateArray())
                {
                    yield return new SuiteCase(draft, file, g, t, group.GetProperty("description").GetString()!, test.GetProperty("description").GetString()!);
                    t++;
                }

                g++;
            }
        }
    }

    public static IEnumerable<string> RequiredFiles(SchemaDraft draft) =>
        Directory.EnumerateFiles(Path.Combine(Root, "tests", Draft(draft)), "*.json")
            .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    public static IEnumerable<string> FormatFiles(SchemaDraft draft) =>
        AssertedFormats.Select(f => $"optional/format/{f}.json")
            .Where(f => File.Exists(Path.Combine(Root, "tests", Draft(draft), f)));

    /// <summary>Runs one case: compiles the group's schema, checks the verdict and that the error walk agrees with it.</summary>
    public static (bool Expected, bool Verdict, int Errors) Run(SuiteCase c)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "tests", Draft(c.Draft), c.File)));
        var group = doc.RootElement[c.Group];
        var test = group.GetProperty("tests")[c.Test];
        var compiler = new SchemaCompiler(new SchemaCompilerOptions
        {
            DefaultDraft = c.Draft,
            AssertFormat = c.File.StartsWith("optional/format/", StringComparison.Ordinal),
            Loader = Load,
        });
        var id = compiler.AddDocument(group.GetProperty("schema"));
        var schema = compiler.Compile(id);
        var data = test.GetProperty("data");
        return (test.GetProperty("valid").GetBoolean(), schema.IsValid(data), schema.Errors(data).Count);
    }

    private static JsonElement? Load(string uri)
    {
        string? path = null;
        if (uri.StartsWith("http://localhost:1234/", StringComparison.Ordinal))
        {
            path = Path.Combine(Root, "remotes", uri["http://localhost:1234/".Length..]);
        }
        else if (uri.StartsWith("https://json-schema.org/draft/", StringComparison.Ordinal))
        {
            var rest = uri["https://json-schema.org/draft/".Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            path = Path.Combine(AppContext.BaseDirectory, "TestData", "Schemas", "metaschemas", "draft" + rest[..slash], rest[(slash + 1)..] + ".json");
        }

        if (path is null || !File.Exists(path))
        {
            return null;
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }
}

/// <summary>One suite test.</summary>
internal sealed record SuiteCase(SchemaDraft Draft, string File, int Group, int Test, string GroupDescription, string TestDescription)
{
    public string Key => $"{JsonSchemaTestSuite.Draft(Draft)}/{File}|{GroupDescription}|{TestDescription}";

    public string Description => $"{GroupDescription} / {TestDescription}";

    public static SuiteCase Of(string draft, string file, int group, int test) =>
        JsonSchemaTestSuite.Cases(draft == "draft2019-09" ? SchemaDraft.Draft201909 : SchemaDraft.Draft202012, [file])
            .Single(c => c.Group == group && c.Test == test);
}
