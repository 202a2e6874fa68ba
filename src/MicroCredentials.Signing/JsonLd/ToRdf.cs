using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Rdf;
using MicroCredentials.Signing.Primitives;
using MicroCredentials.Signing.Canonicalization;

namespace MicroCredentials.Signing.JsonLd;

/// <summary>Node Map Generation (JSON-LD 1.1 API §7.2) and Deserialize JSON-LD to RDF (§8.1) over expanded JSON-LD.</summary>
internal sealed class ToRdfConverter
{
    private const string Rdf = RdfVocabulary.RdfNs;
    private const string Xsd = RdfVocabulary.XsdNs;
    private static readonly RdfTerm RdfType = RdfVocabulary.Type;
    private static readonly RdfTerm RdfFirst = RdfVocabulary.First;
    private static readonly RdfTerm RdfRest = RdfVocabulary.Rest;
    private static readonly RdfTerm RdfNil = RdfVocabulary.Nil;
    private static readonly RdfTerm RdfValue = RdfTerm.Iri(Rdf + "value");
    private static readonly RdfTerm RdfLanguage = RdfTerm.Iri(Rdf + "language");
    private static readonly RdfTerm RdfDirection = RdfTerm.Iri(Rdf + "direction");

    private readonly JsonLdOptions options;
    private readonly Dictionary<string, string> issued = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, MapNode>> nodeMap = new(StringComparer.Ordinal);
    private int counter;

    public ToRdfConverter(JsonLdOptions options) => this.options = options;

    private string Issue(string? existing)
    {
        if (existing is not null && issued.TryGetValue(existing, out var id))
        {
            return id;
        }

        id = "_:b" + counter.ToString(CultureInfo.InvariantCulture);
        counter++;
        if (existing is not null)
        {
            issued[existing] = id;
        }

        return id;
    }

    private void Unsafe(string code, string message)
    {
        if (options.SafeMode)
        {
            throw new JsonLdException(code, message);
        }
    }

