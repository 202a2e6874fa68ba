using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MicroCredentials.Signing.Schemas.Validation;

/// <summary>JSON Schema primitive types as flags (<c>integer</c> is a subset of <c>number</c>).</summary>
[Flags]
internal enum JsonTypes
{
    None = 0,
    Null = 1,
    Boolean = 2,
    Object = 4,
    Array = 8,
    Number = 16,
    String = 32,
    Integer = 64,
}

/// <summary><c>type</c>.</summary>
internal sealed class TypeKeyword(string absoluteLocation, JsonTypes allowed, string display) : Keyword("type", absoluteLocation)
{
    public override bool Evaluate(in JsonElement instance, EvaluationRun run, Segment? instancePath, Segment? keywordPath, Annotations? annotations)
    {
        var ok = instance.ValueKind switch
        {
            JsonValueKind.Object => (allowed & JsonTypes.Object) != 0,
            JsonValueKind.Array => (allowed & JsonTypes.Array) != 0,
            JsonValueKind.String => (allowed & JsonTypes.String) != 0,
            JsonValueKind.True or JsonValueKind.False => (allowed & JsonTypes.Boolean) != 0,
            JsonValueKind.Null => (allowed & JsonTypes.Null) != 0,
            JsonValueKind.Number => (allowed & JsonTypes.Number) != 0 || ((allowed & JsonTypes.Integer) != 0 && JsonValues.IsInteger(instance)),
            _ => false,
        };
        if (!ok)
        {
            if (run.Collect)
            {
                Fail(run, instancePath, keywordPath, $"expected {display}, found {JsonValues.TypeName(instance)}");
            }
        }

        return ok;
    }
}

/// <summary><c>enum</c> (and <c>const</c> as a one-value enum), with JSON equality (1 equals 1.0).</summary>
internal sealed class EnumKeyword : Keyword
{
    private readonly JsonElement[] values;
    private readonly byte[]?[] strings;
    private readonly PropertyTable? stringTable;

    public EnumKeyword(string name, string absoluteLocation, JsonElement[] values)
        : base(name, absoluteLocation)
    {
        this.values = values;
        // UTF-8 once here: ValueEquals(string) would transcode every candidate on every comparison.
        strings = values.Select(v => v.ValueKind == JsonValueKind.String ? Encoding.UTF8.GetBytes(v.GetString()!) : null).ToArray();
        var distinct = values.Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count > 4)
        {
            // OB 3.0's achievementType/identifierType enums have 30+ values: a hash lookup instead of a scan.
            stringTable = new PropertyTable(distinct);
        }
    }

    public override bool Evaluate(in JsonElement instance, EvaluationRun run, Segment? instancePath, Segment? keywordPath, Annotations? annotations)
    {
        if (instance.ValueKind == JsonValueKind.String)
        {
            if (stringTable is not null)
            {
                if (stringTable.FindString(instance) >= 0)
                {
                    return true;
                }
            }
            else
            {
                // ValueEquals compares the unescaped value without allocating the instance string.
                foreach (var s in strings)
                {
                    if (s is not null && instance.ValueEquals(s))
                    {
                        return true;
                    }
                }
            }
        }
        else
        {
            foreach (var v in values)
            {
                if (JsonValues.DeepEquals(instance, v))
                {
                    return true;
                }
            }
        }

        if (run.Collect)
        {
            Fail(run, instancePath, keywordPath, Name == "const" ? "the value is not the constant the schema requires" : "the value is not one of the allowed values: " + Allowed());
        }

        return false;
    }

    // Only built for error output: the first few allowed values, so a message says what would have been accepted.
    private string Allowed()
    {
        const int shown = 8;
        var list = values.Take(shown).Select(v => v.GetRawText()).ToList();
        return string.Join(", ", list) + (values.Length > shown ? $", … ({values.Length} in all)" : string.Empty);
    }
}

/// <summary>Numeric bounds and <c>multipleOf</c> (decimal arithmetic where both numbers fit, so 0.0075 is a multiple of 0.0001).</summary>
internal sealed class NumberKeyword : Keyword
{
    private readonly double limit;
    private readonly decimal? limitDecimal;

