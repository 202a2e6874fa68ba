using System.Globalization;
using System.Text.RegularExpressions;
using MicroCredentials.Signing.Rdf;
using V = MicroCredentials.Signing.Shacl.ShaclVocabulary;

namespace MicroCredentials.Signing.Shacl;

/// <summary>A compiled node or property shape: its targets, path, severity, messages and constraints.</summary>
internal sealed class Shape
{
    public required RdfTerm Node { get; init; }

    public ShaclPath? Path { get; init; }

    public bool Deactivated { get; init; }

    public required RdfTerm Severity { get; init; }

    public required IReadOnlyList<RdfTerm> Messages { get; init; }

    public required IReadOnlyList<(RdfTerm Kind, RdfTerm Value)> Targets { get; init; }

    public List<Constraint> Constraints { get; } = [];

    /// <summary>Compiles every shape of the shapes graph (SHACL §2.1: typed shapes, target subjects, shape-parameter values).</summary>
    public static Dictionary<RdfTerm, Shape> CompileAll(TripleIndex g, ShaclOptions options)
    {
        var nodes = new HashSet<RdfTerm>();
        foreach (var type in new[] { V.NodeShape, V.PropertyShape })
        {
            foreach (var s in g.SubjectsOf(V.RdfType, type))
            {
                nodes.Add(s);
            }
        }

        foreach (var target in V.Targets)
        {
            foreach (var (s, _) in g.WithPredicate(target))
            {
                nodes.Add(s);
            }
        }

        foreach (var p in V.ShapeParameters)
        {
            foreach (var (_, o) in g.WithPredicate(p))
            {
                nodes.Add(o);
            }
        }

        foreach (var p in V.ShapeListParameters)
        {
            foreach (var (_, o) in g.WithPredicate(p))
            {
                foreach (var member in g.List(o) ?? throw Ill(o, $"the value of {p} is not a well-formed list"))
                {
                    nodes.Add(member);
                }
            }
        }

        var shapes = new Dictionary<RdfTerm, Shape>();
        foreach (var node in nodes)
        {
            if (!node.IsLiteral)
            {
                shapes[node] = Compile(g, node, options);
            }
        }

        return shapes;
    }

    private static Shape Compile(TripleIndex g, RdfTerm node, ShaclOptions options)
    {
        ShaclPath? path = null;
        var pathNodes = g.Objects(node, V.Path);
        if (pathNodes.Count > 1)
        {
            throw Ill(node, "a shape has at most one sh:path");
        }

        if (pathNodes.Count == 1)
        {
            path = ShaclPath.Parse(g, pathNodes[0], out var error)
                ?? throw new ShaclException(ShaclErrorCodes.IllFormedPath, $"shape {node}: {error}");
        }

        var targets = new List<(RdfTerm, RdfTerm)>();
        foreach (var t in V.Targets)
        {
            foreach (var o in g.Objects(node, t))
            {
                targets.Add((t, o));
            }
        }

        // An implicit class target: a shape that is also an rdfs:Class targets its own instances (SHACL §2.1.3.3).
        if (g.Has(node, V.RdfType, V.RdfsClass) && node.IsIri
            && (g.Has(node, V.RdfType, V.NodeShape) || g.Has(node, V.RdfType, V.PropertyShape)))
        {
            targets.Add((V.TargetClass, node));
        }

        var shape = new Shape
        {
            Node = node,
            Path = path,
            Deactivated = g.Objects(node, V.Deactivated).Any(IsTrue),
            Severity = g.One(node, V.Severity) ?? V.Violation,
            Messages = g.Objects(node, V.Message),
            Targets = targets,
        };
        AddConstraints(g, shape, options);
        return shape;
    }

