using System.Text.Json.Nodes;

namespace MicroCredentials.Signing.JsonLd;

/// <summary>
/// The JSON spellings that a fixed set of well-known contexts give to each IRI and keyword, in every scope they define
/// (top level, property- and type-scoped contexts). Built once from the contexts' own term definitions.
/// </summary>
/// <remarks>
/// A verifier that reads JSON members by name (<c>credentialStatus</c>, <c>validUntil</c>, <c>id</c>) reads what the
/// signature covers only if the document spells each of those properties the way these contexts do. JSON-LD lets the
/// same RDF be written with aliases, compact or absolute IRIs as keys, <c>@nest</c>, <c>@base</c> or <c>@vocab</c>:
/// the vocabulary is the reference those spellings are compared with.
/// </remarks>
internal sealed class SurfaceVocabulary
{
    private readonly Dictionary<string, HashSet<string>> namesByIri = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> irisByName = new(StringComparer.Ordinal);

    private SurfaceVocabulary()
    {
    }

    /// <summary>The term names the reference contexts give to <paramref name="iri"/> (an IRI or a keyword), or null.</summary>
    public IReadOnlySet<string>? NamesOf(string iri) => namesByIri.TryGetValue(iri, out var s) ? s : null;

    /// <summary>The IRIs (or keywords) the reference contexts give to the term <paramref name="name"/>, or null.</summary>
    public IReadOnlySet<string>? IrisOf(string name) => irisByName.TryGetValue(name, out var s) ? s : null;

    /// <summary>Builds the vocabulary of <paramref name="contextUrls"/>, which <paramref name="documents"/> must serve.</summary>
    /// <exception cref="JsonLdException">A context cannot be processed (the reference must be complete, never partial).</exception>
    public static SurfaceVocabulary Build(IEnumerable<string> contextUrls, Func<string, RemoteDocument?> documents)
    {
        var vocabulary = new SurfaceVocabulary();
        // Bundled contexts are trusted and processed once per process: no per-document budget applies.
        var session = new ExpansionSession(JsonLdOptions.Default, documents, new WorkBudget(int.MaxValue, CancellationToken.None));
        var root = new ActiveContext(null);
        var visited = new HashSet<(string, object)>();
        foreach (var url in contextUrls)
        {
            var active = session.ProcessContext(root, JsonValue.Create(url), null, []);
            vocabulary.Walk(session, active, visited, 0);
        }

        return vocabulary;
    }

    private void Walk(ExpansionSession session, ActiveContext active, HashSet<(string, object)> visited, int depth)
    {
        foreach (var (name, definition) in active.Terms)
        {
            if (definition.Id is not { } iri || definition.Reverse)
            {
                continue;
            }

            Add(namesByIri, iri, name);
            Add(irisByName, name, iri);
            if (definition.HasContext && definition.Context is { } scoped && depth < 4 && visited.Add((name, scoped)))
            {
                var inner = session.ProcessContext(active, scoped, definition.BaseUrl, [], overrideProtected: true);
                Walk(session, inner, visited, depth + 1);
            }
        }
    }

    private static void Add(Dictionary<string, HashSet<string>> map, string key, string value)
    {
        if (!map.TryGetValue(key, out var set))
        {
            map[key] = set = new HashSet<string>(StringComparer.Ordinal);
        }

        set.Add(value);
    }
}

/// <summary>One place where a document's JSON says something other than what its RDF says, to a reader of JSON.</summary>
/// <param name="JsonPath">Where, as a JSON path into the document.</param>
/// <param name="Message">What, in words.</param>
internal readonly record struct SurfaceViolation(string JsonPath, string Message);

/// <summary>
/// Collects, during one expansion, every place where the document's JSON surface differs from the canonical surface of
/// <see cref="SurfaceVocabulary"/>: so that each value read from a JSON member is the value in the expanded (and so
/// signed) dataset. Not thread-safe: one instance per expansion.
/// </summary>
internal sealed class SurfaceAudit
{
    // Keyed by graph scope too: a presentation of two credentials from one issuer describes the issuer in each
    // credential's graph, which are different nodes of different graphs, each read from its own JSON object.
    private readonly Dictionary<(int Scope, string Id), (string Path, bool RootLike)> describedNodes = [];
    private int scope;
    private int lastScope;
    private readonly List<SurfaceViolation> violations = [];

    public SurfaceAudit(SurfaceVocabulary vocabulary, int maxViolations = 16)
    {
        Vocabulary = vocabulary;
        MaxViolations = maxViolations;
    }

    public SurfaceVocabulary Vocabulary { get; }

    public int MaxViolations { get; }

    /// <summary>The violations found, at most <see cref="MaxViolations"/>.</summary>
    public IReadOnlyList<SurfaceViolation> Violations => violations;

