using System.Text;
using MicroCredentials.Signing.Rdf;

namespace MicroCredentials.Signing.Shacl;

/// <summary>A SHACL property path (SHACL §2.3.1), compiled from its RDF form.</summary>
internal abstract class ShaclPath
{
    /// <summary>The predicate when this is a predicate path, else null.</summary>
    public virtual RdfTerm? Predicate => null;

    /// <summary>Adds the nodes reachable from <paramref name="focus"/> to <paramref name="into"/>.</summary>
    public abstract void Evaluate(TripleIndex data, RdfTerm focus, HashSet<RdfTerm> into, ShaclBudget budget);

    /// <summary>SPARQL 1.1 property-path syntax, e.g. <c>^&lt;p&gt;/(&lt;q&gt;|&lt;r&gt;)*</c>.</summary>
    public abstract void Render(StringBuilder sb);

    public override string ToString()
    {
        var sb = new StringBuilder();
        Render(sb);
        return sb.ToString();
    }

    /// <summary>Reads the path at <paramref name="node"/> in the shapes graph; null with <paramref name="error"/> when ill-formed.</summary>
    public static ShaclPath? Parse(TripleIndex g, RdfTerm node, out string? error, int depth = 0)
    {
        error = null;
        if (depth > 64)
        {
            error = "property path nested deeper than 64";
            return null;
        }

        if (node.IsIri)
        {
            return new PredicatePath(node);
        }

        if (!node.IsBlankNode)
        {
            error = "a property path is an IRI or a blank node, not " + node;
            return null;
        }

        if (g.Objects(node, ShaclVocabulary.RdfFirst).Count > 0)
        {
            var items = g.List(node);
            if (items is null || items.Count < 2)
            {
                error = "a sequence path is a well-formed list of at least two paths";
                return null;
            }

            var steps = new List<ShaclPath>();
            foreach (var item in items)
            {
                var step = Parse(g, item, out error, depth + 1);
                if (step is null)
                {
                    return null;
                }

                steps.Add(step);
            }

            return new SequencePath(steps);
        }

        if (g.One(node, ShaclVocabulary.AlternativePath) is { } alt)
        {
            var items = g.List(alt);
            if (items is null || items.Count < 2)
            {
                error = "sh:alternativePath takes a well-formed list of at least two paths";
                return null;
            }

            var options = new List<ShaclPath>();
            foreach (var item in items)
            {
                var option = Parse(g, item, out error, depth + 1);
                if (option is null)
                {
                    return null;
                }

                options.Add(option);
            }

            return new AlternativePath(options);
        }

        foreach (var (predicate, kind) in new[]
                 {
                     (ShaclVocabulary.InversePath, '^'), (ShaclVocabulary.ZeroOrMorePath, '*'),
                     (ShaclVocabulary.OneOrMorePath, '+'), (ShaclVocabulary.ZeroOrOnePath, '?'),
                 })
        {
            if (g.One(node, predicate) is { } inner)
            {
                var path = Parse(g, inner, out error, depth + 1);
                return path is null ? null : new UnaryPath(kind, path);
            }
        }

        error = "blank node " + node + " is not a property path";
        return null;
    }

    private sealed class PredicatePath(RdfTerm predicate) : ShaclPath
    {
        public override RdfTerm? Predicate => predicate;

        public override void Evaluate(TripleIndex data, RdfTerm focus, HashSet<RdfTerm> into, ShaclBudget budget)
        {
            var objects = data.Objects(focus, predicate);
            budget.Charge(1 + objects.Count);
            into.UnionWith(objects);
        }

        public override void Render(StringBuilder sb) => sb.Append('<').Append(predicate.Value).Append('>');
    }

    private sealed class SequencePath(List<ShaclPath> steps) : ShaclPath
    {
        public override void Evaluate(TripleIndex data, RdfTerm focus, HashSet<RdfTerm> into, ShaclBudget budget)
        {
            var current = new HashSet<RdfTerm> { focus };
            foreach (var step in steps)
            {
                var next = new HashSet<RdfTerm>();
                foreach (var node in current)
                {
                    step.Evaluate(data, node, next, budget);
                }

                current = next;
            }

            into.UnionWith(current);
        }

        public override void Render(StringBuilder sb)
        {
            sb.Append('(');
            for (var i = 0; i < steps.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append('/');
                }

                steps[i].Render(sb);
            }

            sb.Append(')');
        }
    }

    private sealed class AlternativePath(List<ShaclPath> options) : ShaclPath
    {
        public override void Evaluate(TripleIndex data, RdfTerm focus, HashSet<RdfTerm> into, ShaclBudget budget)
        {
            foreach (var option in options)
            {
                option.Evaluate(data, focus, into, budget);
            }
        }

        public override void Render(StringBuilder sb)
        {
            sb.Append('(');
            for (var i = 0; i < options.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append('|');
                }

                options[i].Render(sb);
            }

            sb.Append(')');
        }
    }

    private sealed class UnaryPath(char kind, ShaclPath inner) : ShaclPath
    {
        public override void Evaluate(TripleIndex data, RdfTerm focus, HashSet<RdfTerm> into, ShaclBudget budget)
        {
            switch (kind)
            {
                case '^':
                    if (inner.Predicate is { } p)
                    {
                        var subjects = data.SubjectsOf(p, focus);
                        budget.Charge(1 + subjects.Count);
                        into.UnionWith(subjects);
                        return;
                    }

                    // ^(complex path): the nodes from which the inner path reaches the focus node. The focus node itself
                    // is a candidate too: ^(p*) reaches it in zero steps even when it is no subject.
                    foreach (var candidate in data.Subjects.Append(focus).Distinct().ToList())
                    {
                        var reach = new HashSet<RdfTerm>();
                        inner.Evaluate(data, candidate, reach, budget);
                        if (reach.Contains(focus))
                        {
                            into.Add(candidate);
                        }
                    }

                    return;
                case '?':
                    into.Add(focus);
                    inner.Evaluate(data, focus, into, budget);
                    return;
                default:
                    var reached = new HashSet<RdfTerm>();
                    var frontier = new Queue<RdfTerm>();
                    frontier.Enqueue(focus);
                    if (kind == '*')
                    {
                        reached.Add(focus);
                    }

                    var expanded = new HashSet<RdfTerm>();
                    while (frontier.Count > 0)
                    {
                        var node = frontier.Dequeue();
                        if (!expanded.Add(node))
                        {
                            continue;
                        }

                        var step = new HashSet<RdfTerm>();
                        inner.Evaluate(data, node, step, budget);
                        foreach (var n in step)
                        {
                            reached.Add(n);
                            if (!expanded.Contains(n))
                            {
                                frontier.Enqueue(n);
                            }
                        }
                    }

                    into.UnionWith(reached);
                    return;
            }
        }

        public override void Render(StringBuilder sb)
        {
            if (kind == '^')
            {
                sb.Append('^');
                inner.Render(sb);
                return;
            }

            sb.Append('(');
            inner.Render(sb);
            sb.Append(')').Append(kind);
        }
    }
}
