using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MicroCredentials.Signing.JsonLd;

/// <summary>
/// RFC 8785 (JCS) serialization of <c>@json</c> literal values for toRdf.
/// Kept here until the shared <c>Json.JsonCanonicalizer</c> (rdfc branch) is merged; then this delegates to it.
/// </summary>
internal static class JsonLiteral
{
    public static string Canonicalize(JsonNode? node)
    {
        var sb = new StringBuilder();
        Write(sb, node);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, JsonNode? node)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                return;
            case JsonObject o:
            {
                var keys = new List<string>(o.Count);
                foreach (var kv in o)
                {
                    keys.Add(kv.Key);
                }

                keys.Sort(StringComparer.Ordinal);
                sb.Append('{');
                for (var i = 0; i < keys.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    WriteString(sb, keys[i]);
                    sb.Append(':');
                    Write(sb, o[keys[i]]);
                }

                sb.Append('}');
                return;
            }

            case JsonArray a:
                sb.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    Write(sb, a[i]);
                }

                sb.Append(']');
                return;
        }

        switch (node.GetValueKind())
        {
            case JsonValueKind.String:
                WriteString(sb, node.GetValue<string>());
                break;
            case JsonValueKind.Number:
                sb.Append(FormatNumber(JsonTree.NumberValue(node)));
                break;
            case JsonValueKind.True:
                sb.Append("true");
                break;
            case JsonValueKind.False:
                sb.Append("false");
                break;
            default:
                sb.Append("null");
                break;
        }
    }

    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
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
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

    /// <summary>ECMAScript Number::toString for finite doubles (RFC 8785 §3.2.2.3).</summary>
    internal static string FormatNumber(double d)
    {
        if (double.IsNaN(d) || double.IsInfinity(d))
        {
            throw new JsonLdException("invalid JSON literal", "NaN and Infinity cannot be serialized.");
        }

        if (d == 0)
        {
            return "0";
        }

        var shortest = d.ToString("R", CultureInfo.InvariantCulture);
        var negative = shortest[0] == '-';
        if (negative)
        {
            shortest = shortest[1..];
        }

        // Split the shortest round-trip form into significant digits and a decimal exponent n (value = 0.d1d2.. × 10^n).
        string mantissa = shortest;
        var exp = 0;
        var e = shortest.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            mantissa = shortest[..e];
            exp = int.Parse(shortest[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }

        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot < 0 ? mantissa : mantissa[..dot];
        var fracPart = dot < 0 ? string.Empty : mantissa[(dot + 1)..];
        var digits = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - digits.Length;
        var n = intPart.Length - leadingZeros + exp;
        digits = digits.TrimEnd('0');
        var k = digits.Length;

        var sb = new StringBuilder();
        if (negative)
        {
            sb.Append('-');
        }

        if (k <= n && n <= 21)
        {
            sb.Append(digits).Append('0', n - k);
        }
        else if (n > 0 && n <= 21)
        {
            sb.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (n > -6 && n <= 0)
        {
            sb.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            sb.Append(digits[0]);
            if (k > 1)
            {
                sb.Append('.').Append(digits, 1, k - 1);
            }

            sb.Append('e').Append(n - 1 >= 0 ? "+" : "-").Append(Math.Abs(n - 1).ToString(CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }
}
