using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MicroCredentials.Signing.Canonicalization;

/// <summary>
/// RFC 8785 JSON Canonicalization Scheme (JCS): members sorted by UTF-16 code units, no whitespace, strings
/// escaped as ECMAScript <c>JSON.stringify</c> does and numbers written as ECMAScript <c>Number.prototype.toString</c>.
/// </summary>
public static class JsonCanonicalizer
{
    /// <summary>The deepest nesting of arrays and objects accepted (the recursion bound).</summary>
    internal const int MaxDepth = 512;

    /// <summary>Canonicalizes a JSON value; a null node is JSON <c>null</c>.</summary>
    /// <param name="node">The value.</param>
    /// <returns>The canonical JSON text.</returns>
    /// <exception cref="CanonicalizationException">A number is not finite, a string has a lone surrogate, or the value nests too deep.</exception>
    public static string Canonicalize(JsonNode? node)
    {
        var sb = new StringBuilder(256);
        WriteNode(sb, node, 0);
        return sb.ToString();
    }

    /// <summary>Canonicalizes a JSON value to UTF-8 bytes (what JCS-based proofs hash).</summary>
    /// <param name="node">The value.</param>
    /// <returns>The canonical JSON as UTF-8.</returns>
    /// <exception cref="CanonicalizationException">A number is not finite, a string has a lone surrogate, or the value nests too deep.</exception>
    public static byte[] CanonicalizeToUtf8(JsonNode? node) => Encoding.UTF8.GetBytes(Canonicalize(node));

    /// <summary>Canonicalizes a parsed JSON element.</summary>
    /// <param name="element">The element.</param>
    /// <returns>The canonical JSON text.</returns>
    /// <exception cref="CanonicalizationException">A number is not finite, a string has a lone surrogate, an object repeats a member name, or the value nests too deep.</exception>
    public static string Canonicalize(JsonElement element)
    {
        var sb = new StringBuilder(256);
        WriteElement(sb, element, 0);
        return sb.ToString();
    }

    /// <summary>Canonicalizes a parsed JSON element to UTF-8 bytes.</summary>
    /// <param name="element">The element.</param>
    /// <returns>The canonical JSON as UTF-8.</returns>
    /// <exception cref="CanonicalizationException">A number is not finite, a string has a lone surrogate, an object repeats a member name, or the value nests too deep.</exception>
    public static byte[] CanonicalizeToUtf8(JsonElement element) => Encoding.UTF8.GetBytes(Canonicalize(element));

    /// <summary>
    /// Formats a double exactly as ECMAScript <c>Number.prototype.toString</c> (shortest round-trip digits; plain
    /// notation from 1e-6 up to but excluding 1e21, exponent form otherwise; <c>-0</c> is <c>0</c>).
    /// </summary>
    /// <param name="value">A finite double.</param>
    /// <returns>The ECMAScript string form.</returns>
    /// <exception cref="CanonicalizationException">The value is NaN or infinite.</exception>
    public static string FormatNumber(double value)
    {
        var sb = new StringBuilder(24);
        AppendNumber(sb, value, null);
        return sb.ToString();
    }

    private static void WriteNode(StringBuilder sb, JsonNode? node, int depth)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                return;
            case JsonObject obj:
            {
                CheckDepth(depth, node);
                var members = new KeyValuePair<string, JsonNode?>[obj.Count];
                var i = 0;
                foreach (var member in obj)
                {
                    CheckString(member.Key, node);
                    members[i++] = member;
                }

                Array.Sort(members, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
                sb.Append('{');
                for (i = 0; i < members.Length; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    AppendString(sb, members[i].Key);
                    sb.Append(':');
                    WriteNode(sb, members[i].Value, depth + 1);
                }

                sb.Append('}');
                return;
            }

            case JsonArray array:
            {
                CheckDepth(depth, node);
                sb.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    WriteNode(sb, array[i], depth + 1);
                }

                sb.Append(']');
                return;
            }