    public List<Quad> Convert(JsonArray expanded, CancellationToken cancellationToken = default)
    {
        Graph("@default");
        GenerateNodeMap(expanded, "@default", null, null, null, null);

        // Quads are 128-byte structs: growing the list by doubling allocated almost three times the final array
        // (a third of toRdf's allocations on a credential), so size it from the node map up front.
        var quads = new List<Quad>(EstimateQuadCount());
        foreach (var (graphName, graph) in nodeMap)
        {
            RdfTerm graphTerm;
            if (graphName == "@default")
            {
                graphTerm = RdfTerm.DefaultGraph;
            }
            else if (Iri.IsWellFormedRdfIri(graphName))
            {
                graphTerm = Node(graphName);
            }
            else
            {
                Unsafe(JsonLdErrorCodes.SafeModeDroppedStatement, $"The graph name \"{graphName}\" is relative; the graph is dropped.");
                continue;
            }

            foreach (var (subject, node) in graph)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!Iri.IsWellFormedRdfIri(subject))
                {
                    Unsafe(JsonLdErrorCodes.SafeModeRelativeId, $"The subject \"{subject}\" is relative; its statements are dropped.");
                    continue;
                }

                var subjectTerm = Node(subject);
                if (node.Types is { } nodeTypes)
                {
                    foreach (var type in nodeTypes)
                    {
                        if (Iri.IsWellFormedRdfIri(type))
                        {
                            quads.Add(new Quad(subjectTerm, RdfType, Node(type), graphTerm));
                        }
                        else
                        {
                            Unsafe(JsonLdErrorCodes.SafeModeRelativeType, $"The type \"{type}\" of \"{subject}\" is relative; the statement is dropped.");
                        }
                    }
                }

                foreach (var (property, values) in node.Properties)
                {
                    if (property.Length > 0 && property[0] == '@')
                    {
                        continue;
                    }

                    if (Iri.IsBlankNode(property) && !options.ProduceGeneralizedRdf)
                    {
                        Unsafe(JsonLdErrorCodes.SafeModeDroppedStatement, $"The predicate \"{property}\" is a blank node; the statement is dropped.");
                        continue;
                    }

                    if (!Iri.IsWellFormedRdfIri(property))
                    {
                        Unsafe(JsonLdErrorCodes.SafeModeDroppedProperty, $"The predicate \"{property}\" is relative; the statement is dropped.");
                        continue;
                    }

                    var predicate = Node(property);
                    foreach (var item in values)
                    {
                        var obj = ObjectToRdf(item, quads, graphTerm);
                        if (obj is { } o)
                        {
                            quads.Add(new Quad(subjectTerm, predicate, o, graphTerm));
                        }
                    }
                }
            }
        }

        return quads;
    }

    /// <summary>The number of quads <see cref="Convert"/> emits when nothing is dropped (lists count their rdf:first/rest quads).</summary>
    private int EstimateQuadCount()
    {
        var count = 0;
        foreach (var graph in nodeMap.Values)
        {
            foreach (var node in graph.Values)
            {
                count += node.Types?.Count ?? 0;
                foreach (var values in node.Properties.Values)
                {
                    count += CountValues(values);
                }
            }
        }

        return count;

        static int CountValues(List<object> values)
        {
            var n = values.Count;
            foreach (var value in values)
            {
                if (value is ListValue list)
                {
                    n += list.Items.Count + CountValues(list.Items);
                }
            }

            return n;
        }
    }

    private static RdfTerm Node(string id) => Iri.IsBlankNode(id) ? RdfTerm.BlankNode(id) : RdfTerm.Iri(id);

    private RdfTerm? ObjectToRdf(object item, List<Quad> quads, RdfTerm graph)
    {
        if (item is ListValue listValue)
        {
            return ListToRdf(listValue.Items, quads, graph);
        }

        if (item is NodeRef reference)
        {
            var id = reference.Id;
            if (!Iri.IsWellFormedRdfIri(id))
            {
                Unsafe(JsonLdErrorCodes.SafeModeRelativeId, $"The object \"{id}\" is relative; the statement is dropped.");
                return null;
            }

            return Node(id);
        }

        var obj = (JsonObject)item;
        if (!obj.TryGetPropertyValue("@value", out var value))
        {
            return null;
        }

        var datatype = JsonTree.AsString(obj["@type"]);
        if (datatype is not null && datatype != "@json" && !Iri.IsWellFormedRdfIri(datatype))
        {
            Unsafe(JsonLdErrorCodes.SafeModeDroppedStatement, $"The datatype \"{datatype}\" is relative; the statement is dropped.");
            return null;
        }

        var language = JsonTree.AsString(obj["@language"]);
        if (language is not null && !Keywords.IsWellFormedLanguage(language))
        {
            Unsafe(JsonLdErrorCodes.SafeModeInvalidLanguage, $"\"{language}\" is not a well-formed language tag; the statement is dropped.");
            return null;
        }

        string lexical;
        if (datatype == "@json")
        {
            lexical = JsonCanonicalizer.Canonicalize(value);
            datatype = Rdf + "JSON";
        }
        else
        {
            var kind = JsonTree.Kind(value);
            switch (kind)
            {
                case JsonValueKind.True:
                case JsonValueKind.False:
                    lexical = kind == JsonValueKind.True ? "true" : "false";
                    datatype ??= Xsd + "boolean";
                    break;
                case JsonValueKind.Number:
                {
                    var d = JsonTree.NumberValue(value!);
                    if (d % 1 != 0 || Math.Abs(d) >= 1e21 || datatype == Xsd + "double")
                    {
                        lexical = CanonicalDouble(d);
                        datatype ??= Xsd + "double";
                    }
                    else
                    {
                        lexical = d.ToString("F0", CultureInfo.InvariantCulture);
                        if (lexical == "-0")
                        {
                            lexical = "0";
                        }

                        datatype ??= Xsd + "integer";
                    }

                    break;
                }

                default:
                    lexical = value!.GetValue<string>();
                    break;
            }
        }

        var direction = JsonTree.AsString(obj["@direction"]);
        if (direction is not null)
        {
            switch (options.RdfDirection)
            {
                case JsonLdRdfDirection.I18nDatatype:
                    return RdfTerm.Literal(lexical, "https://www.w3.org/ns/i18n#" + (language?.ToLowerInvariant() ?? string.Empty) + "_" + direction);
                case JsonLdRdfDirection.CompoundLiteral:
                {
                    var b = RdfTerm.BlankNode(Issue(null));
                    quads.Add(new Quad(b, RdfValue, RdfTerm.Literal(lexical), graph));
                    if (language is not null)
                    {
                        quads.Add(new Quad(b, RdfLanguage, RdfTerm.Literal(language.ToLowerInvariant()), graph));
                    }

                    quads.Add(new Quad(b, RdfDirection, RdfTerm.Literal(direction), graph));
                    return b;
                }

                default:
                    Unsafe(JsonLdErrorCodes.SafeModeDirectionLost, "A value has @direction but no rdfDirection option is set; the direction would be lost.");
                    break;
            }
        }

        if (language is not null && datatype is null)
        {
            return RdfTerm.Literal(lexical, null, language);
        }

        return RdfTerm.Literal(lexical, datatype ?? RdfTerm.XsdString);
    }

    private RdfTerm ListToRdf(List<object> list, List<Quad> quads, RdfTerm graph)
    {
        if (list.Count == 0)
        {
            return RdfNil;
        }

        var nodes = new RdfTerm[list.Count];
        for (var i = 0; i < nodes.Length; i++)
        {
            nodes[i] = RdfTerm.BlankNode(Issue(null));
        }

        for (var i = 0; i < nodes.Length; i++)
        {
            var obj = ObjectToRdf(list[i], quads, graph);
            if (obj is { } o)
            {
                quads.Add(new Quad(nodes[i], RdfFirst, o, graph));
            }

            quads.Add(new Quad(nodes[i], RdfRest, i + 1 < nodes.Length ? nodes[i + 1] : RdfNil, graph));
        }

        return nodes[0];
    }

    /// <summary>The xsd:double canonical form used by JSON-LD (<c>1.1E0</c>): JavaScript's <c>toExponential(15)</c>, trailing zeros trimmed.</summary>
    internal static string CanonicalDouble(double d)
    {
        var s = d.ToString("E15", CultureInfo.InvariantCulture);
        var e = s.IndexOf('E', StringComparison.Ordinal);
        var mantissa = s[..e].TrimEnd('0');
        if (mantissa.EndsWith('.'))
        {
            mantissa += "0";
        }

        var exponent = int.Parse(s[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return mantissa + "E" + exponent.ToString(CultureInfo.InvariantCulture);
    }

    // ---------------------------------------------------------------- Node Map Generation (§7.2.2)

    /// <summary>A node of the node map. Values are <see cref="JsonObject"/> value objects (shared with the expanded input, never mutated), <see cref="NodeRef"/> or <see cref="ListValue"/>.</summary>
    private sealed class MapNode(string id)
    {
        public string Id { get; } = id;

        public List<string>? Types { get; set; }

        public string? Index { get; set; }

        public Dictionary<string, ValueSet> Properties { get; } = new(StringComparer.Ordinal);

        public ValueSet Values(string property)
        {
            if (!Properties.TryGetValue(property, out var list))
            {
                list = [];
                Properties[property] = list;
            }

            return list;
        }
    }

    private sealed record NodeRef(string Id);

    /// <summary>
    /// The values of one property of one node, kept in insertion order and free of duplicates. The membership test
    /// is hashed: a node with thousands of values for one property (alignments, results) would otherwise cost a scan
    /// per value, quadratic in the credential.
    /// </summary>
    private sealed class ValueSet : List<object>
    {
        private HashSet<string>? refs;
        private Dictionary<int, List<JsonObject>>? objects;

        public void AddUnique(object value)
        {
            switch (value)
            {
                case NodeRef r:
                    if (!(refs ??= new HashSet<string>(StringComparer.Ordinal)).Add(r.Id))
                    {
                        return;
                    }

                    break;
                case JsonObject o:
                    objects ??= [];
                    var key = Shape(o);
                    if (objects.TryGetValue(key, out var bucket))
                    {
                        foreach (var existing in bucket)
                        {
                            if (JsonTree.DeepEquals(existing, o))
                            {
                                return;
                            }
                        }

                        bucket.Add(o);
                    }
                    else
                    {
                        objects[key] = [o];
                    }

                    break;
            }

            Add(value);
        }

        // Equal objects have equal shapes; the members that tell values apart are enough to spread them.
        private static int Shape(JsonObject o)
        {
            var hash = new HashCode();
            hash.Add(o.Count);
            foreach (var name in (ReadOnlySpan<string>)["@value", "@id", "@type", "@language", "@index"])
            {
                if (o.TryGetPropertyValue(name, out var member) && member is JsonValue v)
                {
                    hash.Add(name);
                    hash.Add(v.ToJsonString());
                }
            }

            return hash.ToHashCode();
        }
    }

    private sealed class ListValue
    {
        public List<object> Items { get; } = [];
    }

    private Dictionary<string, MapNode> Graph(string name)
    {
        if (!nodeMap.TryGetValue(name, out var graph))
        {
            graph = new Dictionary<string, MapNode>(StringComparer.Ordinal);
            nodeMap[name] = graph;
        }

        return graph;
    }

    private void GenerateNodeMap(JsonNode? element, string activeGraph, string? activeSubject, string? reverseSubject, string? activeProperty, List<object>? list)
    {
        if (element is JsonArray arr)
        {
            for (var i = 0; i < arr.Count; i++)
            {
                GenerateNodeMap(arr[i], activeGraph, activeSubject, reverseSubject, activeProperty, list);
            }

            return;
        }

        if (element is not JsonObject el)
        {
            return;
        }

        var graph = Graph(activeGraph);
        var subjectNode = activeSubject is not null && graph.TryGetValue(activeSubject, out var sn) ? sn : null;

        if (el.ContainsKey("@value"))
        {
            if (list is null)
            {
                // A free-floating value inside a graph object (e.g. a string under an @graph index map) has no
                // subject: nothing to generate (as jsonld.js does), never a null dereference.
                if (subjectNode is null || activeProperty is null)
                {
                    return;
                }

                AddUnique(subjectNode.Values(activeProperty), el);
            }
            else
            {
                list.Add(el);
            }

            return;
        }

        if (el.TryGetPropertyValue("@list", out var listValue))
        {
            var result = new ListValue();
            GenerateNodeMap(listValue, activeGraph, activeSubject, reverseSubject, activeProperty, result.Items);
            if (list is null)
            {
                if (subjectNode is null || activeProperty is null)
                {
                    return;
                }

                subjectNode.Values(activeProperty).Add(result);
            }
            else
            {
                list.Add(result);
            }

            return;
        }

        string id;
        if (el.TryGetPropertyValue("@id", out var idNode))
        {
            if (JsonTree.AsString(idNode) is not { } given)
            {
                return;
            }

            id = Iri.IsBlankNode(given) ? Issue(given) : given;
        }
        else
        {
            id = Issue(null);
        }

        if (!graph.TryGetValue(id, out var node))
        {
            node = new MapNode(id);
            graph[id] = node;
        }

        if (reverseSubject is not null)
        {
            AddUnique(node.Values(activeProperty!), new NodeRef(reverseSubject));
        }
        else if (activeProperty is not null)
        {
            var reference = new NodeRef(id);
            if (list is null)
            {
                AddUnique(subjectNode!.Values(activeProperty), reference);
            }
            else
            {
                list.Add(reference);
            }
        }

        if (el.TryGetPropertyValue("@type", out var types) && types is JsonArray typeArray)
        {
            var nodeTypes = node.Types ??= [];
            for (var i = 0; i < typeArray.Count; i++)
            {
                var type = typeArray[i]!.GetValue<string>();
                if (Iri.IsBlankNode(type))
                {
                    type = Issue(type);
                }

                if (!nodeTypes.Contains(type))
                {
                    nodeTypes.Add(type);
                }
            }
        }

        if (el.TryGetPropertyValue("@index", out var indexNode) && JsonTree.AsString(indexNode) is { } index)
        {
            if (node.Index is not null && node.Index != index)
            {
                throw new JsonLdException("conflicting indexes", $"The node {id} has conflicting @index values.");
            }

            node.Index = index;
        }

        if (el.TryGetPropertyValue("@reverse", out var reverse) && reverse is JsonObject reverseMap)
        {
            foreach (var kv in reverseMap)
            {
                GenerateNodeMap(kv.Value, activeGraph, null, id, kv.Key, null);
            }
        }

        if (el.TryGetPropertyValue("@graph", out var g))
        {
            Graph(id);
            GenerateNodeMap(g, id, null, null, null, null);
        }

        if (el.TryGetPropertyValue("@included", out var included))
        {
            GenerateNodeMap(included, activeGraph, null, null, null, null);
        }

        foreach (var kv in el)
        {
            var property = kv.Key;
            if (property is "@id" or "@type" or "@index" or "@reverse" or "@graph" or "@included")
            {
                continue;
            }

            if (Iri.IsBlankNode(property))
            {
                property = Issue(property);
            }

            node.Values(property);
            GenerateNodeMap(kv.Value, activeGraph, id, null, property, null);
        }
    }

    private static void AddUnique(ValueSet values, object value) => values.AddUnique(value);
}