    public NumberKeyword(string name, string absoluteLocation, JsonElement value)
        : base(name, absoluteLocation)
    {
        limit = value.GetDouble();
        limitDecimal = value.TryGetDecimal(out var d) ? d : null;
    }

    public override bool Evaluate(in JsonElement instance, EvaluationRun run, Segment? instancePath, Segment? keywordPath, Annotations? annotations)
    {
        if (instance.ValueKind != JsonValueKind.Number)
        {
            return true;
        }

        bool ok;
        if (Name == "multipleOf")
        {
            if (limitDecimal is { } md && md != 0 && instance.TryGetDecimal(out var vd))
            {
                ok = vd % md == 0;
            }
            else
            {
                var q = instance.GetDouble() / limit;
                ok = !double.IsInfinity(q) && !double.IsNaN(q) && Math.Floor(q) == q;
            }
        }
        else
        {
            var c = limitDecimal is { } ld && instance.TryGetDecimal(out var v) ? v.CompareTo(ld) : instance.GetDouble().CompareTo(limit);
            ok = Name switch
            {
                "minimum" => c >= 0,
                "maximum" => c <= 0,
                "exclusiveMinimum" => c > 0,
                _ => c < 0,
            };
        }

        if (!ok)
        {
            if (run.Collect)
            {
                Fail(run, instancePath, keywordPath, Name == "multipleOf"
                    ? $"the number is not a multiple of {limit.ToString(CultureInfo.InvariantCulture)}"
                    : $"the number violates {Name} {limit.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        return ok;
    }
}

/// <summary>Size bounds: <c>minLength</c>/<c>maxLength</c> (code points), <c>minItems</c>/<c>maxItems</c>, <c>minProperties</c>/<c>maxProperties</c>.</summary>
internal sealed class SizeKeyword(string name, string absoluteLocation, long limit) : Keyword(name, absoluteLocation)
{
    public override bool Evaluate(in JsonElement instance, EvaluationRun run, Segment? instancePath, Segment? keywordPath, Annotations? annotations)
    {
        long size;
        switch (Name)
        {
            case "minLength" or "maxLength" when instance.ValueKind == JsonValueKind.String:
                size = JsonValues.CodePointLength(instance);
                break;
            case "minItems" or "maxItems" when instance.ValueKind == JsonValueKind.Array:
                size = instance.GetArrayLength();
                break;
            case "minProperties" or "maxProperties" when instance.ValueKind == JsonValueKind.Object:
                size = JsonValues.PropertyCount(instance);
                break;
            default:
                return true;
        }

        var ok = Name.StartsWith("min", StringComparison.Ordinal) ? size >= limit : size <= limit;
        if (!ok)
        {
            if (run.Collect)
            {
                Fail(run, instancePath, keywordPath, $"size {size} violates {Name} {limit}");
            }
        }

        return ok;
    }
}

/// <summary><c>pattern</c>.</summary>
internal sealed class PatternKeyword(string absoluteLocation, string pattern, Regex regex) : Keyword("pattern", absoluteLocation)
{
    public override bool Evaluate(in JsonElement instance, EvaluationRun run, Segment? instancePath, Segment? keywordPath, Annotations? annotations)
    {
        if (instance.ValueKind != JsonValueKind.String)
        {
            return true;
        }

        var ok = JsonValues.WithChars(instance, regex, static (text, r) => EcmaRegex.IsMatch(r, text, onTimeout: false));
        if (!ok)
        {
            if (run.Collect)
            {
                Fail(run, instancePath, keywordPath, $"the string does not match the pattern '{pattern}'");
            }
        }

        return ok;
    }
}

/// <summary><c>format</c> as an assertion (only compiled when format assertion is on for that format).</summary>
internal sealed class FormatKeyword(string absoluteLocation, string format, Formats.Check check) : Keyword("format", absoluteLocation)
{
    public override bool Evaluate(in JsonElement instance, EvaluationRun run, Segment? instancePath, Segment? keywordPath, Annotations? annotations)
    {
        if (instance.ValueKind != JsonValueKind.String)
        {
            return true;
        }

        var ok = JsonValues.WithChars(instance, check, static (text, c) => c(text));
        if (!ok)
        {
            if (run.Collect)
            {
                Fail(run, instancePath, keywordPath, $"the string is not a valid {format}");
            }
        }

        return ok;
    }
}

/// <summary><c>uniqueItems: true</c>.</summary>
internal sealed class UniqueItemsKeyword(string absoluteLocation) : Keyword("uniqueItems", absoluteLocation)
{
    public override bool Evaluate(in JsonElement instance, EvaluationRun run, Segment? instancePath, Segment? keywordPath, Annotations? annotations)
    {
        if (instance.ValueKind != JsonValueKind.Array)
        {
            return true;
        }

        var n = instance.GetArrayLength();
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                if (JsonValues.DeepEquals(instance[i], instance[j]))
                {
                    if (run.Collect)
                    {
                        Fail(run, instancePath, keywordPath, $"items {i} and {j} are equal");
                    }

                    return false;
                }
            }
        }

        return true;
    }
}

/// <summary><c>required</c>: one error per missing member.</summary>
internal sealed class RequiredKeyword : Keyword
{
    private readonly string[] names;
    private readonly byte[][] utf8;

