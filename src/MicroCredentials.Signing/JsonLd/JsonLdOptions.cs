namespace MicroCredentials.Signing.JsonLd;

/// <summary>How <c>@direction</c> is represented in RDF (the JSON-LD 1.1 <c>rdfDirection</c> option).</summary>
public enum JsonLdRdfDirection
{
    /// <summary>Direction is not represented (the literal keeps only its language); safe mode rejects such values.</summary>
    None = 0,

    /// <summary><c>i18n-datatype</c>: the datatype becomes <c>https://www.w3.org/ns/i18n#{language}_{direction}</c>.</summary>
    I18nDatatype = 1,

    /// <summary><c>compound-literal</c>: a blank node with <c>rdf:value</c>, <c>rdf:language</c> and <c>rdf:direction</c>.</summary>
    CompoundLiteral = 2,
}

/// <summary>Resource limits that keep hostile documents and contexts from exhausting the processor.</summary>
/// <param name="MaxRemoteContexts">Maximum number of remote contexts dereferenced for one document (including nested and imported ones).</param>
/// <param name="MaxContextDepth">Maximum nesting of remote contexts inside remote contexts; beyond it (or on a cycle) <c>context overflow</c> is raised.</param>
/// <param name="MaxExpansionDepth">Maximum nesting depth of JSON objects and arrays during expansion.</param>
/// <param name="MaxWork">
/// Work budget of one document, across every restart after a remote load: one unit per context processed or scoped
/// context applied, per term definition created, per entry copied by <c>@import</c> and per JSON value expanded.
/// Beyond it <see cref="JsonLdErrorCodes.LimitWork"/> is raised. Without it, scoped contexts applied to many nodes cost
/// their product, not their sum; the default admits every credential of the conformance and real-world corpora many
/// times over and bounds the worst case to a fraction of a second.
/// </param>
public sealed record JsonLdLimits(int MaxRemoteContexts = 32, int MaxContextDepth = 16, int MaxExpansionDepth = 64, int MaxWork = 100_000)
{
    /// <summary>The defaults: 32 remote contexts, nesting 16, expansion depth 64, 100,000 units of work.</summary>
    public static JsonLdLimits Default { get; } = new();
}

/// <summary>Options of one expansion or RDF conversion.</summary>
public sealed record JsonLdOptions
{
    /// <summary>The document URL / base IRI against which relative IRIs resolve; null leaves them relative.</summary>
    public string? Base { get; init; }

    /// <summary>A context applied before the document's own (a context object, an array, a URL string or a document with <c>@context</c>).</summary>
    public System.Text.Json.Nodes.JsonNode? ExpandContext { get; init; }

    /// <summary><c>json-ld-1.1</c> (default) or <c>json-ld-1.0</c>.</summary>
    public string ProcessingMode { get; init; } = "json-ld-1.1";

    /// <summary>
    /// Data-loss detection as in jsonld.js <c>safe: true</c>: anything the algorithms would silently drop or leave relative
    /// raises a <see cref="JsonLdException"/> with a <c>jsonld.safe-mode.*</c> code. Signers and verifiers turn it on.
    /// </summary>
    public bool SafeMode { get; init; }

    /// <summary>How <c>@direction</c> is represented in RDF.</summary>
    public JsonLdRdfDirection RdfDirection { get; init; }

    /// <summary>Keep triples whose predicate is a blank node (generalized RDF).</summary>
    public bool ProduceGeneralizedRdf { get; init; }

    /// <summary>Resource limits; <see cref="JsonLdLimits.Default"/> when null.</summary>
    public JsonLdLimits? Limits { get; init; }

    /// <summary>
    /// When set, expansion also records where the document's JSON surface differs from the canonical one (aliases,
    /// <c>@nest</c>, non-absolute identifiers, nodes described twice): see <see cref="SurfaceAudit"/>.
    /// </summary>
    internal SurfaceAudit? Surface { get; init; }

    internal static JsonLdOptions Default { get; } = new();
}