            default:
                WriteValue(sb, node.AsValue(), depth);
                return;
        }
    }

    private static void WriteValue(StringBuilder sb, JsonValue value, int depth)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            WriteElement(sb, element, depth, value);
            return;
        }

        if (value.TryGetValue<string>(out var s))
        {
            CheckString(s, value);
            AppendString(sb, s);
            return;
        }

        if (value.TryGetValue<bool>(out var b))
        {
            sb.Append(b ? "true" : "false");
            return;
        }

        if (value.TryGetValue<double>(out var d))
        {
            AppendNumber(sb, d, value);
            return;
        }

        if (value.TryGetValue<int>(out var i32))
        {
            AppendNumber(sb, i32, value);
            return;
        }

        if (value.TryGetValue<long>(out var i64))
        {
            AppendNumber(sb, i64, value);
            return;
        }

        // Any other CLR value (decimal, float, DateTime, Guid, ...): go through its JSON text, as a JSON parser would.
        using var doc = JsonDocument.Parse(value.ToJsonString());
        WriteElement(sb, doc.RootElement, depth, value);
    }

    private static void WriteElement(StringBuilder sb, JsonElement element, int depth, JsonNode? owner = null)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
            {
                CheckDepth(depth, owner);
                var members = new List<JsonProperty>();
                foreach (var p in element.EnumerateObject())
                {
                    members.Add(p);
                }

                members.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
                sb.Append('{');
                for (var i = 0; i < members.Count; i++)
                {
                    var name = members[i].Name;
                    if (i > 0)
                    {
                        if (string.Equals(name, members[i - 1].Name, StringComparison.Ordinal))
                        {
                            throw new CanonicalizationException(
                                CanonicalizationException.JcsDuplicateName, $"The member name \"{name}\" occurs twice in one object.", owner?.GetPath());
                        }

                        sb.Append(',');
                    }

                    CheckString(name, owner);
                    AppendString(sb, name);
                    sb.Append(':');
                    WriteElement(sb, members[i].Value, depth + 1, owner);
                }

                sb.Append('}');
                return;
            }

            case JsonValueKind.Array:
            {
                CheckDepth(depth, owner);
                sb.Append('[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    WriteElement(sb, item, depth + 1, owner);
                }

                sb.Append(']');
                return;
            }

            case JsonValueKind.String:
            {
                var s = element.GetString()!;
                CheckString(s, owner);
                AppendString(sb, s);
                return;
            }

            case JsonValueKind.Number:
            {
                // ECMAScript reads every JSON number as a double; so does JCS.
                var d = double.Parse(element.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);
                AppendNumber(sb, d, owner);
                return;
            }

            case JsonValueKind.True:
                sb.Append("true");
                return;
            case JsonValueKind.False:
                sb.Append("false");
                return;
            default:
                sb.Append("null");
                return;
        }
    }

    private static void CheckDepth(int depth, JsonNode? owner)
    {
        if (depth >= MaxDepth)
        {
            throw new CanonicalizationException(
                CanonicalizationException.JcsTooDeep, $"The JSON value nests deeper than {MaxDepth} levels.", owner?.GetPath());
        }
    }

    private static void CheckString(string s, JsonNode? owner)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (!char.IsSurrogate(c))
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
                continue;
            }

            throw new CanonicalizationException(
                CanonicalizationException.JcsInvalidString,
                string.Create(CultureInfo.InvariantCulture, $"A string holds a lone surrogate U+{(int)c:X4} at index {i}."),
                owner?.GetPath());
        }
    }

    private static void AppendString(StringBuilder sb, string s)
    {
        sb.Append('"');
        var start = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c >= 0x20 && c != '"' && c != '\\')
            {
                continue;
            }

            sb.Append(s, start, i - start);
            start = i + 1;
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    sb.Append("\\u00").Append("0123456789abcdef"[c >> 4]).Append("0123456789abcdef"[c & 0xF]);
                    break;
            }
        }

        sb.Append(s, start, s.Length - start);
        sb.Append('"');
    }

    private static void AppendNumber(StringBuilder sb, double value, JsonNode? owner)
    {
        if (!double.IsFinite(value))
        {
            throw new CanonicalizationException(
                CanonicalizationException.JcsInvalidNumber, "NaN and infinities have no JSON form.", owner?.GetPath());
        }

        if (value == 0)
        {
            // Covers -0, which ECMAScript prints as "0".
            sb.Append('0');
            return;
        }

        // .NET Core 3.0+ "R" yields the shortest round-trip digits; only the layout differs from ECMAScript.
        Span<char> buffer = stackalloc char[32];
        value.TryFormat(buffer, out var written, "R", CultureInfo.InvariantCulture);
        var text = buffer[..written];
        if (text[0] == '-')
        {
            sb.Append('-');
            text = text[1..];
        }

        var exponent = 0;
        var e = text.IndexOfAny('E', 'e');
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        Span<char> digits = stackalloc char[32];
        var k = 0;
        var point = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '.')
            {
                point = k;
            }
            else
            {
                digits[k++] = text[i];
            }
        }

        // n: position of the decimal point relative to the digit string (value = 0.digits × 10^n).
        var n = (point < 0 ? k : point) + exponent;
        var lead = 0;
        while (lead < k - 1 && digits[lead] == '0')
        {
            lead++;
        }

        n -= lead;
        var ds = digits[lead..k];
        var len = ds.Length;
        while (len > 1 && ds[len - 1] == '0')
        {
            len--;
        }

        ds = ds[..len];
        k = ds.Length;

        if (k <= n && n <= 21)
        {
            sb.Append(ds).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            sb.Append(ds[..n]).Append('.').Append(ds[n..]);
        }
        else if (-6 < n && n <= 0)
        {
            sb.Append("0.").Append('0', -n).Append(ds);
        }
        else
        {
            sb.Append(ds[0]);
            if (k > 1)
            {
                sb.Append('.').Append(ds[1..]);
            }

            var exp = n - 1;
            sb.Append('e').Append(exp < 0 ? '-' : '+').Append(Math.Abs(exp).ToString(CultureInfo.InvariantCulture));
        }
    }
}
