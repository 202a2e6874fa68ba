using System.Text.RegularExpressions;

namespace MicroCredentials.Signing.Model;

/// <summary>
/// One EU controlled vocabulary (a SKOS concept scheme): its concepts with their English labels, generated from the
/// ELM 3 XSDs (<c>schemas/vocabularies/*.tsv</c>, embedded). Resolution is lenient: a concept URI, a label (any case),
/// a code (the URI's last segment, ISO 3166-1 alpha-2/alpha-3 for countries, ISO 639-1 or a BCP 47 tag for languages)
/// or a common synonym (<c>"ECTS"</c>, <c>"onsite"</c>) all find the concept. Thread-safe; loaded on first use.
/// </summary>
public sealed partial class Vocabulary
{
    private readonly Lazy<Loaded> loaded;
    private readonly Func<string, string?>? code;
    private readonly IReadOnlyDictionary<string, string> aliases;

    internal Vocabulary(string name, string title, Func<string, string?>? code = null, IReadOnlyDictionary<string, string>? aliases = null)
    {
        Name = name;
        Title = title;
        this.code = code;
        this.aliases = aliases ?? new Dictionary<string, string>();
        loaded = new Lazy<Loaded>(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Short name, the generated file's name (e.g. <c>assessment-types</c>).</summary>
    public string Name { get; }

    /// <summary>Human-readable title (e.g. <c>Europass learning assessment types</c>).</summary>
    public string Title { get; }

    /// <summary>The concept scheme URI (e.g. <c>http://data.europa.eu/snb/assessment/25831c2</c>).</summary>
    public string SchemeUri => loaded.Value.Scheme;

    /// <summary>The URI every concept of the vocabulary starts with.</summary>
    public string BaseUri => loaded.Value.Base;

    /// <summary>Every concept, ordered by URI.</summary>
    public IReadOnlyList<Concept> Concepts => loaded.Value.Concepts;

    /// <summary>The concept with this exact URI (<c>https</c> is accepted for <c>http</c>), or null.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="uri"/> is null.</exception>
    public Concept? Find(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var byUri = loaded.Value.ByUri;
        return byUri.GetValueOrDefault(uri)
            ?? (uri.StartsWith("https://", StringComparison.Ordinal) ? byUri.GetValueOrDefault("http://" + uri["https://".Length..]) : null);
    }

    /// <summary>Whether <paramref name="concept"/> is a concept of this vocabulary.</summary>
    public bool Contains(Concept? concept) => concept?.Uri is { } uri && ReferenceEquals(concept.Vocabulary, this) && Find(uri) is not null;

    /// <summary>
    /// The concept a URI, label, code or synonym names, or null. Labels and codes compare case-insensitively with
    /// whitespace collapsed.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public Concept? Resolve(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = Whitespace().Replace(value, " ").Trim();
        if (text.Length == 0)
        {
            return null;
        }

        if (Find(text) is { } byUri)
        {
            return byUri;
        }

        var data = loaded.Value;
        var key = text.ToUpperInvariant();
        if (data.ByLabel.TryGetValue(key, out var byLabel) || data.ByCode.TryGetValue(key, out byLabel))
        {
            return byLabel;
        }

        if (code?.Invoke(text) is { } mapped && data.ByCode.TryGetValue(mapped.ToUpperInvariant(), out var byMapped))
        {
            return byMapped;
        }

        return aliases.TryGetValue(text.ToLowerInvariant(), out var alias) ? Find(data.Base + alias) : null;
    }

    /// <summary>
    /// Resolves a value assigned to a model element of this vocabulary: an unresolved string becomes the concept it
    /// names; else a concept of another EU vocabulary when it is one (validation then names the right vocabulary);
    /// else free text. A value already resolved is returned unchanged.
    /// </summary>
    public Concept? Coerce(Concept? value)
    {
        if (value is null || value.Vocabulary is not null || value.Uri is not null)
        {
            return value;
        }

        return Resolve(value.Label) ?? Vocabularies.FindAny(value.Label) ?? Concept.FreeText(value.Label, this);
    }

    /// <summary>Whether <paramref name="uri"/> lies in this vocabulary's namespace (listed or not).</summary>
    internal bool Owns(string uri) => uri.StartsWith(BaseUri, StringComparison.Ordinal)
        || (uri.StartsWith("https://", StringComparison.Ordinal) && ("http://" + uri["https://".Length..]).StartsWith(BaseUri, StringComparison.Ordinal));

    /// <summary>The title.</summary>
    public override string ToString() => Title;

    private Loaded Load()
    {
        var resource = "schemas/vocabularies/" + Name + ".tsv";
        using var stream = typeof(Vocabulary).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded vocabulary {resource} is missing");
        using var reader = new StreamReader(stream);
        string? scheme = null;
        string? baseUri = null;
        var concepts = new List<Concept>();
        while (reader.ReadLine() is { } line)
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            var (first, second) = (line[..tab], line[(tab + 1)..]);
            if (scheme is null && first == "scheme")
            {
                scheme = second;
            }
            else if (baseUri is null && first == "base")
            {
                baseUri = second;
            }
            else
            {
                // The XSDs give no English label for many authority-table entries (most languages): the code stands in.
                concepts.Add(Concept.Of(baseUri + first, second.Length == 0 ? first : second, this));
            }
        }

        var byUri = concepts.ToDictionary(c => c.Uri!, StringComparer.Ordinal);
        var byLabel = new Dictionary<string, Concept>(StringComparer.Ordinal);
        var byCode = new Dictionary<string, Concept>(StringComparer.Ordinal);
        foreach (var c in concepts)
        {
            byLabel.TryAdd(c.Label.ToUpperInvariant(), c);
            byCode.TryAdd(c.Uri![baseUri!.Length..].ToUpperInvariant(), c);
        }

        return new Loaded(scheme!, baseUri!, concepts, byUri, byLabel, byCode);
    }

    private sealed record Loaded(string Scheme, string Base, IReadOnlyList<Concept> Concepts,
        Dictionary<string, Concept> ByUri, Dictionary<string, Concept> ByLabel, Dictionary<string, Concept> ByCode);

    [GeneratedRegex("\\s+")]
    private static partial Regex Whitespace();
}
