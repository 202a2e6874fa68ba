using System.Collections.Frozen;

namespace MicroCredentials.Signing.JsonLd;

internal static class Keywords
{
    public static readonly FrozenSet<string> All = new[]
    {
        "@base", "@container", "@context", "@default", "@direction", "@embed", "@explicit", "@graph", "@id", "@import",
        "@included", "@index", "@json", "@language", "@list", "@nest", "@none", "@omitDefault", "@prefix", "@preserve",
        "@propagate", "@protected", "@requireAll", "@reverse", "@set", "@type", "@value", "@version", "@vocab",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static bool IsKeyword(string? value) => value is not null && value.Length > 1 && value[0] == '@' && All.Contains(value);

    /// <summary>Matches <c>"@" 1*ALPHA</c>: reserved for future keywords and ignored with a warning.</summary>
    public static bool HasKeywordForm(string value)
    {
        if (value.Length < 2 || value[0] != '@')
        {
            return false;
        }

        for (var i = 1; i < value.Length; i++)
        {
            var c = value[i];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Well-formed per the loose BCP 47 pattern jsonld.js applies: <c>^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$</c>.</summary>
    public static bool IsWellFormedLanguage(string tag)
    {
        var segment = 0;
        var first = true;
        foreach (var c in tag)
        {
            if (c == '-')
            {
                if (segment == 0)
                {
                    return false;
                }

                segment = 0;
                first = false;
                continue;
            }

            var alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            var digit = c >= '0' && c <= '9';
            if (!(alpha || (!first && digit)))
            {
                return false;
            }

            if (++segment > 8)
            {
                return false;
            }
        }

        return segment > 0;
    }
}
