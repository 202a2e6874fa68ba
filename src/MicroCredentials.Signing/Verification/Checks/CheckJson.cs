using System.Globalization;
using System.Text.Json.Nodes;

namespace MicroCredentials.Signing.Verification.Checks;

/// <summary>Reading JSON members the way every check does: strings only where strings are expected, nothing coerced.</summary>
internal static class CheckJson
{
    public static List<string> Strings(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        JsonArray a => a.OfType<JsonValue>().Select(x => x.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList(),
        _ => [],
    };

    public static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Three base64url segments: a compact JWS, as opposed to JSON or an SVG.</summary>
    public static bool LooksLikeJwt(string text)
    {
        var t = text.AsSpan().Trim();
        if (t.IsEmpty || t[0] == '{' || t[0] == '<')
        {
            return false;
        }

        var dots = 0;
        foreach (var c in t)
        {
            if (c == '.')
            {
                dots++;
            }
            else if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return dots == 2;
    }
}
