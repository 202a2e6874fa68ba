using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MicroCredentials.Signing.Schemas;

/// <summary>
/// A small JSON Schema (2019-09 subset) evaluator over System.Text.Json nodes. It supplements NJsonSchema: it walks
/// the whole schema (so it can reach keywords nested under <c>$ref</c>, <c>items</c>, <c>oneOf</c>…) but reports only
/// the keywords in <see cref="reported"/> (the ones NJsonSchema is shown not to enforce) and the combinators whose
/// outcome depends on them. Unknown keywords make the schema unusable (<see cref="SupportedKeywords"/>), so nothing is
/// silently ignored.
/// </summary>
internal sealed class SchemaWalker
{
    /// <summary>Keywords this walker evaluates or knows to be annotations.</summary>
    public static readonly IReadOnlySet<string> SupportedKeywords = new HashSet<string>(StringComparer.Ordinal)
    {
        "$schema", "$id", "$comment", "title", "description", "$defs", "definitions", "examples", "default",
        "type", "enum", "const", "required", "properties", "additionalProperties", "items", "additionalItems",
        "minItems", "maxItems", "contains", "pattern", "format", "minLength", "maxLength", "minimum", "maximum",
        "exclusiveMinimum", "exclusiveMaximum", "oneOf", "anyOf", "allOf", "not", "$ref",
    };

    private readonly JsonNode root;
    private readonly IReadOnlySet<string> reported;
    private readonly ConcurrentDictionary<string, Regex> patterns = new(StringComparer.Ordinal);

    public SchemaWalker(JsonNode root, IReadOnlySet<string> reported)
    {
        this.root = root;
        this.reported = reported;
    }

    /// <summary>Evaluates <paramref name="instance"/>; adds reportable errors to <paramref name="errors"/> (when not null); returns full validity.</summary>
    public bool Evaluate(JsonNode? schema, JsonNode? instance, string path, List<SchemaError>? errors, int depth = 0)
    {
        if (depth > 64)
        {
            throw new InvalidOperationException("schema nesting too deep (recursive $ref?)");
        }

        switch (schema)
        {
            case JsonValue b when b.GetValueKind() == JsonValueKind.True:
                return true;
            case JsonValue b when b.GetValueKind() == JsonValueKind.False:
                Report(errors, path, "false", "no value is allowed here");
                return false;
            case not JsonObject:
                return true;
        }

        var s = (JsonObject)schema;
        var valid = true;
        foreach (var (keyword, value) in s)
        {
            if (!SupportedKeywords.Contains(keyword))
            {
                throw new NotSupportedException($"JSON Schema keyword '{keyword}' is not supported");
            }

            valid &= keyword switch
            {
                "$ref" => Evaluate(Resolve((string)value!), instance, path, errors, depth + 1),
                "type" => Check(errors, path, keyword, TypeMatches(value!, instance), () => $"expected type {value!.ToJsonString()}"),
                "enum" => Check(errors, path, keyword, value!.AsArray().Any(v => JsonNode.DeepEquals(v, instance)), () => $"value not in {value!.ToJsonString()}"),
                "const" => Check(errors, path, keyword, JsonNode.DeepEquals(value, instance), () => $"value must be {value?.ToJsonString()}"),
                "required" => Required(value!.AsArray(), instance, path, errors),
                "properties" => Properties(value!.AsObject(), instance, path, errors, depth),
                "additionalProperties" => AdditionalProperties(s, value, instance, path, errors, depth),
                "items" => Items(value!, instance, path, errors, depth),
                "additionalItems" => AdditionalItems(s, value, instance, path, errors, depth),
                "minItems" => Check(errors, path, keyword, instance is not JsonArray a || a.Count >= (int)value!, () => $"at least {value} items required"),
                "maxItems" => Check(errors, path, keyword, instance is not JsonArray a || a.Count <= (int)value!, () => $"at most {value} items allowed"),
                "contains" => Check(errors, path, keyword, instance is not JsonArray a || a.Any(item => Evaluate(value, item, path, null, depth + 1)),
                    () => $"no item matches {value!.ToJsonString()}"),
                "pattern" => Check(errors, path, keyword, !IsString(instance, out var str) || Matches((string)value!, str), () => $"does not match {value}"),
                "format" => Check(errors, path, keyword, !IsString(instance, out var f) || FormatMatches((string)value!, f), () => $"not a valid {value}"),
                "minLength" => Check(errors, path, keyword, !IsString(instance, out var m) || m.Length >= (int)value!, () => $"shorter than {value}"),
                "maxLength" => Check(errors, path, keyword, !IsString(instance, out var x) || x.Length <= (int)value!, () => $"longer than {value}"),
                "minimum" => Check(errors, path, keyword, !IsNumber(instance, out var n1) || n1 >= (double)value!, () => $"less than {value}"),
                "maximum" => Check(errors, path, keyword, !IsNumber(instance, out var n2) || n2 <= (double)value!, () => $"greater than {value}"),
                "exclusiveMinimum" => Check(errors, path, keyword, !IsNumber(instance, out var n3) || n3 > (double)value!, () => $"not greater than {value}"),
                "exclusiveMaximum" => Check(errors, path, keyword, !IsNumber(instance, out var n4) || n4 < (double)value!, () => $"not less than {value}"),
                "allOf" => value!.AsArray().Select(sub => Evaluate(sub, instance, path, errors, depth + 1)).ToList().TrueForAll(ok => ok),
                "anyOf" => Combinator(keyword, value!.AsArray(), instance, path, errors, depth, count => count >= 1),
                "oneOf" => Combinator(keyword, value!.AsArray(), instance, path, errors, depth, count => count == 1),
                "not" => Check(errors, path, keyword, !Evaluate(value, instance, path, null, depth + 1), () => "must not match the 'not' schema"),
                _ => true,
            };
        }

        return valid;
    }

