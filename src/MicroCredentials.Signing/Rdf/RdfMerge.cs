using System.Globalization;

namespace MicroCredentials.Signing.Rdf;

/// <summary>The RDF merge of graphs read separately (RDF 1.1 Semantics §4.1).</summary>
internal static class RdfMerge
{
    /// <summary>
    /// Merges graphs whose blank nodes are scoped to their own document: the blank nodes of input <c>i</c> are relabelled
    /// <c>m{i}.{label}</c>, so two files that both use <c>_:b0</c> or <c>[]</c> do not share a node. IRIs and literals
    /// are left alone, so the inputs still meet there. Quads keep their graph names.
    /// </summary>
    /// <param name="graphs">The graphs, each as read from one document.</param>
    /// <returns>The merged quads, in input order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="graphs"/> is null.</exception>
    public static IReadOnlyList<Quad> Merge(IEnumerable<IReadOnlyList<Quad>> graphs)
    {
        ArgumentNullException.ThrowIfNull(graphs);
        var merged = new List<Quad>();
        var index = 0;
        foreach (var graph in graphs)
        {
            var prefix = "m" + index.ToString(CultureInfo.InvariantCulture) + ".";
            foreach (var q in graph)
            {
                merged.Add(new Quad(Scope(q.Subject, prefix), q.Predicate, Scope(q.Object, prefix), Scope(q.Graph, prefix)));
            }

            index++;
        }

        return merged;
    }

    private static RdfTerm Scope(RdfTerm term, string prefix) => term.IsBlankNode ? RdfTerm.BlankNode(prefix + term.Value) : term;
}