    public RequiredKeyword(string absoluteLocation, string[] names)
        : base("required", absoluteLocation)
    {
        this.names = names;
        utf8 = names.Select(Encoding.UTF8.GetBytes).ToArray();
    }

    public IReadOnlyList<string> Names => names;

    public void Missing(EvaluationRun run, Segment? instancePath, Segment? keywordPath, string name) =>
        run.Fail(instancePath, run.Kw(keywordPath, Name), AbsoluteLocation, Name, $"required property '{name}' is missing", name);

    public override bool Evaluate(in JsonElement instance, EvaluationRun run, Segment? instancePath, Segment? keywordPath, Annotations? annotations)
    {
        if (instance.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        var valid = true;
        for (var i = 0; i < names.Length; i++)
        {
            if (!instance.TryGetProperty(utf8[i], out _))
            {
                valid = false;
                if (!run.Collect)
                {
                    return false;
                }

                if (run.Collect)
                {
                    Missing(run, instancePath, keywordPath, names[i]);
                }
            }
        }

        return valid;
    }
}

/// <summary><c>dependentRequired</c>.</summary>
internal sealed class DependentRequiredKeyword(string absoluteLocation, string[] names, string[][] required) : Keyword("dependentRequired", absoluteLocation)
{
    public override bool Evaluate(in JsonElement instance, EvaluationRun run, Segment? instancePath, Segment? keywordPath, Annotations? annotations)
    {
        if (instance.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        var valid = true;
        for (var i = 0; i < names.Length; i++)
        {
            if (!instance.TryGetProperty(names[i], out _))
            {
                continue;
            }

            foreach (var dependency in required[i])
            {
                if (!instance.TryGetProperty(dependency, out _))
                {
                    valid = false;
                    if (!run.Collect)
                    {
                        return false;
                    }

                    if (run.Collect)
                    {
                        run.Fail(instancePath, run.Kw(run.Kw(keywordPath, Name), names[i]), AbsoluteLocation + "/" + names[i], Name,
                            $"property '{dependency}' is required when '{names[i]}' is present", dependency);
                    }
                }
            }
        }

        return valid;
    }
}

/// <summary>JSON value helpers shared by the keywords.</summary>
internal static class JsonValues
{
    /// <summary>Callback over a string value's characters.</summary>
    public delegate bool CharsPredicate<in TState>(ReadOnlySpan<char> text, TState state);

    /// <summary>Integers include numbers with a zero fractional part (1.0), as 2019-09 and 2020-12 say.</summary>
    public static bool IsInteger(JsonElement number)
    {
        if (number.TryGetInt64(out _))
        {
            return true;
        }

        if (number.TryGetDecimal(out var d))
        {
            return d == decimal.Truncate(d);
        }

        var x = number.GetDouble();
        return !double.IsInfinity(x) && Math.Floor(x) == x;
    }

