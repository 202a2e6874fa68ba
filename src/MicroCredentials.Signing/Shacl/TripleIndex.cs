using MicroCredentials.Signing.Rdf;

namespace MicroCredentials.Signing.Shacl;

/// <summary>
/// Subject- and object-keyed index over the triples of a dataset (graph names ignored: SHACL validates one graph, and
/// the union of a dataset's graphs is what a JSON-LD credential's triples mean together). Duplicates are dropped.
/// </summary>
internal sealed class TripleIndex
{
    private static readonly IReadOnlyList<RdfTerm> None = [];
    private readonly Dictionary<RdfTerm, Dictionary<RdfTerm, List<RdfTerm>>> bySubject = [];
    private readonly Dictionary<RdfTerm, Dictionary<RdfTerm, List<RdfTerm>>> byObject = [];
    private readonly Dictionary<RdfTerm, List<(RdfTerm Subject, RdfTerm Object)>> byPredicate = [];
    private readonly HashSet<(RdfTerm, RdfTerm, RdfTerm)> seen = [];

    public TripleIndex(IEnumerable<Quad> quads)
    {
        foreach (var q in quads)
        {
            if (!seen.Add((q.Subject, q.Predicate, q.Object)))
            {
                continue;
            }

            Add(bySubject, q.Subject, q.Predicate, q.Object);
            Add(byObject, q.Object, q.Predicate, q.Subject);
            if (!byPredicate.TryGetValue(q.Predicate, out var list))
            {
                byPredicate[q.Predicate] = list = [];
            }

            list.Add((q.Subject, q.Object));
        }
    }

    public int Count => seen.Count;

    public IEnumerable<RdfTerm> Subjects => bySubject.Keys;

    public IReadOnlyList<RdfTerm> Objects(RdfTerm subject, RdfTerm predicate) =>
        bySubject.TryGetValue(subject, out var p) && p.TryGetValue(predicate, out var o) ? o : None;

    public IReadOnlyList<RdfTerm> SubjectsOf(RdfTerm predicate, RdfTerm obj) =>
        byObject.TryGetValue(obj, out var p) && p.TryGetValue(predicate, out var s) ? s : None;

    public IReadOnlyList<(RdfTerm Subject, RdfTerm Object)> WithPredicate(RdfTerm predicate) =>
        byPredicate.TryGetValue(predicate, out var list) ? list : [];

    /// <summary>The predicates and objects of the triples whose subject is <paramref name="subject"/>.</summary>
    public IEnumerable<(RdfTerm Predicate, RdfTerm Object)> Outgoing(RdfTerm subject)
    {
        if (!bySubject.TryGetValue(subject, out var map))
        {
            yield break;
        }

        foreach (var (p, objects) in map)
        {
            foreach (var o in objects)
            {
                yield return (p, o);
            }
        }
    }

    public RdfTerm? One(RdfTerm subject, RdfTerm predicate)
    {
        var o = Objects(subject, predicate);
        return o.Count > 0 ? o[0] : null;
    }

    public bool Has(RdfTerm subject, RdfTerm predicate, RdfTerm obj) => seen.Contains((subject, predicate, obj));

    /// <summary>The members of the RDF list starting at <paramref name="head"/>, or null when it is not a well-formed list.</summary>
    public List<RdfTerm>? List(RdfTerm head)
    {
        var items = new List<RdfTerm>();
        var visited = new HashSet<RdfTerm>();
        var node = head;
        while (node != ShaclVocabulary.RdfNil)
        {
            if (!visited.Add(node) || node.IsLiteral)
            {
                return null;
            }

            var first = Objects(node, ShaclVocabulary.RdfFirst);
            var rest = Objects(node, ShaclVocabulary.RdfRest);
            if (first.Count != 1 || rest.Count != 1)
            {
                return null;
            }

            items.Add(first[0]);
            node = rest[0];
        }

        return items;
    }

    private static void Add(Dictionary<RdfTerm, Dictionary<RdfTerm, List<RdfTerm>>> index, RdfTerm a, RdfTerm b, RdfTerm c)
    {
        if (!index.TryGetValue(a, out var inner))
        {
            index[a] = inner = [];
        }

        if (!inner.TryGetValue(b, out var list))
        {
            inner[b] = list = [];
        }

        list.Add(c);
    }
}