    /// <summary>How many violations were found in all, including those not kept.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// Forgets everything recorded: expansion restarts from the beginning each time it has to load another remote
    /// context, and what an abandoned attempt saw must not count as a second description of the same node.
    /// </summary>
    public void Reset()
    {
        describedNodes.Clear();
        scope = 0;
        lastScope = 0;
        violations.Clear();
        Count = 0;
    }

    /// <summary>A key of a node or value object, with what it expanded to.</summary>
    public void Key(ExpansionSession session, string key, string expanded, bool inValueObject)
    {
        if (Keywords.IsKeyword(expanded))
        {
            if (expanded == "@nest")
            {
                Report(session, $"\"{key}\" nests properties (@nest): a reader of JSON members would not see them where the data puts them");
                return;
            }

            // In node objects a reader looks for "id" and "type"; "@id", "@type" or any other alias would hide them.
            if (!inValueObject && expanded is "@id" or "@type" && Vocabulary.NamesOf(expanded) is { } allowed && !allowed.Contains(key))
            {
                Report(session, $"\"{key}\" stands for {expanded}; write it as \"{First(allowed)}\"");
            }

            return;
        }

        CheckTerm(session, key, expanded, "property");
    }

    /// <summary>A node type or value datatype, as written and as expanded.</summary>
    public void Type(ExpansionSession session, string written, string? expanded)
    {
        if (expanded is null)
        {
            return;
        }

        CheckTerm(session, written, expanded, "type");
    }

    /// <summary>A node identifier or an IRI-valued property value, as written and as expanded.</summary>
    public void Identifier(ExpansionSession session, string written, string? expanded)
    {
        if (expanded is null || string.Equals(written, expanded, StringComparison.Ordinal))
        {
            return;
        }

        Report(session, $"the identifier \"{Truncate(written)}\" stands for \"{Truncate(expanded)}\"; identifiers must be written as absolute IRIs");
    }

    /// <summary>Enters a new graph (a value of a <c>@graph</c> container or of <c>@graph</c>); returns what <see cref="ExitGraph"/> restores.</summary>
    public int EnterGraph()
    {
        var outer = scope;
        scope = ++lastScope;
        return outer;
    }

    /// <summary>Leaves the graph entered by the matching <see cref="EnterGraph"/>.</summary>
    public void ExitGraph(int outer) => scope = outer;

    /// <summary>A node object with an explicit identifier and at least one property.</summary>
    /// <param name="session">The expansion.</param>
    /// <param name="id">The node's expanded identifier.</param>
    /// <param name="rootLike">The node is a document's top node or a node of a named graph: one whose JSON members a verifier reads.</param>
    public void DescribedNode(ExpansionSession session, string id, bool rootLike)
    {
        var here = session.CurrentPath();
        if (!describedNodes.TryGetValue((scope, id), out var earlier))
        {
            describedNodes[(scope, id)] = (here, rootLike);
            return;
        }

        describedNodes[(scope, id)] = (earlier.Path, earlier.RootLike || rootLike);

        // The RDF merges both objects into one node, so a reader of one JSON object sees only part of it. That matters for
        // the nodes a verifier reads (a credential's validUntil moved into an @included copy of itself) and for blank
        // nodes, whose labels a holder may add without changing the canonical form. An issuer described both as issuer and
        // as awarding body is ordinary and is left alone.
        if (earlier.RootLike || rootLike || id.StartsWith("_:", StringComparison.Ordinal))
        {
            Report(session, $"the node \"{Truncate(id)}\" is also described at {earlier.Path}; one node must be one JSON object");
        }
    }

    /// <summary>Two keys of one object that expand to the same IRI.</summary>
    public void DuplicateProperty(ExpansionSession session, string key, string expanded) =>
        Report(session, $"\"{key}\" repeats the property {expanded}, already given under another name in the same object");

    private void CheckTerm(ExpansionSession session, string written, string expanded, string what)
    {
        if (Vocabulary.NamesOf(expanded) is { } names && !names.Contains(written))
        {
            Report(session, $"the {what} \"{Truncate(written)}\" stands for {expanded}, which the credential vocabularies write as \"{First(names)}\"");
        }
        else if (Vocabulary.IrisOf(written) is { } iris && !iris.Contains(expanded))
        {
            Report(session, $"the {what} \"{written}\" is redefined to {Truncate(expanded)} (the credential vocabularies define it as {First(iris)})");
        }
    }

    private void Report(ExpansionSession session, string message)
    {
        Count++;
        if (violations.Count < MaxViolations)
        {
            violations.Add(new SurfaceViolation(session.CurrentPath(), message));
        }
    }

    private static string First(IReadOnlySet<string> set)
    {
        string? best = null;
        foreach (var s in set)
        {
            if (best is null || string.CompareOrdinal(s, best) < 0)
            {
                best = s;
            }
        }

        return best ?? string.Empty;
    }

    private static string Truncate(string s) => s.Length <= 120 ? s : s[..117] + "...";
}