    private static void AddConstraints(TripleIndex g, Shape shape, ShaclOptions options)
    {
        var n = shape.Node;
        var c = shape.Constraints;
        var isProperty = shape.Path is not null;
        foreach (var o in g.Objects(n, V.Class))
        {
            c.Add(new ClassConstraint(o));
        }

        foreach (var o in g.Objects(n, V.Datatype))
        {
            c.Add(new DatatypeConstraint(RequireIri(n, V.Datatype, o)));
        }

        foreach (var o in g.Objects(n, V.NodeKind))
        {
            c.Add(new NodeKindConstraint(RequireIri(n, V.NodeKind, o)));
        }

        if (isProperty)
        {
            foreach (var o in g.Objects(n, V.MinCount))
            {
                c.Add(new CountConstraint(true, Integer(n, V.MinCount, o)));
            }

            foreach (var o in g.Objects(n, V.MaxCount))
            {
                c.Add(new CountConstraint(false, Integer(n, V.MaxCount, o)));
            }
        }

        foreach (var (p, kind) in new[] { (V.MinExclusive, "MinExclusive"), (V.MinInclusive, "MinInclusive"), (V.MaxExclusive, "MaxExclusive"), (V.MaxInclusive, "MaxInclusive") })
        {
            foreach (var o in g.Objects(n, p))
            {
                c.Add(new RangeConstraint(kind, o));
            }
        }

        foreach (var o in g.Objects(n, V.MinLength))
        {
            c.Add(new LengthConstraint(true, Integer(n, V.MinLength, o)));
        }

        foreach (var o in g.Objects(n, V.MaxLength))
        {
            c.Add(new LengthConstraint(false, Integer(n, V.MaxLength, o)));
        }

        var flags = g.One(n, V.Flags)?.Value ?? string.Empty;
        foreach (var o in g.Objects(n, V.Pattern))
        {
            c.Add(new PatternConstraint(BuildRegex(n, o.Value, flags, options.PatternTimeout)));
        }

        foreach (var o in g.Objects(n, V.LanguageIn))
        {
            var langs = g.List(o) ?? throw Ill(n, "sh:languageIn takes a list");
            c.Add(new LanguageInConstraint(langs.Select(l => l.Value).ToList()));
        }

        if (isProperty && g.Objects(n, V.UniqueLang).Any(IsTrue))
        {
            c.Add(new UniqueLangConstraint());
        }

        foreach (var (p, kind) in new[] { (V.EqualsP, "Equals"), (V.Disjoint, "Disjoint"), (V.LessThan, "LessThan"), (V.LessThanOrEquals, "LessThanOrEquals") })
        {
            if (!isProperty && kind.StartsWith("Less", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var o in g.Objects(n, p))
            {
                c.Add(new PairConstraint(kind, RequireIri(n, p, o)));
            }
        }

        foreach (var o in g.Objects(n, V.Not))
        {
            c.Add(new LogicalConstraint("Not", [o]));
        }

        foreach (var (p, kind) in new[] { (V.And, "And"), (V.Or, "Or"), (V.Xone, "Xone") })
        {
            foreach (var o in g.Objects(n, p))
            {
                c.Add(new LogicalConstraint(kind, g.List(o) ?? throw Ill(n, $"{p} takes a list of shapes")));
            }
        }

        foreach (var o in g.Objects(n, V.Node))
        {
            c.Add(new LogicalConstraint("Node", [o]));
        }

        foreach (var o in g.Objects(n, V.Property))
        {
            c.Add(new PropertyConstraint(o));
        }

        if (isProperty)
        {
            var min = g.One(n, V.QualifiedMinCount) is { } mi ? Integer(n, V.QualifiedMinCount, mi) : (int?)null;
            var max = g.One(n, V.QualifiedMaxCount) is { } ma ? Integer(n, V.QualifiedMaxCount, ma) : (int?)null;
            var disjoint = g.Objects(n, V.QualifiedValueShapesDisjoint).Any(IsTrue);
            foreach (var o in g.Objects(n, V.QualifiedValueShape))
            {
                var siblings = new List<RdfTerm>();
                if (disjoint)
                {
                    // Sibling shapes: the qualified value shapes of the other property shapes of every parent of this one.
                    foreach (var parent in g.SubjectsOf(V.Property, n))
                    {
                        foreach (var sibling in g.Objects(parent, V.Property))
                        {
                            siblings.AddRange(g.Objects(sibling, V.QualifiedValueShape).Where(q => q != o));
                        }
                    }
                }

                if (min is not null)
                {
                    c.Add(new QualifiedConstraint(true, min.Value, o, siblings));
                }

                if (max is not null)
                {
                    c.Add(new QualifiedConstraint(false, max.Value, o, siblings));
                }
            }
        }

        if (g.Objects(n, V.Closed).Any(IsTrue))
        {
            var allowed = new HashSet<RdfTerm>();
            foreach (var property in g.Objects(n, V.Property))
            {
                foreach (var p in g.Objects(property, V.Path).Where(p => p.IsIri))
                {
                    allowed.Add(p);
                }
            }

            foreach (var list in g.Objects(n, V.IgnoredProperties))
            {
                allowed.UnionWith(g.List(list) ?? throw Ill(n, "sh:ignoredProperties takes a list"));
            }

            c.Add(new ClosedConstraint(allowed));
        }

        foreach (var o in g.Objects(n, V.HasValue))
        {
            c.Add(new HasValueConstraint(o));
        }

        foreach (var o in g.Objects(n, V.In))
        {
            c.Add(new InConstraint([.. g.List(o) ?? throw Ill(n, "sh:in takes a list")]));
        }
    }

    // Only the literal true switches a boolean parameter on: the suite (property/uniqueLang-002) reads "1"^^xsd:boolean as
    // a different term, so the parameter is then ignored.
    internal static bool IsTrue(RdfTerm t) => t == RdfTerm.Literal("true", V.Xsd + "boolean");

    private static ShaclException Ill(RdfTerm shape, string message) => new(ShaclErrorCodes.IllFormedShape, $"shape {shape}: {message}");

    private static RdfTerm RequireIri(RdfTerm shape, RdfTerm parameter, RdfTerm value) =>
        value.IsIri ? value : throw Ill(shape, $"{parameter} takes an IRI, not {value}");

    private static int Integer(RdfTerm shape, RdfTerm parameter, RdfTerm value) =>
        value.IsLiteral && int.TryParse(value.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) && i >= 0
            ? i
            : throw Ill(shape, $"{parameter} takes a non-negative xsd:integer, not {value}");

    private static Regex BuildRegex(RdfTerm shape, string pattern, string flags, TimeSpan timeout)
    {
        var options = RegexOptions.CultureInvariant;
        foreach (var f in flags)
        {
            options |= f switch
            {
                'i' => RegexOptions.IgnoreCase,
                'm' => RegexOptions.Multiline,
                's' => RegexOptions.Singleline,
                'x' => RegexOptions.IgnorePatternWhitespace,
                'q' => RegexOptions.None,
                _ => throw new ShaclException(ShaclErrorCodes.InvalidPattern, $"shape {shape}: unknown sh:flags letter '{f}'"),
            };
        }

        if (flags.Contains('q', StringComparison.Ordinal))
        {
            pattern = Regex.Escape(pattern);
        }

        try
        {
            return new Regex(pattern, options, timeout);
        }
        catch (ArgumentException ex)
        {
            throw new ShaclException(ShaclErrorCodes.InvalidPattern, $"shape {shape}: sh:pattern \"{pattern}\" is not a valid regular expression ({ex.Message})");
        }
    }
}