    private bool Combinator(string keyword, JsonArray branches, JsonNode? instance, string path, List<SchemaError>? errors, int depth, Func<int, bool> accept)
    {
        var matching = branches.Where(b => Evaluate(b, instance, path, null, depth + 1)).ToList();
        if (accept(matching.Count))
        {
            return true;
        }

        // The combinator fails by full evaluation; NJsonSchema may have accepted it because it ignored a keyword
        // inside a branch, so always report it.
        errors?.Add(new SchemaError(path, keyword, keyword == "oneOf"
            ? $"must match exactly one schema in oneOf, matches {matching.Count}"
            : "must match at least one schema in anyOf"));
        return false;
    }

    private bool Required(JsonArray names, JsonNode? instance, string path, List<SchemaError>? errors)
    {
        if (instance is not JsonObject o)
        {
            return true;
        }

        var ok = true;
        foreach (var name in names.Select(n => (string)n!))
        {
            if (!o.ContainsKey(name))
            {
                ok = false;
                Report(errors, path, "required", $"required property '{name}' is missing");
            }
        }

        return ok;
    }

    private bool Properties(JsonObject properties, JsonNode? instance, string path, List<SchemaError>? errors, int depth)
    {
        if (instance is not JsonObject o)
        {
            return true;
        }

        var ok = true;
        foreach (var (name, sub) in properties)
        {
            if (o.TryGetPropertyValue(name, out var child))
            {
                ok &= Evaluate(sub, child, path + "." + name, errors, depth + 1);
            }
        }

        return ok;
    }

    private bool AdditionalProperties(JsonObject schema, JsonNode? value, JsonNode? instance, string path, List<SchemaError>? errors, int depth)
    {
        if (instance is not JsonObject o)
        {
            return true;
        }

        var declared = schema["properties"] as JsonObject;
        var ok = true;
        foreach (var (name, child) in o)
        {
            if (declared?.ContainsKey(name) == true)
            {
                continue;
            }

            if (value is JsonValue b && b.GetValueKind() == JsonValueKind.False)
            {
                ok = false;
                Report(errors, path + "." + name, "additionalProperties", $"property '{name}' is not allowed");
            }
            else
            {
                ok &= Evaluate(value, child, path + "." + name, errors, depth + 1);
            }
        }

        return ok;
    }

