using MicroCredentials.Signing.Rdf;
using V = MicroCredentials.Signing.Shacl.ShaclVocabulary;

namespace MicroCredentials.Signing.Shacl;

/// <summary>
/// A SHACL Core validator (W3C Recommendation 2017-07-20) for one compiled shapes graph. Immutable and thread-safe:
/// compile once, validate many data graphs. SHACL-SPARQL is not supported.
/// </summary>
public sealed class ShaclValidator
{
    private readonly Dictionary<RdfTerm, Shape> shapes;
    private readonly ShaclOptions options;

    private ShaclValidator(Dictionary<RdfTerm, Shape> shapes, ShaclOptions options)
    {
        this.shapes = shapes;
        this.options = options;
    }

    /// <summary>The number of shapes compiled from the shapes graph.</summary>
    public int ShapeCount => shapes.Count;

    /// <summary>Compiles a shapes graph (graph names are ignored).</summary>
    /// <param name="shapesGraph">The triples of the shapes graph, e.g. from <see cref="Turtle.Parse"/>.</param>
    /// <param name="options">Work and pattern-time limits; <see cref="ShaclOptions.Default"/> when null.</param>
    /// <returns>The validator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="shapesGraph"/> is null.</exception>
    /// <exception cref="ShaclException">A shape is ill-formed (<see cref="ShaclErrorCodes"/>).</exception>
    public static ShaclValidator Create(IEnumerable<Quad> shapesGraph, ShaclOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(shapesGraph);
        options ??= ShaclOptions.Default;
        return new ShaclValidator(Shape.CompileAll(new TripleIndex(shapesGraph), options), options);
    }

    /// <summary>Validates a data graph (graph names are ignored; <c>rdfs:subClassOf</c> triples in it are honoured).</summary>
    /// <param name="dataGraph">The triples of the data graph.</param>
    /// <param name="cancellationToken">Observed between units of work.</param>
    /// <returns>The report; non-conforming data is a report with results, not an exception.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dataGraph"/> is null.</exception>
    /// <exception cref="ShaclException">The validation exceeded <see cref="ShaclOptions.MaxWork"/>, or a pattern timed out.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ShaclValidationReport Validate(IEnumerable<Quad> dataGraph, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataGraph);
        var run = new ShaclRun(new TripleIndex(dataGraph), shapes, new ShaclBudget(options.MaxWork, cancellationToken));
        foreach (var shape in shapes.Values)
        {
            if (shape.Deactivated || shape.Targets.Count == 0)
            {
                continue;
            }

            foreach (var focus in run.FocusNodes(shape))
            {
                run.Validate(shape, focus, run.Results);
            }
        }

        return new ShaclValidationReport(run.Results);
    }
}

/// <summary>The state of one validation: the data, the results so far, the conformance cache and the recursion guard.</summary>
internal sealed class ShaclRun(TripleIndex data, Dictionary<RdfTerm, Shape> shapes, ShaclBudget budget)
{
    private readonly Dictionary<(RdfTerm Shape, RdfTerm Focus), bool> conformance = [];
    private readonly HashSet<(RdfTerm Shape, RdfTerm Focus)> active = [];
    private readonly Dictionary<RdfTerm, HashSet<RdfTerm>> superClasses = [];
    private List<ShaclValidationResult> sink = [];

    public TripleIndex Data { get; } = data;

    public List<ShaclValidationResult> Results { get; } = [];

    public IEnumerable<RdfTerm> FocusNodes(Shape shape)
    {
        var seen = new HashSet<RdfTerm>();
        foreach (var (kind, value) in shape.Targets)
        {
            IEnumerable<RdfTerm> nodes =
                kind == V.TargetNode ? [value]
                : kind == V.TargetClass ? InstancesOf(value)
                : kind == V.TargetSubjectsOf ? Data.WithPredicate(value).Select(t => t.Subject)
                : Data.WithPredicate(value).Select(t => t.Object);
            foreach (var n in nodes)
            {
                budget.Charge(1);
                if (seen.Add(n))
                {
                    yield return n;
                }
            }
        }
    }

