using System.Text;
using System.Text.RegularExpressions;

namespace MicroCredentials.Signing.Schemas.Validation;

/// <summary>
/// Compiles ECMA-262 patterns (JSON Schema's regex dialect) to .NET regular expressions.
/// <para>
/// <see cref="RegexOptions.ECMAScript"/> is not used: it cannot be combined with the options we need (it excludes
/// <see cref="RegexOptions.NonBacktracking"/>, <see cref="RegexOptions.CultureInvariant"/>…), rejects <c>\p{…}</c>
/// and lookbehind, and its <c>\s</c> is ASCII-only where ECMA-262's is Unicode. Instead the few constructs whose meaning
/// differs are rewritten: <c>\d</c>/<c>\w</c> (and negations) become ASCII classes, <c>\s</c> the ECMA-262 white-space
/// and line-terminator set, <c>.</c> excludes the four ECMA line terminators, <c>$</c> means end of input (.NET's also
/// matches before a final newline), and <c>\p{Letter}</c>-style long property names map to .NET's short ones.
/// </para>
/// <para>
/// Instances are untrusted, so patterns run on <see cref="RegexOptions.NonBacktracking"/> (linear time) where the
/// pattern allows it; patterns using backreferences or lookaround fall back to the backtracking engine with a match
/// timeout. Known gap: a quantifier after a literal astral character applies to its low surrogate only (.NET matches
/// UTF-16 code units; ECMA-262 with the <c>u</c> flag matches code points).
/// </para>
/// </summary>
internal static class EcmaRegex
{
    private const string EcmaSpace = @"\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    private static readonly Dictionary<string, string> LongNames = new(StringComparer.Ordinal)
    {
        ["Letter"] = "L",
        ["Lowercase_Letter"] = "Ll",
        ["Uppercase_Letter"] = "Lu",
        ["Titlecase_Letter"] = "Lt",
        ["Modifier_Letter"] = "Lm",
        ["Other_Letter"] = "Lo",
        ["Mark"] = "M",
        ["Number"] = "N",
        ["Decimal_Number"] = "Nd",
        ["digit"] = "Nd",
        ["Letter_Number"] = "Nl",
        ["Other_Number"] = "No",
        ["Punctuation"] = "P",
        ["punct"] = "P",
        ["Symbol"] = "S",
        ["Separator"] = "Z",
        ["Space_Separator"] = "Zs",
        ["Other"] = "C",
        ["Control"] = "Cc",
        ["Math_Symbol"] = "Sm",
        ["Currency_Symbol"] = "Sc",
        ["Connector_Punctuation"] = "Pc",
        ["Dash_Punctuation"] = "Pd",
    };

