using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Rdf;

namespace MicroCredentials.Signing.JsonLd;

/// <summary>
/// A JSON-LD 1.1 processor: expansion and RDF conversion. Thread-safe; keep one instance per loader so remote contexts
/// (VC 2.0, Open Badges 3.0, ...) are loaded and processed once and reused by every document.
/// </summary>
public sealed class JsonLdProcessor
{
    private const int MaxCachedDocuments = 256;
    private const int MaxRootContexts = 64;

    private readonly ConcurrentDictionary<string, RemoteDocument> documentCache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Base, bool Json10), ActiveContext> roots = new();
    private readonly StaticDocumentLoader? staticLoader;

    /// <summary>Creates a processor over <paramref name="documentLoader"/> (default: <see cref="StaticDocumentLoader.Default"/>, never fetching).</summary>
    public JsonLdProcessor(IDocumentLoader? documentLoader = null)
    {
        DocumentLoader = documentLoader ?? StaticDocumentLoader.Default;
        staticLoader = DocumentLoader as StaticDocumentLoader;
    }

    /// <summary>The loader remote contexts come from.</summary>
    public IDocumentLoader DocumentLoader { get; }

    /// <summary>Expands <paramref name="document"/> (JSON-LD 1.1 API §5.1). The input is not modified.</summary>
    /// <exception cref="JsonLdException">The document or one of its contexts is invalid, a context cannot be loaded, a limit is exceeded, or safe mode detected data loss.</exception>
    public ValueTask<JsonArray> ExpandAsync(JsonNode? document, JsonLdOptions? options = null, CancellationToken cancellationToken = default) =>
        ExpandAsync(document, options, null, cancellationToken);

    /// <summary>Expands <paramref name="document"/> as if its top-level member <paramref name="ignoredTopLevelKey"/> were absent.</summary>
    internal async ValueTask<JsonArray> ExpandAsync(JsonNode? document, JsonLdOptions? options, string? ignoredTopLevelKey, CancellationToken cancellationToken)
    {
        options ??= JsonLdOptions.Default;
        var perCall = new Dictionary<string, RemoteDocument>(StringComparer.Ordinal);
        var loads = 0;
        var limits = options.Limits ?? JsonLdLimits.Default;
        if (limits.MaxRemoteContexts < 1 || limits.MaxContextDepth < 1 || limits.MaxExpansionDepth < 1 || limits.MaxWork < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Every JsonLdLimits value must be at least 1.");
        }

        // One budget across restarts: an attempt abandoned for a remote load was real work, and a document that makes
        // us restart 32 times must not get 33 budgets.
        var budget = new WorkBudget(limits.MaxWork, cancellationToken);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return ExpandSync(document, options, perCall, ignoredTopLevelKey, budget);
            }
            catch (DocumentNeededException need)
            {
                if (++loads > limits.MaxRemoteContexts)
                {
                    throw new JsonLdException("context overflow", $"More than {limits.MaxRemoteContexts} remote contexts are needed for one document.");
                }

                perCall[need.Url] = await LoadAsync(need.Url, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Expands <paramref name="document"/> and converts it to an RDF dataset (JSON-LD 1.1 API §8.1). Blank nodes are labelled <c>b0</c>, <c>b1</c>, ...</summary>
    /// <exception cref="JsonLdException">As for <see cref="ExpandAsync(JsonNode?, JsonLdOptions?, CancellationToken)"/>, plus <c>conflicting indexes</c> and the RDF-stage safe-mode codes.</exception>
    public ValueTask<IReadOnlyList<Quad>> ToRdfAsync(JsonNode? document, JsonLdOptions? options = null, CancellationToken cancellationToken = default) =>
        ToRdfAsync(document, options, null, cancellationToken);

    /// <summary>Converts <paramref name="document"/> to RDF as if its top-level member <paramref name="ignoredTopLevelKey"/> were absent.</summary>
    internal async ValueTask<IReadOnlyList<Quad>> ToRdfAsync(JsonNode? document, JsonLdOptions? options, string? ignoredTopLevelKey, CancellationToken cancellationToken)
    {
        options ??= JsonLdOptions.Default;
        var expanded = await ExpandAsync(document, options, ignoredTopLevelKey, cancellationToken).ConfigureAwait(false);
        return new ToRdfConverter(options).Convert(expanded, cancellationToken);
    }

    /// <summary>toRdf of a document this processor already expanded (the array is only read).</summary>
    internal static IReadOnlyList<Quad> ToRdf(JsonArray expanded, JsonLdOptions options, CancellationToken cancellationToken) =>
        new ToRdfConverter(options).Convert(expanded, cancellationToken);

    /// <summary>The canonical JSON spellings of the terms of <paramref name="contextUrls"/>, which this processor's static loader must hold.</summary>
    internal SurfaceVocabulary BuildSurfaceVocabulary(IEnumerable<string> contextUrls) => SurfaceVocabulary.Build(contextUrls, Cached);

    private JsonArray ExpandSync(JsonNode? document, JsonLdOptions options, Dictionary<string, RemoteDocument> perCall, string? ignoredTopLevelKey, WorkBudget budget)
    {
        options.Surface?.Reset();
        var session = new ExpansionSession(options, url => perCall.TryGetValue(url, out var d) ? d : Cached(url), budget);
        var active = Root(options.Base, session.Json10);
        if (options.ExpandContext is { } expandContext)
        {
            var local = expandContext is JsonObject o && o.TryGetPropertyValue("@context", out var inner) ? inner : expandContext;
            active = session.ProcessContext(active, local, options.Base, []);
        }

        return session.ExpandDocument(active, document, options.Base, ignoredTopLevelKey);
    }

    private RemoteDocument? Cached(string url)
    {
        if (documentCache.TryGetValue(url, out var doc))
        {
            return doc;
        }

        if (staticLoader is not null && staticLoader.Contains(url))
        {
            doc = new RemoteDocument(url, staticLoader.GetShared(url));
            if (documentCache.Count < MaxCachedDocuments)
            {
                documentCache.TryAdd(url, doc);
            }

            return doc;
        }

        return null;
    }

    private ActiveContext Root(string? baseIri, bool json10)
    {
        var key = (baseIri ?? "\0", json10);
        if (roots.TryGetValue(key, out var root))
        {
            return root;
        }

        root = new ActiveContext(baseIri);
        if (roots.Count < MaxRootContexts)
        {
            root = roots.GetOrAdd(key, root);
        }

        return root;
    }

    private async ValueTask<RemoteDocument> LoadAsync(string url, CancellationToken cancellationToken)
    {
        if (staticLoader is not null)
        {
            return new RemoteDocument(url, staticLoader.GetShared(url));
        }

        RemoteDocument loaded;
        try
        {
            loaded = await DocumentLoader.LoadDocumentAsync(url, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonLdException)
        {
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            throw new JsonLdException("loading remote context failed", $"Loading {url} failed: {ex.Message}", innerException: ex);
        }

        // Our own copy: the loader's caller may keep and mutate the instance it returned.
        var document = loaded.Document?.DeepClone();
        JsonTree.Materialize(document);
        var result = loaded with { Document = document };
        if (documentCache.Count < MaxCachedDocuments)
        {
            documentCache.TryAdd(url, result);
        }

        return result;
    }
}
