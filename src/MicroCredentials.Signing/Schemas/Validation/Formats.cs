using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace MicroCredentials.Signing.Schemas.Validation;

/// <summary>
/// Format assertions (JSON Schema 2020-12 validation §7.3). Digits are ASCII only: RFC 3339 and RFC 3986 say DIGIT,
/// and .NET's <c>\d</c>/<c>char.IsDigit</c> would accept other scripts' digits.
/// </summary>
internal static class Formats
{
    /// <summary>A format check over a string value.</summary>
    public delegate bool Check(ReadOnlySpan<char> value);

    private const string Unreserved = @"A-Za-z0-9\-._~";
    private const string SubDelims = @"!$&'()*+,;=";
    private const string Pct = "%[0-9A-Fa-f]{2}";

    // RFC 3987 ucschar and iprivate (BMP part; astral characters arrive as surrogate pairs).
    private const string UcsChar = @"\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF\uD800-\uDFFF";

    private static readonly Regex Uri = BuildUriRegex(iri: false, reference: false);
    private static readonly Regex UriReference = BuildUriRegex(iri: false, reference: true);
    private static readonly Regex Iri = BuildUriRegex(iri: true, reference: false);
    private static readonly Regex IriReference = BuildUriRegex(iri: true, reference: true);

    // RFC 3339 Appendix A: each unit may be followed only by the next smaller one (P1Y2D and PT1H2S are invalid).
    private static readonly Regex Duration = new(
        @"^P(?:(?:[0-9]+Y(?:[0-9]+M(?:[0-9]+D)?)?|[0-9]+M(?:[0-9]+D)?|[0-9]+D)(?:T(?:[0-9]+H(?:[0-9]+M(?:[0-9]+S)?)?|[0-9]+M(?:[0-9]+S)?|[0-9]+S))?"
        + @"|T(?:[0-9]+H(?:[0-9]+M(?:[0-9]+S)?)?|[0-9]+M(?:[0-9]+S)?|[0-9]+S)|[0-9]+W)\z",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    // RFC 6570 §2 (level 4; the apostrophe is a literal per erratum 6937): literals, and expressions of an optional operator and varspecs with prefix or explode modifiers.
    private static readonly Regex UriTemplate = new(
        @"^(?:[\x21\x23\x24\x26-\x3B\x3D\x3F-\x5B\x5D\x5F\x61-\x7A\x7E\u00A0-\uD7FF\uE000-\uFFFD\uD800-\uDFFF]|%[0-9A-Fa-f]{2}"
        + @"|\{[+#./;?&=,!@|]?(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})(?:\.?(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2}))*(?::[1-9][0-9]{0,3}|\*)?"
        + @"(?:,(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})(?:\.?(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2}))*(?::[1-9][0-9]{0,3}|\*)?)*\})*\z",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    private static readonly Dictionary<string, Check> Known = new(StringComparer.Ordinal)
    {
        ["date-time"] = IsDateTime,
        ["date"] = IsDate,
        ["time"] = IsTime,
        ["duration"] = IsDuration,
        ["email"] = IsEmail,
        ["hostname"] = IsHostname,
        ["ipv4"] = IsIpv4,
        ["ipv6"] = IsIpv6,
        ["uri"] = v => IsUriLike(v, Uri),
        ["uri-reference"] = v => IsUriLike(v, UriReference),
        ["iri"] = v => IsUriLike(v, Iri),
        ["iri-reference"] = v => IsUriLike(v, IriReference),
        ["uuid"] = IsUuid,
        ["regex"] = v => EcmaRegex.IsValid(v.ToString()),
        ["json-pointer"] = IsJsonPointer,
        ["relative-json-pointer"] = IsRelativeJsonPointer,
        ["uri-template"] = IsUriTemplate,
    };

    /// <summary>Every format this validator can assert.</summary>
    public static IReadOnlyCollection<string> Names => Known.Keys;

    /// <summary>The check for a format, or null for an unknown format (unknown formats are annotations only).</summary>
    public static Check? Find(string format) => Known.GetValueOrDefault(format);

    public static bool IsDateTime(ReadOnlySpan<char> v)
    {
        var t = v.IndexOfAny('T', 't');
        return t == 10 && IsDate(v[..10]) && IsTime(v[11..]);
    }

    public static bool IsDate(ReadOnlySpan<char> v)
    {
        if (v.Length != 10 || v[4] != '-' || v[7] != '-'
            || !Digits(v[..4], out var year) || !Digits(v.Slice(5, 2), out var month) || !Digits(v.Slice(8, 2), out var day))
        {
            return false;
        }

        return month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(Math.Max(year, 1), month);
    }

    /// <summary>RFC 3339 full-time: the offset is required; a leap second must be 23:59:60 in UTC.</summary>
    public static bool IsTime(ReadOnlySpan<char> v)
    {
        if (v.Length < 9 || v[2] != ':' || v[5] != ':'
            || !Digits(v[..2], out var hour) || !Digits(v.Slice(3, 2), out var minute) || !Digits(v.Slice(6, 2), out var second))
        {
            return false;
        }

        var rest = v[8..];
        if (rest.Length > 0 && rest[0] == '.')
        {
            var n = 1;
            while (n < rest.Length && char.IsAsciiDigit(rest[n]))
            {
                n++;
            }

            if (n == 1)
            {
                return false;
            }

            rest = rest[n..];
        }

        int offset;
        if (rest is ['Z' or 'z'])
        {
            offset = 0;
        }
        else if (rest.Length == 6 && rest[0] is '+' or '-' && rest[3] == ':'
                 && Digits(rest.Slice(1, 2), out var oh) && Digits(rest.Slice(4, 2), out var om) && oh <= 23 && om <= 59)
        {
            offset = (rest[0] == '+' ? 1 : -1) * ((oh * 60) + om);
        }
        else
        {
            return false;
        }

        if (hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        if (second == 60)
        {
            var utc = ((((hour * 60) + minute - offset) % 1440) + 1440) % 1440;
            return utc == (23 * 60) + 59;
        }

        return true;
    }

    public static bool IsDuration(ReadOnlySpan<char> v) => Duration.IsMatch(v);

    public static bool IsUuid(ReadOnlySpan<char> v)
    {
        if (v.Length != 36)
        {
            return false;
        }

        for (var i = 0; i < 36; i++)
        {
            var dash = i is 8 or 13 or 18 or 23;
            if (dash ? v[i] != '-' : !char.IsAsciiHexDigit(v[i]))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsIpv4(ReadOnlySpan<char> v)
    {
        var parts = 0;
        foreach (var text in v.ToString().Split('.'))
        {
            var part = text.AsSpan();
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0') || !Digits(part, out var n) || n > 255)
            {
                return false;
            }

            parts++;
        }

        return parts == 4;
    }

    public static bool IsIpv6(ReadOnlySpan<char> v)
    {
        foreach (var c in v)
        {
            if (!char.IsAsciiHexDigit(c) && c is not ':' and not '.')
            {
                return false;
            }
        }

        return v.Contains(':') && IPAddress.TryParse(v, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6
               && TrailingIpv4IsStrict(v);
    }

    public static bool IsHostname(ReadOnlySpan<char> v)
    {
        if (v.Length is 0 or > 253)
        {
            return false;
        }

        foreach (var text in v.ToString().Split('.'))
        {
            var label = text.AsSpan();
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }

            // RFC 5891 §4.2.3.1: "--" in positions 3-4 is reserved for A-labels ("xn--"), which must decode.
            if (label.Length >= 4 && label[2] == '-' && label[3] == '-'
                && (!label.StartsWith("xn--", StringComparison.OrdinalIgnoreCase) || !IsALabel(label.ToString())))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>RFC 5321 mailbox: dot-atom or quoted-string local part; a hostname or an address literal domain.</summary>
    public static bool IsEmail(ReadOnlySpan<char> v)
    {
        var at = v.LastIndexOf('@');
        if (at <= 0 || at == v.Length - 1)
        {
            return false;
        }

        var local = v[..at];
        var domain = v[(at + 1)..];
        if (local[0] == '"')
        {
            if (local.Length < 2 || local[^1] != '"')
            {
                return false;
            }

            for (var i = 1; i < local.Length - 1; i++)
            {
                var c = local[i];
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"' || c < 0x20 || c > 0x7E)
                {
                    return false;
                }
            }
        }
        else
        {
            if (local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
            {
                return false;
            }

            foreach (var c in local)
            {
                if (!char.IsAsciiLetterOrDigit(c) && "!#$%&'*+-/=?^_`{|}~.".IndexOf(c, StringComparison.Ordinal) < 0)
                {
                    return false;
                }
            }
        }

        if (domain[0] == '[')
        {
            if (domain[^1] != ']')
            {
                return false;
            }

            var literal = domain[1..^1];
            return literal.StartsWith("IPv6:", StringComparison.Ordinal) ? IsIpv6(literal[5..]) : IsIpv4(literal);
        }

        return IsHostname(domain);
    }

    public static bool IsJsonPointer(ReadOnlySpan<char> v)
    {
        if (v.Length == 0)
        {
            return true;
        }

        if (v[0] != '/')
        {
            return false;
        }

        for (var i = 0; i < v.Length; i++)
        {
            if (v[i] == '~' && (i + 1 >= v.Length || v[i + 1] is not '0' and not '1'))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsRelativeJsonPointer(ReadOnlySpan<char> v)
    {
        var n = 0;
        while (n < v.Length && char.IsAsciiDigit(v[n]))
        {
            n++;
        }

        if (n == 0 || (n > 1 && v[0] == '0'))
        {
            return false;
        }

        var rest = v[n..];
        if (rest.Length > 0 && (rest[0] is '+' or '-'))
        {
            var m = 1;
            while (m < rest.Length && char.IsAsciiDigit(rest[m]))
            {
                m++;
            }

            if (m == 1 || (m > 2 && rest[1] == '0'))
            {
                return false;
            }

            rest = rest[m..];
        }

        return rest is "#" || IsJsonPointer(rest);
    }

    public static bool IsUriTemplate(ReadOnlySpan<char> v) => UriTemplate.IsMatch(v);

    private static bool IsALabel(string label)
    {
        try
        {
            _ = new System.Globalization.IdnMapping { UseStd3AsciiRules = true }.GetUnicode(label);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool TrailingIpv4IsStrict(ReadOnlySpan<char> v)
    {
        var colon = v.LastIndexOf(':');
        var tail = v[(colon + 1)..];
        return !tail.Contains('.') || IsIpv4(tail);
    }

    private static bool IsUriLike(ReadOnlySpan<char> v, Regex regex)
    {
        if (!regex.IsMatch(v))
        {
            return false;
        }

        // The authority's IP-literal was matched loosely by the regex; check the IPv6 address itself.
        var start = v.IndexOf("//[", StringComparison.Ordinal);
        if (start < 0)
        {
            return true;
        }

        var end = v[start..].IndexOf(']');
        var literal = v.Slice(start + 3, end - 3);
        return literal.Length > 0 && (literal[0] is 'v' or 'V' || IsIpv6(literal));
    }

    private static Regex BuildUriRegex(bool iri, bool reference)
    {
        var extra = iri ? UcsChar : string.Empty;
        var pchar = $"(?:[{Unreserved}{SubDelims}:@{extra}]|{Pct})";
        var userinfo = $"(?:[{Unreserved}{SubDelims}:{extra}]|{Pct})*";
        var regName = $"(?:[{Unreserved}{SubDelims}{extra}]|{Pct})*";
        var host = $@"(?:\[[0-9A-Za-z:.\-_~!$&'()*+,;=]+\]|{regName})";
        var authority = $"(?:{userinfo}@)?{host}(?::[0-9]*)?";
        var pathAbempty = $"(?:/{pchar}*)*";
        var pathAbsolute = $"/(?:{pchar}+(?:/{pchar}*)*)?";
        var pathRootless = $"{pchar}+(?:/{pchar}*)*";
        var segmentNc = $"(?:[{Unreserved}{SubDelims}@{extra}]|{Pct})+";
        var pathNoScheme = $"{segmentNc}(?:/{pchar}*)*";
        var query = $"(?:{pchar}|[/?{(iri ? @"\uE000-\uF8FF" : string.Empty)}])*";
        var fragment = $"(?:{pchar}|[/?])*";
        var scheme = "[A-Za-z][A-Za-z0-9+.\\-]*";
        var absolute = $"{scheme}:(?://{authority}{pathAbempty}|{pathAbsolute}|{pathRootless}|)(?:\\?{query})?(?:#{fragment})?";
        var relative = $"(?://{authority}{pathAbempty}|{pathAbsolute}|{pathNoScheme}|)(?:\\?{query})?(?:#{fragment})?";
        var pattern = reference ? $"^(?:{absolute}|{relative})\\z" : $"^{absolute}\\z";
        return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
    }

    private static bool Digits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        if (s.Length == 0)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
