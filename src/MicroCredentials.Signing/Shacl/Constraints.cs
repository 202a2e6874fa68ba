using System.Text.RegularExpressions;
using MicroCredentials.Signing.Rdf;
using V = MicroCredentials.Signing.Shacl.ShaclVocabulary;

namespace MicroCredentials.Signing.Shacl;

/// <summary>One constraint: a constraint component with its parameter values (SHACL §4).</summary>
internal abstract class Constraint(string component)
{
    /// <summary>The local name of the component without <c>ConstraintComponent</c>, e.g. <c>MinInclusive</c>.</summary>
    protected string Kind { get; } = component;

    /// <summary>The IRI of the constraint component.</summary>
    public string Component { get; } = V.Sh + component + "ConstraintComponent";

    /// <summary>Reports each violation through <paramref name="report"/> (value node or null, generated message).</summary>
    public abstract void Evaluate(ShaclRun run, Shape shape, RdfTerm focus, IReadOnlyCollection<RdfTerm> values, Action<RdfTerm?, string, RdfTerm?> report);
}

internal sealed class ClassConstraint(RdfTerm cls) : Constraint("Class")
{
    public override void Evaluate(ShaclRun run, Shape shape, RdfTerm focus, IReadOnlyCollection<RdfTerm> values, Action<RdfTerm?, string, RdfTerm?> report)
    {
        foreach (var v in values)
        {
            if (!run.IsInstanceOf(v, cls))
            {
                report(v, $"Value is not an instance of {cls}", null);
            }
        }
    }
}

internal sealed class DatatypeConstraint(RdfTerm datatype) : Constraint("Datatype")
{
    public override void Evaluate(ShaclRun run, Shape shape, RdfTerm focus, IReadOnlyCollection<RdfTerm> values, Action<RdfTerm?, string, RdfTerm?> report)
    {
        foreach (var v in values)
        {
            if (!v.IsLiteral || v.Datatype != datatype.Value || !XsdValues.IsWellFormed(v))
            {
                report(v, $"Value does not have datatype {datatype}", null);
            }
        }
    }
}

internal sealed class NodeKindConstraint(RdfTerm kind) : Constraint("NodeKind")
{
    public override void Evaluate(ShaclRun run, Shape shape, RdfTerm focus, IReadOnlyCollection<RdfTerm> values, Action<RdfTerm?, string, RdfTerm?> report)
    {
        foreach (var v in values)
        {
            var ok = v.Kind switch
            {
                RdfTermKind.Iri => kind == V.IriKind || kind == V.BlankNodeOrIriKind || kind == V.IriOrLiteralKind,
                RdfTermKind.BlankNode => kind == V.BlankNodeKind || kind == V.BlankNodeOrIriKind || kind == V.BlankNodeOrLiteralKind,
                RdfTermKind.Literal => kind == V.LiteralKind || kind == V.BlankNodeOrLiteralKind || kind == V.IriOrLiteralKind,
                _ => false,
            };
            if (!ok)
            {
                report(v, $"Value does not have node kind {kind}", null);
            }
        }
    }
}

internal sealed class CountConstraint(bool min, int count) : Constraint(min ? "MinCount" : "MaxCount")
{
    public override void Evaluate(ShaclRun run, Shape shape, RdfTerm focus, IReadOnlyCollection<RdfTerm> values, Action<RdfTerm?, string, RdfTerm?> report)
    {
        if (min ? values.Count < count : values.Count > count)
        {
            report(null, min ? $"Less than {count} values" : $"More than {count} values", null);
        }
    }
}

internal sealed class RangeConstraint(string kind, RdfTerm bound) : Constraint(kind)
{
    public override void Evaluate(ShaclRun run, Shape shape, RdfTerm focus, IReadOnlyCollection<RdfTerm> values, Action<RdfTerm?, string, RdfTerm?> report)
    {
        foreach (var v in values)
        {
            // The constraint reads "bound op value": minInclusive holds when bound <= value.
            var cmp = XsdValues.Compare(bound, v);
            var ok = cmp is { } c && Kind switch
            {
                "MinExclusive" => c < 0,
                "MinInclusive" => c <= 0,
                "MaxExclusive" => c > 0,
                _ => c >= 0,
            };
            if (!ok)
            {
                report(v, $"Value does not satisfy {Kind} {bound}", null);
            }
        }
    }
}

