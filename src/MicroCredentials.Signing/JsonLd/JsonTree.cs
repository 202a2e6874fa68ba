using System.Text.Json;
using System.Text.Json.Nodes;

namespace MicroCredentials.Signing.JsonLd;

/// <summary>Small helpers over <see cref="JsonNode"/> used by the JSON-LD algorithms.</summary>
internal static class JsonTree
{
    /// <summary>
    /// Forces the lazy backing dictionaries/lists of a parsed tree to be built, so that concurrent readers of a
    /// shared (cached) document never race on first access.
    /// </summary>
    public static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var kv in o)
                {
                    Materialize(kv.Value);
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    Materialize(a[i]);
                }

                break;
        }
    }

    public static JsonValueKind Kind(JsonNode? node) => node is null ? JsonValueKind.Null : node.GetValueKind();

    public static bool IsString(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String;

    public static bool IsScalar(JsonNode? node)
    {
        if (node is not JsonValue v)
        {
            return false;
        }

        var k = v.GetValueKind();
        return k is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False;
    }

    public static string? AsString(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static JsonNode? Clone(JsonNode? node) => node?.DeepClone();

    /// <summary>The number of nodes in <paramref name="node"/>'s tree (itself included): what cloning it costs.</summary>
    public static int Size(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                var objectSize = 1;
                foreach (var kv in o)
                {
                    objectSize += Size(kv.Value);
                }

                return objectSize;
            case JsonArray a:
                var arraySize = 1;
                foreach (var item in a)
                {
                    arraySize += Size(item);
                }

                return arraySize;
            default:
                return 1;
        }
    }

    /// <summary>Clones unless the node is parentless and so can be attached directly.</summary>
    public static JsonNode? Adopt(JsonNode? node) => node is null ? null : node.Parent is null ? node : node.DeepClone();

    public static JsonArray AsArray(JsonNode? node)
    {
        if (node is JsonArray a)
        {
            return a;
        }

        var result = new JsonArray();
        if (node is not null)
        {
            result.Add(Adopt(node));
        }

        return result;
    }

    /// <summary>Enumerates a value as a list: an array's items, a single value, nothing for null.</summary>
    public static List<JsonNode?> Items(JsonNode? node)
    {
        var list = new List<JsonNode?>();
        if (node is JsonArray a)
        {
            for (var i = 0; i < a.Count; i++)
            {
                list.Add(a[i]);
            }
        }
        else if (node is not null)
        {
            list.Add(node);
        }

        return list;
    }

    public static void AddValue(JsonObject target, string key, JsonNode? value, bool asArray = true)
    {
        if (value is JsonArray arr)
        {
            if (!target.ContainsKey(key))
            {
                target[key] = new JsonArray();
            }

            var dest = (JsonArray)target[key]!;
            var items = arr.ToArray();
            arr.Clear();
            foreach (var item in items)
            {
                dest.Add(item);
            }

            return;
        }

        if (target.TryGetPropertyValue(key, out var existing))
        {
            if (existing is not JsonArray ea)
            {
                ea = new JsonArray();
                target.Remove(key);
                ea.Add(existing);
                target[key] = ea;
            }

            ea.Add(Adopt(value));
        }
        else if (asArray)
        {
            target[key] = new JsonArray(Adopt(value));
        }
        else
        {
            target[key] = Adopt(value);
        }
    }

    public static bool DeepEquals(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        switch (a)
        {
            case JsonObject oa:
                if (b is not JsonObject ob || oa.Count != ob.Count)
                {
                    return false;
                }

                foreach (var kv in oa)
                {
                    if (!ob.TryGetPropertyValue(kv.Key, out var bv) || !DeepEquals(kv.Value, bv))
                    {
                        return false;
                    }
                }

                return true;
            case JsonArray aa:
                if (b is not JsonArray ab || aa.Count != ab.Count)
                {
                    return false;
                }

                for (var i = 0; i < aa.Count; i++)
                {
                    if (!DeepEquals(aa[i], ab[i]))
                    {
                        return false;
                    }
                }

                return true;
            default:
                if (b is not JsonValue vb)
                {
                    return false;
                }

                var ka = a.GetValueKind();
                var kb = vb.GetValueKind();
                if (ka != kb)
                {
                    return false;
                }

                return ka switch
                {
                    JsonValueKind.String => a.GetValue<string>() == vb.GetValue<string>(),
                    JsonValueKind.Number => NumberValue(a) == NumberValue(vb),
                    _ => true,
                };
        }
    }

    public static double NumberValue(JsonNode node)
    {
        var v = (JsonValue)node;
        if (v.TryGetValue<JsonElement>(out var e))
        {
            return e.GetDouble();
        }

        if (v.TryGetValue<double>(out var d))
        {
            return d;
        }

        if (v.TryGetValue<long>(out var l))
        {
            return l;
        }

        if (v.TryGetValue<int>(out var i))
        {
            return i;
        }

        if (v.TryGetValue<decimal>(out var m))
        {
            return (double)m;
        }

        return double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
