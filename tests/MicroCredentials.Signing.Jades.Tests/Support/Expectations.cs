using System.Text.Json;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.TestSupport;

namespace MicroCredentials.Signing.Jades.Tests.Support;

/// <summary>The entries of <c>../shared/conformance/jades/expectations.json</c>.</summary>
internal static class Expectations
{
    private static readonly Lazy<JsonArray> All = new(() =>
        JsonNode.Parse(File.ReadAllText(TestPaths.ConformanceFile("jades", "expectations.json")))!.AsArray());

    public static IEnumerable<JsonObject> Entries => All.Value.Select(e => e!.AsObject());

    public static JsonObject Entry(string file) => Entries.Single(e => (string)e["file"]! == file);

    public static string PathOf(JsonObject e) => (string)e["source"]! == "dss"
        ? TestPaths.ConformanceFile("jades", "dss", (string)e["file"]!)
        : TestPaths.ConformanceFile((string)e["file"]!);

    public static TheoryData<string> Files(Func<JsonObject, bool> predicate)
    {
        var data = new TheoryData<string>();
        foreach (var e in Entries.Where(predicate))
        {
            data.Add((string)e["file"]!);
        }

        return data;
    }

    /// <summary>The detached contents each DSS test supplies for a file (named as DSS's tests name them).</summary>
    public static Dictionary<string, ReadOnlyMemory<byte>> DetachedFor(string file)
    {
        ReadOnlyMemory<byte> Dss(string name) => File.ReadAllBytes(TestPaths.ConformanceFile("jades", "dss", name));
        return Path.GetFileName(file) switch
        {
            "jades-detached-by-uri-encoded-pars.json" => new()
            {
                ["https://nowina.lu/pub/JAdES/ObjectIdByURI-1.html"] = Dss("ObjectIdByURI-1.html"),
                ["https://nowina.lu/pub/JAdES/ObjectIdByURI-2.html"] = Dss("ObjectIdByURI-2.html"),
            },
            "jades-detached-by-uri-hash-encoded-pars.json" => new()
            {
                ["https://signature-plugtests.etsi.org/pub/JAdES/ObjectIdByURIHash-1.html"] = Dss("ObjectIdByURIHash-1.html"),
                ["https://signature-plugtests.etsi.org/pub/JAdES/ObjectIdByURIHash-2.html"] = Dss("ObjectIdByURIHash-2.html"),
            },
            "jades-flattened-BpB-detached-objectByURIHash.json" => new() { ["TEST-DOC.txt"] = "TL-039 Test Document"u8.ToArray() },
            "simple-detached.json" or "simple-detached-wrong-algo.json" => new() { ["sample.json"] = Dss("sample.json") },
            _ => [],
        };
    }

    /// <summary>The "checked here" timestamp results, in order: (type, imprint matches, TSA signature ok).</summary>
    public static List<(string Type, bool Imprint, bool Signature)> CheckedTimestamps(JsonObject e)
    {
        var text = e["checkedHere"]?["timestamps"]?.GetValue<string>() ?? (e["source"]!.GetValue<string>() == "in-the-wild" ? e["timestamps"]!.GetValue<string>() : null);
        var list = new List<(string, bool, bool)>();
        if (text is null)
        {
            return list;
        }

        foreach (var part in text.Replace("checked here, DSS not run: ", "").Split("; "))
        {
            var tokens = part.Trim().Split(' ');
            var first = tokens[0].Length == 4 && char.IsDigit(tokens[0][3]) && tokens[0].StartsWith("sig", StringComparison.Ordinal) ? tokens[1] : tokens[0];
            var type = first.TrimEnd(':');
            list.Add((type, part.Contains("imprint matches", StringComparison.Ordinal), part.Contains("CMS signature ok", StringComparison.Ordinal) || part.Contains("CMS signature verifies", StringComparison.Ordinal)));
        }

        return list;
    }
}
