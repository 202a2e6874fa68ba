using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Rdf;

namespace MicroCredentials.Signing.JsonLd;

/// <summary>Node Map Generation (JSON-LD 1.1 API §7.2) and Deserialize JSON-LD to RDF (§8.1) over expanded JSON-LD.</summary>
internal sealed class ToRdfConverter
{
    private const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private const string Xsd = "http://www.w3.org/2001/XMLSchema#";
    private static readonly RdfTerm RdfType = RdfTerm.Iri(Rdf + "type");
    private static readonly RdfTerm RdfFirst = RdfTerm.Iri(Rdf + "first");
    private static readonly RdfTerm RdfRest = RdfTerm.Iri(Rdf + "rest");
    private static readonly RdfTerm RdfNil = RdfTerm.Iri(Rdf + "nil");
    private static readonly RdfTerm RdfValue = RdfTerm.Iri(Rdf + "value");
    private static readonly RdfTerm RdfLanguage = RdfTerm.Iri(Rdf + "language");
    private static readonly RdfTerm RdfDirection = RdfTerm.Iri(Rdf + "direction");

    private readonly JsonLdOptions options;
    private readonly Dictionary<string, string> issued = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, JsonObject>> nodeMap = new(StringComparer.Ordinal);
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

    public List<Quad> Convert(JsonArray expanded)
    {
        nodeMap["@default"] = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        GenerateNodeMap(expanded, "@default", null, null, null, null);
        var quads = new List<Quad>();
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
                if (!Iri.IsWellFormedRdfIri(subject))
                {
                    Unsafe(JsonLdErrorCodes.SafeModeRelativeId, $"The subject \"{subject}\" is relative; its statements are dropped.");
                    continue;
                }

                var subjectTerm = Node(subject);
                foreach (var kv in node)
                {
                    var property = kv.Key;
                    if (property == "@type")
                    {
                        foreach (var t in (JsonArray)kv.Value!)
                        {
                            var type = t!.GetValue<string>();
                            if (Iri.IsWellFormedRdfIri(type))
                            {
                                quads.Add(new Quad(subjectTerm, RdfType, Node(type), graphTerm));
                            }
                            else
                            {
                                Unsafe(JsonLdErrorCodes.SafeModeRelativeType, $"The type \"{type}\" of \"{subject}\" is relative; the statement is dropped.");
                            }
                        }

                        continue;
                    }

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
                    foreach (var item in (JsonArray)kv.Value!)
                    {
                        var obj = ObjectToRdf(item!, quads, graphTerm);
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

    private static RdfTerm Node(string id) => Iri.IsBlankNode(id) ? RdfTerm.BlankNode(id) : RdfTerm.Iri(id);

    private RdfTerm? ObjectToRdf(JsonNode item, List<Quad> quads, RdfTerm graph)
    {
        var obj = (JsonObject)item;
        if (obj.TryGetPropertyValue("@id", out var idNode))
        {
            var id = idNode!.GetValue<string>();
            if (!Iri.IsWellFormedRdfIri(id))
            {
                Unsafe(JsonLdErrorCodes.SafeModeRelativeId, $"The object \"{id}\" is relative; the statement is dropped.");
                return null;
            }

            return Node(id);
        }

        if (obj.TryGetPropertyValue("@list", out var list))
        {
            return ListToRdf((JsonArray)list!, quads, graph);
        }

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
            lexical = Json.JsonCanonicalizer.Canonicalize(value);
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

    private RdfTerm ListToRdf(JsonArray list, List<Quad> quads, RdfTerm graph)
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
            var obj = ObjectToRdf(list[i]!, quads, graph);
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

    private void GenerateNodeMap(JsonNode? element, string activeGraph, string? activeSubject, JsonObject? reverseSubject, string? activeProperty, JsonArray? list)
    {
        if (element is JsonArray arr)
        {
            foreach (var item in arr)
            {
                GenerateNodeMap(item, activeGraph, activeSubject, reverseSubject, activeProperty, list);
            }

            return;
        }

        if (element is not JsonObject el)
        {
            return;
        }

        if (!nodeMap.TryGetValue(activeGraph, out var graph))
        {
            graph = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            nodeMap[activeGraph] = graph;
        }

        JsonObject? subjectNode = activeSubject is not null && graph.TryGetValue(activeSubject, out var sn) ? sn : null;

        if (el.ContainsKey("@value"))
        {
            var copy = el.DeepClone();
            if (list is null)
            {
                AddUnique(subjectNode!, activeProperty!, copy);
            }
            else
            {
                list.Add(copy);
            }

            return;
        }

        if (el.TryGetPropertyValue("@list", out var listValue))
        {
            var result = new JsonObject { ["@list"] = new JsonArray() };
            GenerateNodeMap(listValue, activeGraph, activeSubject, reverseSubject, activeProperty, (JsonArray)result["@list"]!);
            if (list is null)
            {
                Append(subjectNode!, activeProperty!, result);
            }
            else
            {
                list.Add(result);
            }

            return;
        }

        string id;
        if (el.TryGetPropertyValue("@id", out var idNode) && JsonTree.AsString(idNode) is { } given)
        {
            id = Iri.IsBlankNode(given) ? Issue(given) : given;
        }
        else if (el.ContainsKey("@id"))
        {
            return;
        }
        else
        {
            id = Issue(null);
        }

        if (!graph.TryGetValue(id, out var node))
        {
            node = new JsonObject { ["@id"] = id };
            graph[id] = node;
        }

        if (reverseSubject is not null)
        {
            AddUnique(node, activeProperty!, reverseSubject.DeepClone());
        }
        else if (activeProperty is not null)
        {
            var reference = new JsonObject { ["@id"] = id };
            if (list is null)
            {
                AddUnique(subjectNode!, activeProperty, reference);
            }
            else
            {
                list.Add(reference);
            }
        }

        if (el.TryGetPropertyValue("@type", out var types))
        {
            foreach (var t in (JsonArray)types!)
            {
                var type = t!.GetValue<string>();
                if (Iri.IsBlankNode(type))
                {
                    type = Issue(type);
                }

                AddUnique(node, "@type", JsonValue.Create(type));
            }
        }

        if (el.TryGetPropertyValue("@index", out var index))
        {
            if (node.TryGetPropertyValue("@index", out var existing) && !JsonTree.DeepEquals(existing, index))
            {
                throw new JsonLdException("conflicting indexes", $"The node {id} has conflicting @index values.");
            }

            node["@index"] = index!.DeepClone();
        }

        if (el.TryGetPropertyValue("@reverse", out var reverse) && reverse is JsonObject reverseMap)
        {
            var referenced = new JsonObject { ["@id"] = id };
            foreach (var kv in reverseMap)
            {
                foreach (var value in (JsonArray)kv.Value!)
                {
                    GenerateNodeMap(value, activeGraph, null, referenced, kv.Key, null);
                }
            }
        }

        if (el.TryGetPropertyValue("@graph", out var g))
        {
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

            if (!node.ContainsKey(property))
            {
                node[property] = new JsonArray();
            }

            GenerateNodeMap(kv.Value, activeGraph, id, null, property, null);
        }
    }

    private static void Append(JsonObject node, string property, JsonNode value)
    {
        if (!node.TryGetPropertyValue(property, out var existing) || existing is not JsonArray arr)
        {
            arr = new JsonArray();
            node[property] = arr;
        }

        arr.Add(value);
    }

    private static void AddUnique(JsonObject node, string property, JsonNode value)
    {
        if (!node.TryGetPropertyValue(property, out var existing) || existing is not JsonArray arr)
        {
            arr = new JsonArray();
            node[property] = arr;
        }

        foreach (var v in arr)
        {
            if (JsonTree.DeepEquals(v, value))
            {
                return;
            }
        }

        arr.Add(value);
    }
}