    /// <summary>Compiles the pattern, or throws <see cref="SchemaCompilationException"/> if it is not a valid ECMA-262 pattern.</summary>
    public static Regex Compile(string pattern)
    {
        if (!TryTranslate(pattern, out var translated))
        {
            throw new SchemaCompilationException($"'{pattern}' is not a valid ECMA-262 regular expression");
        }

        try
        {
            return new Regex(translated, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            // Backreferences, lookaround and atomic groups need the backtracking engine.
        }
        catch (ArgumentException ex)
        {
            throw new SchemaCompilationException($"'{pattern}' is not a valid regular expression: {ex.Message}", ex);
        }

        try
        {
            return new Regex(translated, RegexOptions.CultureInvariant, Timeout);
        }
        catch (ArgumentException ex)
        {
            throw new SchemaCompilationException($"'{pattern}' is not a valid regular expression: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Matches, answering <paramref name="onTimeout"/> when a backtracking pattern runs out of time, so a hostile
    /// instance costs at most the timeout and the caller decides which way is the strict one.
    /// </summary>
    public static bool IsMatch(Regex regex, ReadOnlySpan<char> input, bool onTimeout)
    {
        try
        {
            return regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            return onTimeout;
        }
    }

    /// <summary>True when the string is a valid ECMA-262 pattern (the <c>regex</c> format).</summary>
    public static bool IsValid(string pattern)
    {
        if (!TryTranslate(pattern, out var translated))
        {
            return false;
        }

        try
        {
            _ = new Regex(translated, RegexOptions.CultureInvariant, Timeout);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool TryTranslate(string p, out string translated)
    {
        var sb = new StringBuilder(p.Length + 16);
        var inClass = false;
        for (var i = 0; i < p.Length; i++)
        {
            var c = p[i];
            if (c == '\\')
            {
                if (i + 1 >= p.Length)
                {
                    translated = string.Empty;
                    return false;
                }

                var e = p[++i];
                switch (e)
                {
                    case 'd':
                        sb.Append(inClass ? "0-9" : "[0-9]");
                        break;
                    case 'D':
                        // Inside a class a negated ASCII set cannot be nested; \P{Nd} differs only on non-ASCII digits.
                        sb.Append(inClass ? @"\P{Nd}" : "[^0-9]");
                        break;
                    case 'w':
                        sb.Append(inClass ? "a-zA-Z0-9_" : "[a-zA-Z0-9_]");
                        break;
                    case 'W':
                        sb.Append(inClass ? @"\W" : "[^a-zA-Z0-9_]");
                        break;
                    case 's':
                        sb.Append(inClass ? EcmaSpace : "[" + EcmaSpace + "]");
                        break;
                    case 'S':
                        sb.Append(inClass ? @"\S" : "[^" + EcmaSpace + "]");
                        break;
                    case 'p' or 'P' when i + 1 < p.Length && p[i + 1] == '{':
                        var close = p.IndexOf('}', i + 2);
                        if (close < 0)
                        {
                            translated = string.Empty;
                            return false;
                        }

                        var name = p[(i + 2)..close];
                        var eq = name.IndexOf('=', StringComparison.Ordinal);
                        if (eq >= 0)
                        {
                            name = name[(eq + 1)..];
                        }

                        sb.Append('\\').Append(e).Append('{').Append(LongNames.TryGetValue(name, out var shortName) ? shortName : name).Append('}');
                        i = close;
                        break;
                    case 'c' when i + 1 < p.Length && char.IsAsciiLetter(p[i + 1]):
                        sb.Append('\\').Append('c').Append(p[++i]);
                        break;
                    case 'u' when i + 1 < p.Length && p[i + 1] == '{':
                        var end = p.IndexOf('}', i + 2);
                        if (end < 0 || !int.TryParse(p.AsSpan(i + 2, end - i - 2), System.Globalization.NumberStyles.HexNumber, null, out var cp) || cp > 0x10FFFF)
                        {
                            translated = string.Empty;
                            return false;
                        }

                        AppendLiteral(sb, char.ConvertFromUtf32(cp));
                        i = end;
                        break;
                    case 'a' or 'e' or 'A' or 'z' or 'Z' or 'G':
                        // Not escapes in ECMA-262 with the u flag (ajv's default); .NET would give them meaning.
                        translated = string.Empty;
                        return false;
                    default:
                        sb.Append('\\').Append(e);
                        break;
                }

                continue;
            }

            if (inClass)
            {
                if (c == ']')
                {
                    inClass = false;
                }
                else if (c == '[')
                {
                    // Literal in ECMA-262 classes; .NET would read "[a-[b]]" as subtraction.
                    sb.Append('\\');
                }

                sb.Append(c);
                continue;
            }

            switch (c)
            {
                case '[':
                    inClass = true;
                    sb.Append(c);
                    if (i + 1 < p.Length && p[i + 1] == '^')
                    {
                        sb.Append('^');
                        i++;
                    }

                    if (i + 1 < p.Length && p[i + 1] == ']')
                    {
                        // "[]" matches nothing and "[^]" anything in ECMA-262; .NET would read ']' as a literal member.
                        var negated = sb[^1] == '^';
                        sb.Length -= negated ? 2 : 1;
                        sb.Append(negated ? @"[\s\S]" : "(?!)");
                        inClass = false;
                        i++;
                    }

                    break;
                case '.':
                    sb.Append(@"[^\n\r\u2028\u2029]");
                    break;
                case '$':
                    sb.Append(@"\z");
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        translated = sb.ToString();
        return !inClass;
    }

    private static void AppendLiteral(StringBuilder sb, string s)
    {
        if (s.Length == 1)
        {
            sb.Append(Regex.Escape(s));
        }
        else
        {
            sb.Append("(?:").Append(s).Append(')');
        }
    }
}
