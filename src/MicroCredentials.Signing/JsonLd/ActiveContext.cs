using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace MicroCredentials.Signing.JsonLd;

[Flags]
internal enum Containers
{
    None = 0,
    List = 1,
    Set = 2,
    Index = 4,
    Id = 8,
    Type = 16,
    Language = 32,
    Graph = 64,
}

/// <summary>A term definition. Built during context processing, immutable once the context is returned.</summary>
internal sealed class TermDefinition
{
    public string? Id { get; set; }

    public bool Prefix { get; set; }

    public bool Protected { get; set; }

    public bool Reverse { get; set; }

    public string? TypeMapping { get; set; }

    public bool HasLanguage { get; set; }

    public string? Language { get; set; }

    public bool HasDirection { get; set; }

    public string? Direction { get; set; }

    public bool HasContext { get; set; }

    public JsonNode? Context { get; set; }

    public string? BaseUrl { get; set; }

    /// <summary>The scoped context belongs to a loaded remote document (not to a caller's document), so its processing may be memoized.</summary>
    public bool SharedContext { get; set; }

    public string? Nest { get; set; }

    public string? Index { get; set; }

    public Containers Container { get; set; }

    /// <summary>Equality ignoring <see cref="Protected"/>, as the protected-term check requires.</summary>
    public bool SameAs(TermDefinition other) =>
        Id == other.Id
        && Prefix == other.Prefix
        && Reverse == other.Reverse
        && TypeMapping == other.TypeMapping
        && HasLanguage == other.HasLanguage
        && Language == other.Language
        && HasDirection == other.HasDirection
        && Direction == other.Direction
        && HasContext == other.HasContext
        && JsonTree.DeepEquals(Context, other.Context)
        && Nest == other.Nest
        && Index == other.Index
        && Container == other.Container;
}

/// <summary>Cache key of a context derived from an active context.</summary>
internal readonly record struct DerivedKey(object Source, bool OverrideProtected, bool Propagate, bool Validate, bool Safe);

/// <summary>
/// A processed (active) context. Immutable once returned by context processing; contexts derived from it by
/// remote or scoped contexts are memoized (<see cref="TryGetDerived"/>) so shared contexts are processed once.
/// </summary>
internal sealed class ActiveContext
{
    private const int MaxDerived = 256;

    private ConcurrentDictionary<DerivedKey, ActiveContext>? derived;

    public ActiveContext(string? baseIri)
    {
        BaseIri = baseIri;
        OriginalBaseUrl = baseIri;
        Terms = new Dictionary<string, TermDefinition>(StringComparer.Ordinal);
    }

    private ActiveContext(ActiveContext source)
    {
        BaseIri = source.BaseIri;
        OriginalBaseUrl = source.OriginalBaseUrl;
        Vocab = source.Vocab;
        DefaultLanguage = source.DefaultLanguage;
        DefaultDirection = source.DefaultDirection;
        Previous = source.Previous;
        HasProtected = source.HasProtected;
        Terms = new Dictionary<string, TermDefinition>(source.Terms, StringComparer.Ordinal);
    }

    public Dictionary<string, TermDefinition> Terms { get; }

    public string? BaseIri { get; set; }

    public string? OriginalBaseUrl { get; set; }

    public string? Vocab { get; set; }

    public string? DefaultLanguage { get; set; }

    public string? DefaultDirection { get; set; }

    public ActiveContext? Previous { get; set; }

    public bool HasProtected { get; set; }

    public ActiveContext Clone() => new(this);

    public TermDefinition? Term(string term) => Terms.TryGetValue(term, out var d) ? d : null;

    public bool TryGetDerived(DerivedKey key, out ActiveContext? context)
    {
        context = null;
        return derived is not null && derived.TryGetValue(key, out context);
    }

    public void AddDerived(DerivedKey key, ActiveContext context)
    {
        var d = derived;
        if (d is null)
        {
            Interlocked.CompareExchange(ref derived, new ConcurrentDictionary<DerivedKey, ActiveContext>(), null);
            d = derived;
        }

        if (d.Count < MaxDerived)
        {
            d.TryAdd(key, context);
        }
    }
}
