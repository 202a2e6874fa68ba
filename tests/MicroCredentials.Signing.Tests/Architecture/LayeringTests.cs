using System.Text.RegularExpressions;
using MicroCredentials.Signing.Tests.Support;
using Mono.Cecil;
using Xunit;

namespace MicroCredentials.Signing.Tests.Architecture;

/// <summary>
/// The core's namespaces only point down (docs/architecture.md, "Layers"). The layer table is read from the doc, so
/// the doc and the rule cannot drift apart; the references are read from the IL, so a fully qualified name or a
/// method body cannot hide an upward edge the way it can from a grep over <c>using</c> directives.
/// </summary>
public sealed partial class LayeringTests
{
    private const string Root = "MicroCredentials.Signing";

    [Fact]
    public void Every_core_namespace_uses_only_lower_layers()
    {
        var layers = ReadLayers();
        var edges = ReadEdges(typeof(MicroCredentialsException).Assembly.Location);

        var violations = Violations(edges.Keys, layers)
            .Select(v => $"{v.From} → {v.To} ({v.Reason}), e.g. {edges[(v.From, v.To)]}")
            .ToList();

        Assert.True(violations.Count == 0, "Layering violations:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void The_layer_table_names_every_namespace_of_the_core()
    {
        var layers = ReadLayers();
        var capabilities = typeof(MicroCredentialsException).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith(Root, StringComparison.Ordinal) == true)
            .Select(t => Capability(t.Namespace!))
            .Distinct()
            .ToList();

        var missing = capabilities.Where(c => !layers.ContainsKey(c)).ToList();
        var stale = layers.Keys.Where(c => !capabilities.Contains(c)).ToList();
        Assert.True(missing.Count == 0, "namespaces missing from docs/architecture.md: " + string.Join(", ", missing));
        Assert.True(stale.Count == 0, "docs/architecture.md names namespaces the core does not have: " + string.Join(", ", stale));
    }

    [Theory]
    // The cycles and upward edges this layout removed: the rule must still catch each one if it came back.
    [InlineData("Rdf", "Canonicalization")]
    [InlineData("Json", "Canonicalization")]
    [InlineData("Keys", "Dids")]
    [InlineData("Rdf", "JsonLd")]
    [InlineData("Status", "Verification")]
    // Siblings in one layer stay independent.
    [InlineData("DataIntegrity", "Jose")]
    [InlineData("Issuance", "Presentations")]
    public void The_rule_refuses_upward_and_sideways_edges(string from, string to)
    {
        var violation = Assert.Single(Violations([(from, to)], ReadLayers()));
        Assert.Equal((from, to), (violation.From, violation.To));
    }

    [Theory]
    [InlineData("Verification", "Status")]
    [InlineData("Canonicalization", "Rdf")]
    [InlineData("Dids", "Keys")]
    [InlineData("Json", "(root)")]
    public void The_rule_allows_downward_edges(string from, string to)
    {
        Assert.Empty(Violations([(from, to)], ReadLayers()));
    }

    [Fact]
    public void The_IL_reader_sees_references_inside_method_bodies()
    {
        // Verification's checks call the status checkers from method bodies only; if the reader missed bodies, the
        // main test would pass vacuously.
        var edges = ReadEdges(typeof(MicroCredentialsException).Assembly.Location);
        Assert.Contains(("Verification", "Status"), edges.Keys);
        Assert.Contains(("Canonicalization", "Rdf"), edges.Keys);
        Assert.Contains(("Dids", "Keys"), edges.Keys);
    }

    internal static IEnumerable<(string From, string To, string Reason)> Violations(IEnumerable<(string From, string To)> edges, IReadOnlyDictionary<string, int> layers)
    {
        foreach (var (from, to) in edges)
        {
            if (from == to)
            {
                continue;
            }

            if (!layers.TryGetValue(from, out var a) || !layers.TryGetValue(to, out var b))
            {
                yield return (from, to, "namespace missing from the layer table");
            }
            else if (b > a)
            {
                yield return (from, to, $"layer {a} uses layer {b}");
            }
            else if (b == a)
            {
                yield return (from, to, $"siblings in layer {a}");
            }
        }
    }

    internal static Dictionary<string, int> ReadLayers()
    {
        var doc = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "architecture.md"));
        var layers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match row in LayerRow().Matches(doc))
        {
            var layer = int.Parse(row.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            foreach (Match name in Backticked().Matches(row.Groups[2].Value))
            {
                layers.Add(name.Groups[1].Value, layer);
            }
        }

        Assert.True(layers.Count > 10, "docs/architecture.md has no layer table");
        return layers;
    }

    private static string Capability(string ns) =>
        ns == Root ? "(root)" : ns[(Root.Length + 1)..].Split('.')[0];

    /// <summary>Every capability-to-capability reference in the assembly, with one example type for the message.</summary>
    private static Dictionary<(string From, string To), string> ReadEdges(string assemblyPath)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        var edges = new Dictionary<(string, string), string>();
        foreach (var type in module.GetTypes())
        {
            var ns = TopLevel(type).Namespace;
            if (!ns.StartsWith(Root, StringComparison.Ordinal))
            {
                continue;
            }

            var from = Capability(ns);
            foreach (var reference in References(type))
            {
                foreach (var named in Flatten(reference))
                {
                    var target = TopLevel(named).Namespace;
                    if (target.StartsWith(Root, StringComparison.Ordinal) && (target.Length == Root.Length || target[Root.Length] == '.'))
                    {
                        edges.TryAdd((from, Capability(target)), $"{type.FullName} uses {named.FullName}");
                    }
                }
            }
        }

        return edges;
    }

    private static TypeReference TopLevel(TypeReference type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type;
    }

    private static IEnumerable<TypeReference> Flatten(TypeReference type)
    {
        switch (type)
        {
            case GenericInstanceType generic:
                foreach (var t in Flatten(generic.ElementType).Concat(generic.GenericArguments.SelectMany(Flatten)))
                {
                    yield return t;
                }

                break;
            case TypeSpecification spec:
                foreach (var t in Flatten(spec.ElementType))
                {
                    yield return t;
                }

                break;
            case GenericParameter:
                break;
            default:
                yield return type;
                break;
        }
    }

    private static IEnumerable<TypeReference> References(TypeDefinition type)
    {
        if (type.BaseType is not null)
        {
            yield return type.BaseType;
        }

        foreach (var i in type.Interfaces)
        {
            yield return i.InterfaceType;
        }

        foreach (var t in Attributes(type).Concat(Constraints(type)))
        {
            yield return t;
        }

        foreach (var field in type.Fields)
        {
            yield return field.FieldType;
            foreach (var t in Attributes(field))
            {
                yield return t;
            }
        }

        foreach (var property in type.Properties)
        {
            yield return property.PropertyType;
        }

        foreach (var e in type.Events)
        {
            yield return e.EventType;
        }

        foreach (var method in type.Methods)
        {
            foreach (var t in MethodReferences(method))
            {
                yield return t;
            }
        }
    }

    private static IEnumerable<TypeReference> MethodReferences(MethodDefinition method)
    {
        yield return method.ReturnType;
        foreach (var p in method.Parameters)
        {
            yield return p.ParameterType;
        }

        foreach (var t in Attributes(method).Concat(Constraints(method)))
        {
            yield return t;
        }

        if (!method.HasBody)
        {
            yield break;
        }

        foreach (var v in method.Body.Variables)
        {
            yield return v.VariableType;
        }

        foreach (var handler in method.Body.ExceptionHandlers)
        {
            if (handler.CatchType is not null)
            {
                yield return handler.CatchType;
            }
        }

        foreach (var instruction in method.Body.Instructions)
        {
            switch (instruction.Operand)
            {
                case TypeReference t:
                    yield return t;
                    break;
                case MethodReference m:
                    yield return m.DeclaringType;
                    yield return m.ReturnType;
                    foreach (var p in m.Parameters)
                    {
                        yield return p.ParameterType;
                    }

                    if (m is GenericInstanceMethod gm)
                    {
                        foreach (var a in gm.GenericArguments)
                        {
                            yield return a;
                        }
                    }

                    break;
                case FieldReference f:
                    yield return f.DeclaringType;
                    yield return f.FieldType;
                    break;
                default:
                    break;
            }
        }
    }

    private static IEnumerable<TypeReference> Attributes(ICustomAttributeProvider provider) =>
        provider.CustomAttributes.Select(a => a.AttributeType);

    private static IEnumerable<TypeReference> Constraints(IGenericParameterProvider provider) =>
        provider.GenericParameters.SelectMany(p => p.Constraints).Select(c => c.ConstraintType);

    [GeneratedRegex(@"^\| (\d+) \| ([^|]+) \|", RegexOptions.Multiline)]
    private static partial Regex LayerRow();

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex Backticked();
}
