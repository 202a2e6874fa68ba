namespace MicroCredentials.Signing.Model;

/// <summary>
/// A value of an element that has an EU controlled vocabulary: a concept of that vocabulary (<see cref="Uri"/>,
/// its English <see cref="Label"/> and the <see cref="Vocabulary"/> it belongs to), or free text that resolved to no
/// concept (<see cref="Uri"/> null, <see cref="Label"/> the text as given), which Annex I allows.
/// </summary>
/// <remarks>
/// A string converts implicitly to an unresolved value; the model element it is assigned to resolves it against its
/// vocabulary (<see cref="Model.Vocabulary.Coerce"/>): <c>AssessmentType = "written examination"</c> holds the concept
/// <c>http://data.europa.eu/snb/assessment/6e6cb2cc78</c>. Equality is by URI, label and vocabulary.
/// </remarks>
public sealed record Concept
{
    private Concept(string? uri, string label, Vocabulary? vocabulary)
    {
        Uri = uri;
        Label = label;
        Vocabulary = vocabulary;
    }

    /// <summary>The concept URI (<c>http://data.europa.eu/snb/…</c> or an EU authority table URI); null for free text.</summary>
    public string? Uri { get; }

    /// <summary>The concept's English label, or the free text as given.</summary>
    public string Label { get; }

    /// <summary>The vocabulary the concept belongs to, or that free text was resolved against; null before resolution.</summary>
    public Vocabulary? Vocabulary { get; }

    /// <summary>True when the value is a concept (it has a URI), false for free text.</summary>
    public bool IsConcept => Uri is not null;

    /// <summary>Free text that is no concept (kept as given).</summary>
    /// <param name="text">The text.</param>
    /// <param name="vocabulary">The vocabulary it was resolved against without result, when known.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static Concept FreeText(string text, Vocabulary? vocabulary = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new Concept(null, text, vocabulary);
    }

    /// <summary>An unresolved value: a label, a code or a URI that a model element resolves against its vocabulary.</summary>
    /// <param name="value">The label, code or URI (e.g. <c>"ECTS"</c>, <c>"online"</c>, <c>"DE"</c>, a concept URI).</param>
    public static implicit operator Concept?(string? value) => value is null ? null : new Concept(null, value, null);

    /// <summary>Creates a concept of <paramref name="vocabulary"/>.</summary>
    internal static Concept Of(string uri, string label, Vocabulary vocabulary) => new(uri, label, vocabulary);

    /// <summary>Converts an unresolved string (<see cref="op_Implicit"/>); a named alternative for languages without implicit conversions.</summary>
    /// <param name="value">The label, code or URI.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static Concept FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new Concept(null, value, null);
    }

    /// <summary>The label, followed by the URI in angle brackets for a concept.</summary>
    public override string ToString() => Uri is null ? Label : $"{Label} <{Uri}>";
}
