using System.Text.Json.Nodes;
using MicroCredentials.Signing.JsonLd;

namespace MicroCredentials.Signing.TestSupport;

/// <summary>The JSON-LD contexts the tests load: the library's bundled ones and those of ../shared/conformance/contexts.</summary>
public static class TestContexts
{
    private static readonly Lazy<StaticDocumentLoader> ConformanceLoaderLazy = new(BuildConformanceLoader);

    /// <summary>
    /// The library's bundled contexts plus every context listed in ../shared/conformance/contexts/contexts.json
    /// (examples, citizenship, …); a bundled URL keeps its bundled document. Built once.
    /// </summary>
    public static StaticDocumentLoader ConformanceLoader => ConformanceLoaderLazy.Value;

    /// <summary>Every bundled context (schemas/contexts/contexts.json) as one object from URL to document, as the JavaScript interop scripts take them.</summary>
    public static JsonObject Bundled()
    {
        var contexts = new JsonObject();
        foreach (var (url, path) in Listed(TestPaths.RepoFile("schemas", "contexts")))
        {
            contexts[url] = JsonNode.Parse(File.ReadAllText(path));
        }

        return contexts;
    }

    private static StaticDocumentLoader BuildConformanceLoader()
    {
        var loader = StaticDocumentLoader.Default;
        foreach (var (url, path) in Listed(TestPaths.ConformanceFile("contexts")))
        {
            if (!loader.Urls.Contains(url))
            {
                loader = loader.With(url, File.ReadAllText(path));
            }
        }

        return loader;
    }

    /// <summary>The URL → file map of a folder's contexts.json, with full paths.</summary>
    private static IEnumerable<(string Url, string Path)> Listed(string dir)
    {
        var map = (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "contexts.json")))!["contexts"]!;
        foreach (var (url, file) in map)
        {
            yield return (url, Path.Combine(dir, (string)file!));
        }
    }
}