    public static string TypeName(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => IsInteger(e) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    public static int PropertyCount(JsonElement o)
    {
        var n = 0;
        foreach (var unused in o.EnumerateObject())
        {
            n++;
        }

        return n;
    }

    /// <summary>Length in Unicode code points (a surrogate pair counts once), as JSON Schema defines string length.</summary>
    public static long CodePointLength(JsonElement s) => WithCharsCount(s);

    /// <summary>
    /// Runs <paramref name="predicate"/> over the string's characters. On .NET 9+ unescaped strings are decoded from
    /// the document's UTF-8 into a stack or pooled buffer, so hot keywords (pattern, format, length) allocate nothing.
    /// </summary>
    public static bool WithChars<TState>(JsonElement s, TState state, CharsPredicate<TState> predicate)
    {
#if NET9_0_OR_GREATER
        var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(s);
        if (raw.Length >= 2 && raw.IndexOf((byte)'\\') < 0)
        {
            var utf8 = raw[1..^1];
            if (utf8.Length <= 256)
            {
                Span<char> buffer = stackalloc char[utf8.Length];
                var n = Encoding.UTF8.GetChars(utf8, buffer);
                return predicate(buffer[..n], state);
            }

            var rented = System.Buffers.ArrayPool<char>.Shared.Rent(utf8.Length);
            try
            {
                var n = Encoding.UTF8.GetChars(utf8, rented);
                return predicate(rented.AsSpan(0, n), state);
            }
            finally
            {
                System.Buffers.ArrayPool<char>.Shared.Return(rented);
            }
        }
#endif
        return predicate(s.GetString().AsSpan(), state);
    }

    private static long WithCharsCount(JsonElement s)
    {
#if NET9_0_OR_GREATER
        var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(s);
        if (raw.Length >= 2 && raw.IndexOf((byte)'\\') < 0)
        {
            // Every code point starts with exactly one non-continuation byte in UTF-8.
            long count = 0;
            foreach (var b in raw[1..^1])
            {
                if ((b & 0xC0) != 0x80)
                {
                    count++;
                }
            }

            return count;
        }
#endif
        var text = s.GetString()!;
        long n = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsLowSurrogate(text[i]) || i == 0 || !char.IsHighSurrogate(text[i - 1]))
            {
                n++;
            }
        }

        return n;
    }

    /// <summary>JSON equality: numbers by value (1 == 1.0), objects regardless of member order, arrays element-wise.</summary>
    public static bool DeepEquals(JsonElement a, JsonElement b)
    {
        var ka = a.ValueKind is JsonValueKind.True or JsonValueKind.False ? JsonValueKind.True : a.ValueKind;
        var kb = b.ValueKind is JsonValueKind.True or JsonValueKind.False ? JsonValueKind.True : b.ValueKind;
        if (ka != kb)
        {
            return false;
        }

        switch (a.ValueKind)
        {
            case JsonValueKind.True or JsonValueKind.False:
                return a.ValueKind == b.ValueKind;
            case JsonValueKind.Null:
                return true;
            case JsonValueKind.String:
                return a.ValueEquals(b.GetString());
            case JsonValueKind.Number:
                return a.TryGetDecimal(out var da) && b.TryGetDecimal(out var db) ? da == db : a.GetDouble() == b.GetDouble();
            case JsonValueKind.Array:
                var n = a.GetArrayLength();
                if (n != b.GetArrayLength())
                {
                    return false;
                }

                for (var i = 0; i < n; i++)
                {
                    if (!DeepEquals(a[i], b[i]))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Object:
                if (PropertyCount(a) != PropertyCount(b))
                {
                    return false;
                }

                foreach (var p in a.EnumerateObject())
                {
                    if (!b.TryGetProperty(p.Name, out var other) || !DeepEquals(p.Value, other))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }
}
