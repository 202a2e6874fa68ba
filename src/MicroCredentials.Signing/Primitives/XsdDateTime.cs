using System.Globalization;
using System.Text.RegularExpressions;

namespace MicroCredentials.Signing.Primitives;

/// <summary>Which XSD lexical forms a date-time field accepts.</summary>
internal enum XsdDateTimeForm
{
    /// <summary><c>xsd:dateTime</c>; a value without a time zone is read as UTC, as verifiers commonly do.</summary>
    DateTime,

    /// <summary><c>xsd:dateTimeStamp</c>: the time zone is required (a local time reads differently on every machine).</summary>
    DateTimeStamp,

    /// <summary><c>xsd:dateTime</c> or <c>xsd:date</c> (midnight UTC, or midnight in the date's own time zone).</summary>
    DateOrDateTime,
}

/// <summary>
/// The one parser of XSD date-times in the library. <see cref="DateTimeOffset.TryParse(string?, IFormatProvider?, DateTimeStyles, out DateTimeOffset)"/>
/// accepts whatever the culture's patterns allow ("12/03/2024", "March 3 2024", offsets without a colon), so two
/// verifiers could read one credential's validity window differently; this accepts the XSD lexical space only.
/// </summary>
internal static partial class XsdDateTime
{
    public static bool TryParse(string? text, out DateTimeOffset value, XsdDateTimeForm form = XsdDateTimeForm.DateTime)
    {
        value = default;
        if (text is null || text.Length > 64)
        {
            return false;
        }

        var m = Lexical().Match(text);
        if (!m.Success)
        {
            return false;
        }

        var hasTime = m.Groups["h"].Success;
        var hasZone = m.Groups["z"].Success;
        if ((!hasTime && form != XsdDateTimeForm.DateOrDateTime) || (!hasZone && form == XsdDateTimeForm.DateTimeStamp))
        {
            return false;
        }

        if (m.Groups["y"].Value.Length > 4 || !int.TryParse(m.Groups["y"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year == 0)
        {
            return false; // outside what DateTimeOffset represents (years 1–9999)
        }

        var month = Two(m, "mo");
        var day = Two(m, "d");
        int hour = 0, minute = 0, second = 0;
        long ticks = 0;
        if (hasTime)
        {
            hour = Two(m, "h");
            minute = Two(m, "mi");
            second = Two(m, "s");
            if (m.Groups["f"].Success)
            {
                var digits = m.Groups["f"].Value[1..];
                var seven = digits.Length >= 7 ? digits[..7] : digits.PadRight(7, '0');
                ticks = long.Parse(seven, NumberStyles.None, CultureInfo.InvariantCulture);
            }
        }

        var endOfDay = hour == 24;
        if (endOfDay && (minute != 0 || second != 0 || ticks != 0))
        {
            return false;
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 24 || minute > 59 || second > 59)
        {
            return false;
        }

        var offset = TimeSpan.Zero;
        if (hasZone && m.Groups["z"].Value != "Z")
        {
            var z = m.Groups["z"].Value;
            var oh = int.Parse(z.AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture);
            var om = int.Parse(z.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture);
            if (om > 59 || oh > 14 || (oh == 14 && om != 0))
            {
                return false;
            }

            offset = new TimeSpan(oh, om, 0);
            if (z[0] == '-')
            {
                offset = -offset;
            }
        }

        try
        {
            var local = new DateTime(year, month, day, endOfDay ? 0 : hour, minute, second, DateTimeKind.Unspecified).AddTicks(ticks);
            value = new DateTimeOffset(local, offset);
            if (endOfDay)
            {
                value = value.AddDays(1);
            }

            value = value.ToUniversalTime();
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false; // an offset pushed the instant outside years 1–9999
        }
    }

    private static int Two(Match m, string group) =>
        int.Parse(m.Groups[group].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<y>[0-9]{4,})-(?<mo>[0-9]{2})-(?<d>[0-9]{2})(?:T(?<h>[0-9]{2}):(?<mi>[0-9]{2}):(?<s>[0-9]{2})(?<f>\.[0-9]+)?)?(?<z>Z|[+-][0-9]{2}:[0-9]{2})?$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Lexical();
}
