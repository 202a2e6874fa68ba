using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using MicroCredentials.Signing.Rdf;
using MicroCredentials.Signing.Primitives;

namespace MicroCredentials.Signing.Shacl;

/// <summary>
/// Lexical checks and value comparison of the XSD datatypes SHACL constraints meet (sh:datatype well-formedness,
/// sh:minInclusive… and sh:lessThan, which compare as SPARQL's &lt; does).
/// </summary>
internal static partial class XsdValues
{
    private const string Xsd = ShaclVocabulary.Xsd;

    private static readonly Dictionary<string, (BigInteger? Min, BigInteger? Max)> IntegerTypes = new(StringComparer.Ordinal)
    {
        [Xsd + "integer"] = (null, null),
        [Xsd + "long"] = (long.MinValue, long.MaxValue),
        [Xsd + "int"] = (int.MinValue, int.MaxValue),
        [Xsd + "short"] = (short.MinValue, short.MaxValue),
        [Xsd + "byte"] = (sbyte.MinValue, sbyte.MaxValue),
        [Xsd + "nonNegativeInteger"] = (0, null),
        [Xsd + "positiveInteger"] = (1, null),
        [Xsd + "nonPositiveInteger"] = (null, 0),
        [Xsd + "negativeInteger"] = (null, -1),
        [Xsd + "unsignedLong"] = (0, ulong.MaxValue),
        [Xsd + "unsignedInt"] = (0, uint.MaxValue),
        [Xsd + "unsignedShort"] = (0, ushort.MaxValue),
        [Xsd + "unsignedByte"] = (0, byte.MaxValue),
    };

    [GeneratedRegex(@"^[+-]?[0-9]+$")]
    private static partial Regex IntegerLexical();

    [GeneratedRegex(@"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$")]
    private static partial Regex DecimalLexical();

    [GeneratedRegex(@"^([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?INF|NaN)$")]
    private static partial Regex DoubleLexical();

    [GeneratedRegex(@"^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?$")]
    private static partial Regex DateTimeLexical();

    [GeneratedRegex(@"^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?$")]
    private static partial Regex DateLexical();

    [GeneratedRegex(@"^[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?$")]
    private static partial Regex TimeLexical();

    [GeneratedRegex(@"^-?[0-9]{4,}(Z|[+-][0-9]{2}:[0-9]{2})?$")]
    private static partial Regex GYearLexical();

    /// <summary>True when the literal's lexical form is in the lexical space of its datatype (unknown datatypes pass).</summary>
    public static bool IsWellFormed(RdfTerm literal)
    {
        var dt = literal.Datatype!;
        var s = literal.Value;
        if (IntegerTypes.TryGetValue(dt, out var range))
        {
            if (!IntegerLexical().IsMatch(s))
            {
                return false;
            }

            var v = BigInteger.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            return (range.Min is not { } min || v >= min) && (range.Max is not { } max || v <= max);
        }

        return dt switch
        {
            Xsd + "decimal" => DecimalLexical().IsMatch(s),
            Xsd + "double" or Xsd + "float" => DoubleLexical().IsMatch(s),
            Xsd + "boolean" => s is "true" or "false" or "1" or "0",
            Xsd + "dateTime" => DateTimeLexical().IsMatch(s) && ParseDateTime(s) is not null,
            Xsd + "dateTimeStamp" => DateTimeLexical().IsMatch(s) && !s.EndsWith(':') && HasTimezone(s) && ParseDateTime(s) is not null,
            Xsd + "date" => DateLexical().IsMatch(s) && ParseDateTime(DateAsDateTime(s)) is not null,
            Xsd + "time" => TimeLexical().IsMatch(s),
            Xsd + "gYear" => GYearLexical().IsMatch(s),
            ShaclVocabulary.Rdf + "langString" => literal.Language is { Length: > 0 },
            _ => true,
        };
    }

    /// <summary>
    /// Compares two literals by value: −1, 0 or 1, or null when SPARQL's &lt; is undefined for them (different value
    /// spaces, ill-formed lexical forms, or dateTimes whose timezone presence differs).
    /// </summary>
    public static int? Compare(RdfTerm a, RdfTerm b)
    {
        if (!a.IsLiteral || !b.IsLiteral || !IsWellFormed(a) || !IsWellFormed(b))
        {
            return null;
        }

        var ka = KindOf(a.Datatype!);
        var kb = KindOf(b.Datatype!);
        if (ka != kb || ka == ValueKind.None)
        {
            return null;
        }

        switch (ka)
        {
            case ValueKind.Numeric:
                if (IsDoubleLike(a.Datatype!) || IsDoubleLike(b.Datatype!))
                {
                    var da = ParseDouble(a.Value);
                    var db = ParseDouble(b.Value);
                    return double.IsNaN(da) || double.IsNaN(db) ? null : da.CompareTo(db);
                }

                return decimal.TryParse(a.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var ma)
                    && decimal.TryParse(b.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var mb)
                    ? ma.CompareTo(mb)
                    : ParseDouble(a.Value).CompareTo(ParseDouble(b.Value));
            case ValueKind.DateTime:
            {
                var sa = a.Datatype == Xsd + "date" ? DateAsDateTime(a.Value) : a.Value;
                var sb = b.Datatype == Xsd + "date" ? DateAsDateTime(b.Value) : b.Value;
                if (HasTimezone(sa) != HasTimezone(sb) || a.Datatype != b.Datatype)
                {
                    // XSD's partial order leaves a local and a zoned time incomparable unless they are 14 hours apart; treat as undefined.
                    return null;
                }

                var pa = ParseDateTime(sa);
                var pb = ParseDateTime(sb);
                return pa is null || pb is null ? null : pa.Value.CompareTo(pb.Value);
            }

            case ValueKind.String:
                return a.Datatype == b.Datatype && a.Language == b.Language ? Math.Sign(string.CompareOrdinal(a.Value, b.Value)) : null;
            case ValueKind.Boolean:
                return (a.Value is "true" or "1").CompareTo(b.Value is "true" or "1");
            default:
                return null;
        }
    }

    private enum ValueKind
    {
        None,
        Numeric,
        DateTime,
        String,
        Boolean,
    }

    private static ValueKind KindOf(string datatype) =>
        IntegerTypes.ContainsKey(datatype) || datatype is Xsd + "decimal" or Xsd + "double" or Xsd + "float" ? ValueKind.Numeric
        : datatype is Xsd + "dateTime" or Xsd + "date" or Xsd + "dateTimeStamp" ? ValueKind.DateTime
        : datatype is Xsd + "string" or ShaclVocabulary.Rdf + "langString" ? ValueKind.String
        : datatype is Xsd + "boolean" ? ValueKind.Boolean
        : ValueKind.None;

    private static bool IsDoubleLike(string datatype) => datatype is Xsd + "double" or Xsd + "float";

    private static double ParseDouble(string s) => s switch
    {
        "INF" or "+INF" => double.PositiveInfinity,
        "-INF" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static string DateAsDateTime(string date)
    {
        var tz = date.Length > 10 && !date.StartsWith('-') ? date[10..] : string.Empty;
        var day = tz.Length > 0 ? date[..10] : date;
        return day + "T00:00:00" + tz;
    }

    private static bool HasTimezone(string s) => s.EndsWith('Z') || (s.Length > 6 && s[^6] is '+' or '-' && s[^3] == ':');

    private static DateTimeOffset? ParseDateTime(string s) =>
        XsdDateTime.TryParse(s, out var value) ? value : null;
}