internal sealed class LengthConstraint(bool min, int length) : Constraint(min ? "MinLength" : "MaxLength")
{
    public override void Evaluate(ShaclRun run, Shape shape, RdfTerm focus, IReadOnlyCollection<RdfTerm> values, Action<RdfTerm?, string, RdfTerm?> report)
    {
        foreach (var v in values)
        {
            // STRLEN counts code points, not UTF-16 units.
            var len = v.IsBlankNode ? -1 : v.Value.EnumerateRunes().Count();
            if (len < 0 || (min ? len < length : len > length))
            {
                report(v, min ? $"Value has fewer than {length} characters" : $"Value has more than {length} characters", null);
            }
        }
    }
}

internal sealed class PatternConstraint(Regex regex) : Constraint("Pattern")
{
    public override void Evaluate(ShaclRun run, Shape shape, RdfTerm focus, IReadOnlyCollection<RdfTerm> values, Action<RdfTerm?, string, RdfTerm?> report)
    {
        foreach (var v in values)
        {
            bool match;
            try
            {
                match = !v.IsBlankNode && regex.IsMatch(v.Value);
            }
            catch (RegexMatchTimeoutException)
            {
                throw new ShaclException(ShaclErrorCodes.InvalidPattern, $"sh:pattern \"{regex}\" ran past its time limit on a value of {focus}");
            }

            if (!match)
            {
                report(v, $"Value does not match pattern \"{regex}\"", null);
            }
        }
    }
}

internal sealed class LanguageInConstraint(List<string> ranges) : Constraint("LanguageIn")
{
    public override void Evaluate(ShaclRun run, Shape shape, RdfTerm focus, IReadOnlyCollection<RdfTerm> values, Action<RdfTerm?, string, RdfTerm?> report)
    {
        foreach (var v in values)
        {
            if (v.Language is not { Length: > 0 } tag || !ranges.Any(r => LangMatches(tag, r)))
            {
                report(v, $"Language tag not in [{string.Join(", ", ranges)}]", null);
            }
        }
    }

    /// <summary>SPARQL langMatches: RFC 4647 basic filtering.</summary>
    private static bool LangMatches(string tag, string range) =>
        range == "*"
        || string.Equals(tag, range, StringComparison.OrdinalIgnoreCase)
        || (tag.Length > range.Length && tag[range.Length] == '-' && tag.StartsWith(range, StringComparison.OrdinalIgnoreCase));
}

internal sealed class UniqueLangConstraint() : Constraint("UniqueLang")
{
    public override void Evaluate(ShaclRun run, Shape shape, RdfTerm focus, IReadOnlyCollection<RdfTerm> values, Action<RdfTerm?, string, RdfTerm?> report)
    {
        foreach (var group in values.Where(v => v.Language is { Length: > 0 }).GroupBy(v => v.Language!.ToLowerInvariant()))
        {
            if (group.Count() > 1)
            {
                report(null, $"Language \"{group.Key}\" used more than once", null);
            }
        }
    }
}

internal sealed class PairConstraint(string kind, RdfTerm property) : Constraint(kind)
{
    public override void Evaluate(ShaclRun run, Shape shape, RdfTerm focus, IReadOnlyCollection<RdfTerm> values, Action<RdfTerm?, string, RdfTerm?> report)
    {
        var others = run.Data.Objects(focus, property);
        switch (Kind)
        {
            case "Equals":
                foreach (var v in values.Where(v => !others.Contains(v)))
                {
                    report(v, $"Value is not a value of {property}", null);
                }

                foreach (var o in others.Where(o => !values.Contains(o)))
                {
                    report(o, $"Value of {property} is not a value node", null);
                }

                return;
            case "Disjoint":
                foreach (var v in values.Where(others.Contains))
                {
                    report(v, $"Value is also a value of {property}", null);
                }

                return;
            default:
                var orEqual = Kind == "LessThanOrEquals";
                foreach (var v in values)
                {
                    foreach (var o in others)
                    {
                        var cmp = XsdValues.Compare(v, o);
                        if (cmp is not { } c || (orEqual ? c > 0 : c >= 0))
                        {
                            report(v, $"Value is not {(orEqual ? "less than or equal to" : "less than")} {o}", null);
                        }
                    }
                }

                return;
        }
    }
}