    /// <summary>True when <paramref name="node"/> has an rdf:type that is <paramref name="cls"/> or one of its subclasses.</summary>
    public bool IsInstanceOf(RdfTerm node, RdfTerm cls)
    {
        foreach (var type in Data.Objects(node, V.RdfType))
        {
            if (SuperClasses(type).Contains(cls))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Validates <paramref name="shapeNode"/> on <paramref name="focus"/> for sh:property, adding its results to the current sink.</summary>
    public void ValidateNested(RdfTerm shapeNode, RdfTerm focus)
    {
        if (shapes.TryGetValue(shapeNode, out var shape))
        {
            Validate(shape, focus, sink);
        }
    }

    /// <summary>Conformance checking (SHACL §3.3.1): whether validating the shape on the node yields no result.</summary>
    public bool Conforms(RdfTerm shapeNode, RdfTerm focus)
    {
        if (!shapes.TryGetValue(shapeNode, out var shape))
        {
            return true;
        }

        if (conformance.TryGetValue((shapeNode, focus), out var known))
        {
            return known;
        }

        // A recursive shape reached again for the same node is taken to conform: SHACL leaves recursion undefined, and
        // this choice terminates without inventing violations.
        if (active.Contains((shapeNode, focus)))
        {
            return true;
        }

        var results = new List<ShaclValidationResult>();
        Validate(shape, focus, results);
        var conforms = results.Count == 0;
        conformance[(shapeNode, focus)] = conforms;
        return conforms;
    }

    public void Validate(Shape shape, RdfTerm focus, List<ShaclValidationResult> into)
    {
        if (shape.Deactivated || !active.Add((shape.Node, focus)))
        {
            return;
        }

        var outer = sink;
        sink = into;
        try
        {
            budget.Charge(1);
            IReadOnlyCollection<RdfTerm> values;
            string? path = null;
            if (shape.Path is { } p)
            {
                var set = new HashSet<RdfTerm>();
                p.Evaluate(Data, focus, set, budget);
                values = set;
                path = p.ToString();
            }
            else
            {
                values = [focus];
            }

            foreach (var constraint in shape.Constraints)
            {
                constraint.Evaluate(this, shape, focus, values, (value, message, overridePath) =>
                {
                    into.Add(new ShaclValidationResult(
                        focus,
                        overridePath is { } op ? "<" + op.Value + ">" : path,
                        value,
                        shape.Node,
                        constraint.Component,
                        shape.Severity.Value,
                        shape.Messages.Count > 0 ? shape.Messages : [RdfTerm.Literal(message)]));
                });
            }
        }
        finally
        {
            sink = outer;
            active.Remove((shape.Node, focus));
        }
    }

    private IEnumerable<RdfTerm> InstancesOf(RdfTerm cls)
    {
        // Instances of cls and of every class below it through rdfs:subClassOf in the data graph.
        var classes = new HashSet<RdfTerm> { cls };
        var queue = new Queue<RdfTerm>();
        queue.Enqueue(cls);
        while (queue.Count > 0)
        {
            foreach (var sub in Data.SubjectsOf(V.RdfsSubClassOf, queue.Dequeue()))
            {
                budget.Charge(1);
                if (classes.Add(sub))
                {
                    queue.Enqueue(sub);
                }
            }
        }

        return classes.SelectMany(c => Data.SubjectsOf(V.RdfType, c));
    }

    private HashSet<RdfTerm> SuperClasses(RdfTerm type)
    {
        if (superClasses.TryGetValue(type, out var known))
        {
            return known;
        }

        var set = new HashSet<RdfTerm> { type };
        var queue = new Queue<RdfTerm>();
        queue.Enqueue(type);
        while (queue.Count > 0)
        {
            foreach (var super in Data.Objects(queue.Dequeue(), V.RdfsSubClassOf))
            {
                budget.Charge(1);
                if (set.Add(super))
                {
                    queue.Enqueue(super);
                }
            }
        }

        superClasses[type] = set;
        return set;
    }
}