    private bool Items(JsonNode items, JsonNode? instance, string path, List<SchemaError>? errors, int depth)
    {
        if (instance is not JsonArray a)
        {
            return true;
        }

        var ok = true;
        for (var i = 0; i < a.Count; i++)
        {
            var sub = items is JsonArray tuple ? (i < tuple.Count ? tuple[i] : null) : items;
            if (sub is not null)
            {
                ok &= Evaluate(sub, a[i], $"{path}[{i}]", errors, depth + 1);
            }
        }

        return ok;
    }

    private bool AdditionalItems(JsonObject schema, JsonNode? value, JsonNode? instance, string path, List<SchemaError>? errors, int depth)
    {
        if (instance is not JsonArray a || schema["items"] is not JsonArray tuple)
        {
            return true;
        }

        var ok = true;
        for (var i = tuple.Count; i < a.Count; i++)
        {
            if (value is JsonValue b && b.GetValueKind() == JsonValueKind.False)
            {
                ok = false;
                Report(errors, $"{path}[{i}]", "additionalItems", "no additional items allowed");
            }
            else
            {
                ok &= Evaluate(value, a[i], $"{path}[{i}]", errors, depth + 1);
            }
        }

        return ok;
    }

    private JsonNode Resolve(string reference)
    {
        if (!reference.StartsWith("#", StringComparison.Ordinal))
        {
            throw new NotSupportedException($"only local $ref is supported: '{reference}'");
        }

        JsonNode? node = root;
        foreach (var segment in reference[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var key = Uri.UnescapeDataString(segment).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                JsonObject o => o[key],
                JsonArray a when int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => null,
            };
        }

        return node ?? throw new InvalidOperationException($"unresolvable $ref '{reference}'");
    }

    private bool Check(List<SchemaError>? errors, string path, string keyword, bool ok, Func<string> message)
    {
        if (!ok)
        {
            Report(errors, path, keyword, message());
        }

        return ok;
    }

    private void Report(List<SchemaError>? errors, string path, string keyword, string message)
    {
        if (errors is not null && reported.Contains(keyword))
        {
            errors.Add(new SchemaError(path, keyword, message));
        }
    }

    private bool Matches(string pattern, string value)
    {
        try
        {
            return Pattern(pattern).IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            // A pathological value counts as not matching rather than escaping as an exception.
            return false;
        }
    }

    private Regex Pattern(string pattern)
    {
        return patterns.GetOrAdd(pattern, p => new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
    }

    private static bool TypeMatches(JsonNode type, JsonNode? instance) => type switch
    {
        JsonArray types => types.Any(t => TypeMatches(t!, instance)),
        _ => ((string)type!) switch
        {
            "object" => instance is JsonObject,
            "array" => instance is JsonArray,
            "string" => instance is JsonValue v && v.GetValueKind() == JsonValueKind.String,
            "boolean" => instance is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
            "number" => instance is JsonValue v && v.GetValueKind() == JsonValueKind.Number,
            "integer" => IsNumber(instance, out var d) && Math.Floor(d) == d,
            "null" => instance is null,
            _ => false,
        },
    };

    private static bool IsString(JsonNode? node, out string value)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            value = v.GetValue<string>();
            return true;
        }

        value = string.Empty;
        return false;
    }

    private static bool IsNumber(JsonNode? node, out double value)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            // In-memory values may hold decimal or int; the JSON text is the common ground.
            value = double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
            return true;
        }

        value = 0;
        return false;
    }

    private static bool FormatMatches(string format, string value) => format switch
    {
        "date-time" => DateTimeFormat().IsMatch(value) && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "date" => DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "uri" => Uri.TryCreate(value, UriKind.Absolute, out _),
        _ => true,
    };

    private static Regex DateTimeFormat() => DateTimeRegex.Value;

    private static readonly Lazy<Regex> DateTimeRegex = new(() => new Regex(
        "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.CultureInvariant));
}
