using System.Text;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Canonicalization;
using MicroCredentials.Signing.JsonLd;
using MicroCredentials.Signing.Tests.Canonicalization;
using MicroCredentials.Signing.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace MicroCredentials.Signing.Tests.JsonLd;

/// <summary>
/// Cross-check with the reference implementation: our safe-mode toRdf → RDFC-1.0 must give the same canonical N-Quads as
/// jsonld.js 9 <c>jsonld.canonize(doc, {algorithm: 'RDFC-1.0', safe: true})</c> over the same bundled contexts, and must
/// refuse exactly the documents jsonld.js refuses.
/// </summary>
public sealed class JsonLdInteropTests(ITestOutputHelper output)
{
    private static readonly string[] WildFolders =
    [
        "dcc-vc-test-fixtures", "dcc-verifier-core", "dcc-mit-learn-obv3-template", "edubadges-obv3-examples", "educredentials-credential-converter",
        "educredentials-ec-issuer", "impierce-credential-converter", "mynextid-credentials", "oeb-openbadges-education", "obf-openbadgefactory",
        "elm3-european-learning-model",
    ];

    private static IEnumerable<(string Name, string Json)> Documents()
    {
        foreach (var file in Directory.GetFiles(TestPaths.ConformanceFile("openbadges-3.0", "examples"), "*.json").Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(file) != "index.json")
            {
                yield return ("ob3/" + Path.GetFileName(file), File.ReadAllText(file));
            }
        }

        foreach (var folder in WildFolders)
        {
            var dir = TestPaths.ConformanceFile("in-the-wild", folder);
            foreach (var file in Directory.GetFiles(dir, "*.*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (!(file.EndsWith(".json", StringComparison.Ordinal) || file.EndsWith(".jsonld", StringComparison.Ordinal)))
                {
                    continue;
                }

                JsonNode? node;
                try
                {
                    node = JsonNode.Parse(File.ReadAllText(file));
                }
                catch (System.Text.Json.JsonException)
                {
                    continue;
                }

                if (node is JsonObject o && o.ContainsKey("@context") && !file.Contains("context", StringComparison.OrdinalIgnoreCase))
                {
                    yield return ("wild/" + Path.GetRelativePath(TestPaths.ConformanceFile("in-the-wild"), file), node.ToJsonString());
                }
            }
        }

        foreach (var variant in Variants())
        {
            yield return variant;
        }
    }