internal sealed class LogicalConstraint(string kind, IReadOnlyList<RdfTerm> shapes) : Constraint(kind)
{
    public override void Evaluate(ShaclRun run, Shape shape, RdfTerm focus, IReadOnlyCollection<RdfTerm> values, Action<RdfTerm?, string, RdfTerm?> report)
    {
        foreach (var v in values)
        {
            var conforming = 0;
            foreach (var s in shapes)
            {
                if (run.Conforms(s, v))
                {
                    conforming++;
                }
            }

            var ok = Kind switch
            {
                "Not" => conforming == 0,
                "And" or "Node" => conforming == shapes.Count,
                "Or" => conforming > 0,
                _ => conforming == 1,
            };
            if (!ok)
            {
                var message = Kind switch
                {
                    "Not" => $"Value conforms to {shapes[0]}",
                    "Node" => $"Value does not conform to {shapes[0]}",
                    "Xone" => $"Value conforms to {conforming} of the shapes, not exactly one",
                    _ => $"Value does not conform to {(Kind == "And" ? "all" : "any")} of the shapes",
                };
                report(v, message, null);
            }
        }
    }
}

internal sealed class PropertyConstraint(RdfTerm propertyShape) : Constraint("Property")
{
    public override void Evaluate(ShaclRun run, Shape shape, RdfTerm focus, IReadOnlyCollection<RdfTerm> values, Action<RdfTerm?, string, RdfTerm?> report)
    {
        // sh:property reports the property shape's own results, not a result of its own.
        foreach (var v in values)
        {
            run.ValidateNested(propertyShape, v);
        }
    }
}

internal sealed class QualifiedConstraint(bool min, int count, RdfTerm qualifiedShape, List<RdfTerm> siblings)
    : Constraint(min ? "QualifiedMinCount" : "QualifiedMaxCount")
{
    public override void Evaluate(ShaclRun run, Shape shape, RdfTerm focus, IReadOnlyCollection<RdfTerm> values, Action<RdfTerm?, string, RdfTerm?> report)
    {
        var n = values.Count(v => run.Conforms(qualifiedShape, v) && !siblings.Any(s => run.Conforms(s, v)));
        if (min ? n < count : n > count)
        {
            report(null, min ? $"Fewer than {count} values conform to {qualifiedShape}" : $"More than {count} values conform to {qualifiedShape}", null);
        }
    }
}

internal sealed class ClosedConstraint(HashSet<RdfTerm> allowed) : Constraint("Closed")
{
    public override void Evaluate(ShaclRun run, Shape shape, RdfTerm focus, IReadOnlyCollection<RdfTerm> values, Action<RdfTerm?, string, RdfTerm?> report)
    {
        foreach (var v in values)
        {
            foreach (var (p, o) in run.Data.Outgoing(v).ToList())
            {
                if (!allowed.Contains(p))
                {
                    report(o, $"Predicate {p} is not allowed (closed shape)", p);
                }
            }
        }
    }
}

internal sealed class HasValueConstraint(RdfTerm value) : Constraint("HasValue")
{
    public override void Evaluate(ShaclRun run, Shape shape, RdfTerm focus, IReadOnlyCollection<RdfTerm> values, Action<RdfTerm?, string, RdfTerm?> report)
    {
        if (!values.Contains(value))
        {
            report(null, $"Missing expected value {value}", null);
        }
    }
}

internal sealed class InConstraint(HashSet<RdfTerm> allowed) : Constraint("In")
{
    public override void Evaluate(ShaclRun run, Shape shape, RdfTerm focus, IReadOnlyCollection<RdfTerm> values, Action<RdfTerm?, string, RdfTerm?> report)
    {
        foreach (var v in values.Where(v => !allowed.Contains(v)))
        {
            report(v, "Value is not in the sh:in list", null);
        }
    }
}
