namespace MicroCredentials.Signing.Rdf;

/// <summary>The kind of an <see cref="RdfTerm"/>.</summary>
public enum RdfTermKind
{
    /// <summary>The default graph (only valid in the graph position of a quad).</summary>
    DefaultGraph = 0,
    /// <summary>An absolute IRI.</summary>
    Iri = 1,
    /// <summary>A blank node; <see cref="RdfTerm.Value"/> is its label without the <c>_:</c> prefix.</summary>
    BlankNode = 2,
    /// <summary>A literal with a lexical form, a datatype IRI and, for <c>rdf:langString</c>, a language tag.</summary>
    Literal = 3,
}

/// <summary>
/// An immutable RDF term: IRI, blank node, literal or the default graph.
/// A value type so that a dataset of a few hundred quads costs one array, not thousands of objects.
/// </summary>
public readonly struct RdfTerm : IEquatable<RdfTerm>
{
    /// <summary>The IRI of <c>xsd:string</c>, the datatype of a plain literal.</summary>
    public const string XsdString = "http://www.w3.org/2001/XMLSchema#string";

    /// <summary>The IRI of <c>rdf:langString</c>, the datatype of a language-tagged literal.</summary>
    public const string RdfLangString = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";

    private RdfTerm(RdfTermKind kind, string value, string? datatype, string? language)
    {
        Kind = kind;
        Value = value;
        Datatype = datatype;
        Language = language;
    }

    /// <summary>The kind of term.</summary>
    public RdfTermKind Kind { get; }

    /// <summary>The IRI, the blank-node label (without <c>_:</c>) or the literal's lexical form; empty for the default graph.</summary>
    public string Value { get; }

    /// <summary>For literals, the datatype IRI (never null for a literal); otherwise null.</summary>
    public string? Datatype { get; }

    /// <summary>For language-tagged literals, the language tag; otherwise null.</summary>
    public string? Language { get; }

    /// <summary>The default graph.</summary>
    public static RdfTerm DefaultGraph { get; } = new(RdfTermKind.DefaultGraph, string.Empty, null, null);

    /// <summary>True when this is an IRI.</summary>
    public bool IsIri => Kind == RdfTermKind.Iri;

    /// <summary>True when this is a blank node.</summary>
    public bool IsBlankNode => Kind == RdfTermKind.BlankNode;

    /// <summary>True when this is a literal.</summary>
    public bool IsLiteral => Kind == RdfTermKind.Literal;

    /// <summary>True when this is the default graph.</summary>
    public bool IsDefaultGraph => Kind == RdfTermKind.DefaultGraph;

    /// <summary>Creates an IRI term.</summary>
    public static RdfTerm Iri(string iri)
    {
        ArgumentNullException.ThrowIfNull(iri);
        return new RdfTerm(RdfTermKind.Iri, iri, null, null);
    }

    /// <summary>Creates a blank node from its label, with or without the <c>_:</c> prefix.</summary>
    public static RdfTerm BlankNode(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (label.StartsWith("_:", StringComparison.Ordinal))
        {
            label = label[2..];
        }

        return new RdfTerm(RdfTermKind.BlankNode, label, null, null);
    }

    /// <summary>
    /// A blank node from a label exactly as a parser read it after <c>_:</c>. N-Quads labels may themselves start with
    /// <c>_:</c> (<c>_:_:x</c> is the label <c>_:x</c>), so stripping a prefix here would merge two different nodes.
    /// </summary>
    internal static RdfTerm BlankNodeFromLabel(string label) => new(RdfTermKind.BlankNode, label, null, null);

    /// <summary>
    /// Creates a literal. With a <paramref name="language"/> the datatype is <c>rdf:langString</c>;
    /// without a datatype it is <c>xsd:string</c>.
    /// </summary>
    public static RdfTerm Literal(string lexicalForm, string? datatype = null, string? language = null)
    {
        ArgumentNullException.ThrowIfNull(lexicalForm);
        if (language is not null)
        {
            return new RdfTerm(RdfTermKind.Literal, lexicalForm, RdfLangString, language);
        }

        return new RdfTerm(RdfTermKind.Literal, lexicalForm, datatype ?? XsdString, null);
    }

    /// <inheritdoc />
    public bool Equals(RdfTerm other) =>
        Kind == other.Kind
        && string.Equals(Value, other.Value, StringComparison.Ordinal)
        && string.Equals(Datatype, other.Datatype, StringComparison.Ordinal)
        && string.Equals(Language, other.Language, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is RdfTerm other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Value, Datatype, Language);

    /// <summary>Equality by kind, value, datatype and language.</summary>
    public static bool operator ==(RdfTerm left, RdfTerm right) => left.Equals(right);

    /// <summary>Inequality by kind, value, datatype and language.</summary>
    public static bool operator !=(RdfTerm left, RdfTerm right) => !left.Equals(right);

    /// <summary>The term as it would appear in N-Quads (empty for the default graph).</summary>
    public override string ToString() => Kind switch
    {
        RdfTermKind.Iri => "<" + Value + ">",
        RdfTermKind.BlankNode => "_:" + Value,
        RdfTermKind.Literal when Language is not null => "\"" + Value + "\"@" + Language,
        RdfTermKind.Literal when Datatype == XsdString => "\"" + Value + "\"",
        RdfTermKind.Literal => "\"" + Value + "\"^^<" + Datatype + ">",
        _ => string.Empty,
    };
}

/// <summary>An immutable RDF quad. <see cref="Graph"/> is <see cref="RdfTerm.DefaultGraph"/> for triples in the default graph.</summary>
/// <param name="Subject">An IRI or blank node.</param>
/// <param name="Predicate">An IRI (a blank node only in generalized RDF).</param>
/// <param name="Object">An IRI, blank node or literal.</param>
/// <param name="Graph">An IRI, blank node or the default graph.</param>
public readonly record struct Quad(RdfTerm Subject, RdfTerm Predicate, RdfTerm Object, RdfTerm Graph);