    /// <summary>Synthetic variations of the basic OB 3.0 credential: Unicode, long text, nested arrays, numbers, VC 1.1.</summary>
    private static IEnumerable<(string Name, string Json)> Variants()
    {
        var basic = File.ReadAllText(TestPaths.ConformanceFile("openbadges-3.0", "examples", "basic-openbadgecredential.json"));
        JsonObject Fresh() => JsonNode.Parse(basic)!.AsObject();

        var texts = new Dictionary<string, string>
        {
            ["unicode"] = "Ünïcødé ✓ 日本語 العربية עברית 🎓👩🏽‍🎓 e\u0301 vs \u00e9, zero\u200bwidth, \u2028line sep",
            ["escapes"] = "quote \" backslash \\ tab \t newline \n return \r control \u0001\u001f del \u007f",
            ["long"] = string.Concat(Enumerable.Repeat("Lorem ipsum dolor sit amet, ünïcode ✓. ", 600)),
            ["empty"] = string.Empty,
        };
        foreach (var (name, text) in texts)
        {
            var doc = Fresh();
            doc["name"] = text;
            doc["credentialSubject"]!["achievement"]!["description"] = text;
            yield return ("variant/" + name, doc.ToJsonString());
        }

        var nested = Fresh();
        var achievement = nested["credentialSubject"]!["achievement"]!.AsObject();
        achievement["tag"] = new JsonArray("a", new JsonArray("b", new JsonArray("c", "a")), "d");
        achievement["alignment"] = new JsonArray(
            new JsonArray(new JsonObject { ["type"] = new JsonArray("Alignment"), ["targetName"] = "x", ["targetUrl"] = "https://example.org/x" }),
            new JsonObject { ["type"] = new JsonArray("Alignment"), ["targetName"] = "y", ["targetUrl"] = "https://example.org/y" });
        yield return ("variant/nested-arrays", nested.ToJsonString());

        var numbers = Fresh();
        var ach = numbers["credentialSubject"]!["achievement"]!.AsObject();
        ach["creditsAvailable"] = 3.5;
        ach["fieldOfStudy"] = "Computing";
        numbers["credentialSubject"]!["creditsEarned"] = 12;
        numbers["credentialSubject"]!["activityStartDate"] = "2024-01-01T00:00:00Z";
        yield return ("variant/numbers", numbers.ToJsonString());

        var vc11 = Fresh();
        vc11["@context"] = new JsonArray("https://www.w3.org/2018/credentials/v1", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json");
        vc11.Remove("validFrom");
        vc11["issuanceDate"] = "2010-01-01T00:00:00Z";
        yield return ("variant/vc-1.1", vc11.ToJsonString());

        // Language tags in every position (default, term, language map, value object) with mixed case.
        yield return ("variant/language-case", """
            {"@context": {"@language": "EN-us", "p": "http://example.org/p", "q": {"@id": "http://example.org/q", "@language": "De-AT"},
             "m": {"@id": "http://example.org/m", "@container": "@language"}},
             "@id": "urn:example:x", "p": "a", "q": "b", "m": {"FR-ca": "c"}, "http://example.org/r": {"@value": "d", "@language": "It-IT"}}
            """);

        // Native numbers and booleans with and without datatypes, and a @json literal.
        yield return ("variant/native-values", """
            {"@context": {"n": "http://example.org/n", "d": {"@id": "http://example.org/d", "@type": "http://www.w3.org/2001/XMLSchema#double"},
             "j": {"@id": "http://example.org/j", "@type": "@json"}},
             "@id": "urn:example:y", "n": [1, -0, 1.5, 1e21, 123456789012, true, false, 0.1], "d": [5, 2.5e-7],
             "j": {"z": [1, 2.0, "\u00e9"], "a": null, "m": {"b": true}}}
            """);

        var unknown = Fresh();
        unknown["credentialSubject"]!["undefinedTerm"] = "dropped";
        yield return ("variant/undefined-term", unknown.ToJsonString());

        var relativeType = Fresh();
        relativeType["credentialSubject"]!["achievement"]!["type"] = new JsonArray("Achievement", "NotAType");
        yield return ("variant/relative-type", relativeType.ToJsonString());
    }

    /// <summary>Issuers' own contexts kept beside the in-the-wild credentials, served to both sides at their published URLs.</summary>
    private static readonly (string Url, string[] File)[] WildContexts =
    [
        ("https://raw.githubusercontent.com/educredentials/obv3-examples/refs/heads/main/contexts/educredential.json", ["edubadges-obv3-examples", "contexts", "educredential.json"]),
        ("http://data.europa.eu/snb/model/context/edc-ap", ["elm3-european-learning-model", "context", "edc-ap-context.jsonld"]),
    ];

    /// <summary>Our safe-mode codes and the jsonld.js safe-mode event codes they stand for; spec error codes must be equal.</summary>
    private static readonly Dictionary<string, string[]> SafeModeEvents = new()
    {
        [JsonLdErrorCodes.SafeModeDroppedProperty] = ["invalid property"],
        [JsonLdErrorCodes.SafeModeRelativeType] = ["relative @type reference"],
        [JsonLdErrorCodes.SafeModeRelativeId] = ["relative @id reference", "relative subject reference", "relative object reference"],
        [JsonLdErrorCodes.SafeModeRelativeVocab] = ["relative @vocab reference"],
        [JsonLdErrorCodes.SafeModeDroppedValue] = ["empty object", "free-floating scalar", "null @value value", "object with only @language", "object with only @list", "object with only @value", "object with only @id"],
        [JsonLdErrorCodes.SafeModeReservedTerm] = ["reserved term", "reserved @id value", "reserved @reverse value"],
        [JsonLdErrorCodes.SafeModeInvalidLanguage] = ["invalid @language value"],
    };

    private static bool SameReason(string ours, string? theirs) =>
        ours == theirs || (SafeModeEvents.TryGetValue(ours, out var events) && theirs is not null && events.Contains(theirs));

    [Fact]
    public async Task Canonical_NQuads_match_jsonld_js_in_safe_mode()
    {
        var docs = Documents().ToList();
        var extra = new JsonObject();
        var loader = StaticDocumentLoader.Default;
        foreach (var (url, file) in WildContexts)
        {
            var text = File.ReadAllText(TestPaths.ConformanceFile(["in-the-wild", .. file]));
            extra[url] = text;
            loader = loader.With(url, text);
        }

        var input = new JsonObject
        {
            ["docs"] = new JsonArray(docs.Select(d => (JsonNode)JsonValue.Create(d.Json)!).ToArray()),
            ["extraContexts"] = extra,
        };
        var reply = JsonNode.Parse(await NodeInterop.RunAsync("jsonld-canon.mjs", input.ToJsonString()))!;
        var results = reply["results"]!.AsArray();
        Assert.Equal(docs.Count, results.Count);

        var processor = new JsonLdProcessor(loader);
        var options = new JsonLdOptions { SafeMode = true };
        var mismatches = new List<string>();
        int bothCanonicalized = 0, bothRefused = 0;
        for (var i = 0; i < docs.Count; i++)
        {
            string? ours;
            string? ourError = null;
            try
            {
                ours = Rdfc10.Canonicalize(await processor.ToRdfAsync(JsonNode.Parse(docs[i].Json), options)).NQuads;
            }
            catch (JsonLdException ex)
            {
                ours = null;
                ourError = ex.Code;
            }

            var theirs = results[i]!["nquads"]?.GetValue<string>();
            var theirError = results[i]!["error"]?.GetValue<string>();
            if (theirs is not null && ours == theirs)
            {
                bothCanonicalized++;
            }
            else if (theirs is null && ours is null && SameReason(ourError!, theirError))
            {
                bothRefused++;
                output.WriteLine($"both refuse {docs[i].Name}: ours {ourError}, jsonld.js {theirError}");
            }
            else
            {
                mismatches.Add($"{docs[i].Name}: ours {(ours is null ? "error " + ourError : "ok")}, jsonld.js {(theirs is null ? "error " + theirError : "ok")}"
                    + (ours is not null && theirs is not null ? "\n--- ours\n" + ours + "--- jsonld.js\n" + theirs : string.Empty));
            }
        }

        output.WriteLine($"{docs.Count} documents: {bothCanonicalized} identical canonical N-Quads, {bothRefused} refused by both");
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        Assert.True(bothCanonicalized >= 100, $"only {bothCanonicalized} documents canonicalized on both sides");
        Assert.True(bothRefused >= 10, $"only {bothRefused} documents refused on both sides for the same reason");
    }
}
