using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MicroCredentials.Signing.JsonLd;

/// <summary>
/// An immutable loader that serves a fixed set of documents and never touches the network.
/// <see cref="Default"/> serves the contexts bundled with the library (listed in <c>schemas/contexts/contexts.json</c>);
/// <see cref="With(string, string)"/> returns a new loader with one more document.
/// </summary>
public sealed class StaticDocumentLoader : IDocumentLoader
{
    private const string IndexResource = "schemas/contexts/contexts.json";

    private static readonly Lazy<StaticDocumentLoader> DefaultLazy = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly FrozenDictionary<string, Lazy<JsonNode?>> documents;

    private StaticDocumentLoader(FrozenDictionary<string, Lazy<JsonNode?>> documents) => this.documents = documents;

    /// <summary>A loader serving every context bundled with the library.</summary>
    public static StaticDocumentLoader Default => DefaultLazy.Value;

    /// <summary>A loader that serves nothing.</summary>
    public static StaticDocumentLoader Empty { get; } = new(FrozenDictionary<string, Lazy<JsonNode?>>.Empty);

    /// <summary>The URLs this loader serves.</summary>
    public IEnumerable<string> Urls => documents.Keys;

    /// <summary>Returns a new loader that also serves <paramref name="json"/> (parsed on first use) at <paramref name="url"/>.</summary>
    public StaticDocumentLoader With(string url, string json)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(json);
        var copy = new Dictionary<string, Lazy<JsonNode?>>(documents, StringComparer.Ordinal)
        {
            [url] = new Lazy<JsonNode?>(() => ParseShared(json, url), LazyThreadSafetyMode.ExecutionAndPublication),
        };
        return new StaticDocumentLoader(copy.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>Returns a new loader that also serves a copy of <paramref name="document"/> at <paramref name="url"/>.</summary>
    public StaticDocumentLoader With(string url, JsonNode? document)
    {
        ArgumentNullException.ThrowIfNull(url);
        var clone = document?.DeepClone();
        JsonTree.Materialize(clone);
        var copy = new Dictionary<string, Lazy<JsonNode?>>(documents, StringComparer.Ordinal)
        {
            [url] = new Lazy<JsonNode?>(() => clone, LazyThreadSafetyMode.ExecutionAndPublication),
        };
        return new StaticDocumentLoader(copy.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>
    /// Returns a new loader that also serves <paramref name="documents"/> (each copied), for contexts the library does
    /// not bundle. Unlike <see cref="With(string, JsonNode?)"/>, a URL this loader already serves is refused: a
    /// caller's copy of a bundled context would change what every credential using it means, and doing that silently
    /// is how a verifier ends up checking a signature over different statements than the issuer signed.
    /// </summary>
    /// <param name="documents">URL to JSON-LD document (usually a context object).</param>
    /// <exception cref="ArgumentException">A URL is already served by this loader, or is empty.</exception>
    public StaticDocumentLoader WithAdditional(IEnumerable<KeyValuePair<string, JsonNode?>> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var copy = new Dictionary<string, Lazy<JsonNode?>>(documents is IReadOnlyCollection<KeyValuePair<string, JsonNode?>> c ? c.Count : 0, StringComparer.Ordinal);
        foreach (var (url, document) in documents)
        {
            if (string.IsNullOrEmpty(url))
            {
                throw new ArgumentException("a document URL must not be empty", nameof(documents));
            }

            if (this.documents.ContainsKey(url) || copy.ContainsKey(url))
            {
                throw new ArgumentException($"{url} is already served by this loader (a bundled context cannot be redefined)", nameof(documents));
            }

            var clone = document?.DeepClone();
            JsonTree.Materialize(clone);
            copy[url] = new Lazy<JsonNode?>(() => clone, LazyThreadSafetyMode.ExecutionAndPublication);
        }

        if (copy.Count == 0)
        {
            return this;
        }

        foreach (var (url, lazy) in this.documents)
        {
            copy[url] = lazy;
        }

        return new StaticDocumentLoader(copy.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>Returns a copy of the document at <paramref name="url"/>; an unknown URL raises <c>loading remote context failed</c>.</summary>
    public ValueTask<RemoteDocument> LoadDocumentAsync(string url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        cancellationToken.ThrowIfCancellationRequested();
        var shared = GetShared(url);
        return new ValueTask<RemoteDocument>(new RemoteDocument(url, shared?.DeepClone()));
    }

    /// <summary>The shared, fully materialized (thread-safe to read) instance; callers must not mutate it.</summary>
    internal JsonNode? GetShared(string url)
    {
        if (!documents.TryGetValue(url, out var lazy))
        {
            throw new JsonLdException("loading remote context failed", $"The document {url} is not served by the static document loader (nothing is fetched).");
        }

        return lazy.Value;
    }

    internal bool Contains(string url) => documents.ContainsKey(url);

    private static StaticDocumentLoader LoadEmbedded()
    {
        var assembly = typeof(StaticDocumentLoader).Assembly;
        var index = ReadResource(assembly, IndexResource);
        using var indexDoc = JsonDocument.Parse(index);
        var map = new Dictionary<string, Lazy<JsonNode?>>(StringComparer.Ordinal);
        foreach (var entry in indexDoc.RootElement.GetProperty("contexts").EnumerateObject())
        {
            var url = entry.Name;
            var resource = "schemas/contexts/" + entry.Value.GetString();
            map[url] = new Lazy<JsonNode?>(() => ParseShared(ReadResource(assembly, resource), url), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        return new StaticDocumentLoader(map.ToFrozenDictionary(StringComparer.Ordinal));
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing from {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static JsonNode? ParseShared(string json, string url)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 128 });
        }
        catch (JsonException ex)
        {
            throw new JsonLdException("loading remote context failed", $"The document {url} is not valid JSON: {ex.Message}", innerException: ex);
        }

        JsonTree.Materialize(node);
        return node;
    }
}
