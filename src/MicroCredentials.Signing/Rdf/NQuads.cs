using System.Globalization;
using System.Text;

namespace MicroCredentials.Signing.Rdf;

/// <summary>
/// N-Quads 1.1 reader and canonical writer. The writer emits the canonical form RDFC-1.0 hashes and signs:
/// one space between terms, <c> .\n</c> after each quad, <c>xsd:string</c> datatypes omitted and the
/// minimal escaping of the RDF 1.2 N-Triples canonical form.
/// </summary>
public static class NQuads
{
    /// <summary>
    /// Parses an N-Quads document. Duplicate quads are kept (a dataset's set semantics are applied by
    /// the canonicalizer), in document order.
    /// </summary>
    /// <param name="text">The N-Quads text; lines end with LF, CR or CRLF; <c>#</c> starts a comment.</param>
    /// <returns>The quads in document order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException">The text is not valid N-Quads; the message names the line.</exception>
    public static IReadOnlyList<Quad> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = new NQuadsReader(text);
        return reader.ReadAll();
    }

    /// <summary>Serializes quads in the given order, one canonical N-Quads line (ending in <c>\n</c>) each.</summary>
    /// <param name="quads">The quads.</param>
    /// <returns>The N-Quads document.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="quads"/> is null.</exception>
    public static string Serialize(IEnumerable<Quad> quads)
    {
        ArgumentNullException.ThrowIfNull(quads);
        var sb = new StringBuilder();
        foreach (var quad in quads)
        {
            WriteQuad(sb, quad);
        }

        return sb.ToString();
    }

    /// <summary>Serializes one quad as a canonical N-Quads line ending in <c>\n</c>.</summary>
    /// <param name="quad">The quad.</param>
    /// <returns>The line.</returns>
    public static string SerializeQuad(in Quad quad)
    {
        var sb = new StringBuilder(128);
        WriteQuad(sb, quad);
        return sb.ToString();
    }

    /// <summary>Appends one quad as a canonical N-Quads line ending in <c>\n</c>, without intermediate strings.</summary>
    /// <param name="builder">Where to append.</param>
    /// <param name="quad">The quad.</param>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static void WriteQuad(StringBuilder builder, in Quad quad)
    {
        ArgumentNullException.ThrowIfNull(builder);
        NQuadsEscaper.AppendTerm(builder, quad.Subject);
        builder.Append(' ');
        NQuadsEscaper.AppendTerm(builder, quad.Predicate);
        builder.Append(' ');
        NQuadsEscaper.AppendTerm(builder, quad.Object);
        if (!quad.Graph.IsDefaultGraph)
        {
            builder.Append(' ');
            NQuadsEscaper.AppendTerm(builder, quad.Graph);
        }

        builder.Append(" .\n");
    }

    /// <summary>A single-pass reader; each method leaves <see cref="pos"/> after what it consumed.</summary>
    private struct NQuadsReader
    {
        private readonly string text;
        private readonly Dictionary<string, string> strings;
        private int pos;
        private int line;

        public NQuadsReader(string text)
        {
            this.text = text;
            strings = new Dictionary<string, string>(StringComparer.Ordinal);
            pos = 0;
            line = 1;
        }

        public List<Quad> ReadAll()
        {
            var quads = new List<Quad>();
            while (pos < text.Length)
            {
                SkipWhitespace();
                if (AtLineEnd())
                {
                    SkipComment();
                    ConsumeEndOfLine();
                    continue;
                }

                var subject = ReadSubjectOrGraph("subject");
                SkipWhitespace();
                if (Peek() != '<')
                {
                    throw Error("expected an IRI as predicate");
                }

                var predicate = RdfTerm.Iri(ReadIri());
                SkipWhitespace();
                var obj = ReadObject();
                SkipWhitespace();
                var graph = RdfTerm.DefaultGraph;
                if (Peek() != '.')
                {
                    graph = ReadSubjectOrGraph("graph label or '.'");
                    SkipWhitespace();
                }

                if (Peek() != '.')
                {
                    throw Error("expected '.' at the end of the statement");
                }

                pos++;
                SkipWhitespace();
                if (!AtLineEnd())
                {
                    throw Error("unexpected text after '.'");
                }

                SkipComment();
                ConsumeEndOfLine();
                quads.Add(new Quad(subject, predicate, obj, graph));
            }

            return quads;
        }

        private readonly int Peek() => pos < text.Length ? text[pos] : '\0';

        private readonly bool AtLineEnd() => pos >= text.Length || text[pos] is '\n' or '\r' or '#';

        private void SkipWhitespace()
        {
            while (pos < text.Length && text[pos] is ' ' or '\t')
            {
                pos++;
            }
        }

        private void SkipComment()
        {
            if (pos < text.Length && text[pos] == '#')
            {
                while (pos < text.Length && text[pos] is not ('\n' or '\r'))
                {
                    pos++;
                }
            }
        }

        private void ConsumeEndOfLine()
        {
            if (pos >= text.Length)
            {
                return;
            }

            if (text[pos] == '\r')
            {
                pos++;
                if (pos < text.Length && text[pos] == '\n')
                {
                    pos++;
                }
            }
            else if (text[pos] == '\n')
            {
                pos++;
            }

            line++;
        }

        private readonly FormatException Error(string message) =>
            new(string.Create(CultureInfo.InvariantCulture, $"N-Quads line {line}: {message}."));

        private RdfTerm ReadSubjectOrGraph(string what)
        {
            return Peek() switch
            {
                '<' => RdfTerm.Iri(ReadIri()),
                '_' => RdfTerm.BlankNodeFromLabel(ReadBlankNodeLabel()),
                _ => throw Error("expected an IRI or blank node as " + what),
            };
        }

        private RdfTerm ReadObject()
        {
            switch (Peek())
            {
                case '<':
                    return RdfTerm.Iri(ReadIri());
                case '_':
                    return RdfTerm.BlankNodeFromLabel(ReadBlankNodeLabel());
                case '"':
                    var lexical = ReadStringLiteral();
                    if (Peek() == '@')
                    {
                        return RdfTerm.Literal(lexical, language: ReadLanguageTag());
                    }

                    if (Peek() == '^')
                    {
                        if (pos + 2 >= text.Length || text[pos + 1] != '^' || text[pos + 2] != '<')
                        {
                            throw Error("expected '^^<' after a literal");
                        }

                        pos += 2;
                        var datatype = ReadIri();
                        if (string.Equals(datatype, RdfTerm.RdfLangString, StringComparison.Ordinal))
                        {
                            throw Error("rdf:langString literal without a language tag");
                        }

                        return RdfTerm.Literal(lexical, datatype);
                    }

                    return RdfTerm.Literal(lexical);
                default:
                    throw Error("expected an IRI, blank node or literal as object");
            }
        }

        private string ReadIri()
        {
            // At '<'.
            pos++;
            var start = pos;
            StringBuilder? sb = null;
            while (true)
            {
                if (pos >= text.Length)
                {
                    throw Error("unterminated IRI");
                }

                var c = text[pos];
                if (c == '>')
                {
                    break;
                }

                if (c == '\\')
                {
                    sb ??= new StringBuilder();
                    sb.Append(text, start, pos - start);
                    if (pos + 1 >= text.Length || text[pos + 1] is not ('u' or 'U'))
                    {
                        throw Error("only \\u and \\U escapes are allowed in an IRI");
                    }

                    AppendUnicodeEscape(sb);
                    start = pos;
                    continue;
                }

                if (NQuadsEscaper.IriNeedsEscape(c))
                {
                    throw Error(string.Create(CultureInfo.InvariantCulture, $"character U+{(int)c:X4} is not allowed in an IRI"));
                }

                pos++;
            }

            string iri;
            if (sb is null)
            {
                iri = Intern(text.AsSpan(start, pos - start));
            }
            else
            {
                sb.Append(text, start, pos - start);
                iri = Intern(sb.ToString().AsSpan());
            }

            pos++;
            if (!HasScheme(iri))
            {
                throw Error("IRI <" + iri + "> is not absolute");
            }

            return iri;
        }

        private static bool HasScheme(string iri)
        {
            if (iri.Length == 0 || !char.IsAsciiLetter(iri[0]))
            {
                return false;
            }

            for (var i = 1; i < iri.Length; i++)
            {
                var c = iri[i];
                if (c == ':')
                {
                    return true;
                }

                if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
                {
                    return false;
                }
            }

            return false;
        }

        private string ReadBlankNodeLabel()
        {
            if (pos + 1 >= text.Length || text[pos + 1] != ':')
            {
                throw Error("expected '_:' to start a blank node");
            }

            pos += 2;
            var start = pos;
            if (pos >= text.Length || !(IsPnCharsU(text, pos, out var w) || char.IsAsciiDigit(text[pos])))
            {
                throw Error("invalid blank node label");
            }

            pos += pos < text.Length && char.IsAsciiDigit(text[pos]) ? 1 : w;
            while (pos < text.Length)
            {
                if (text[pos] == '.')
                {
                    pos++;
                }
                else if (IsPnChars(text, pos, out w))
                {
                    pos += w;
                }
                else
                {
                    break;
                }
            }

            // A label cannot end with '.': the dot belongs to the statement.
            while (text[pos - 1] == '.')
            {
                pos--;
            }

            return Intern(text.AsSpan(start, pos - start));
        }

        private static bool IsPnCharsBase(string s, int i, out int width)
        {
            width = 1;
            var c = s[i];
            if (char.IsAsciiLetter(c))
            {
                return true;
            }

            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                // #x10000-#xEFFFF
                width = 2;
                var cp = char.ConvertToUtf32(c, s[i + 1]);
                return cp <= 0xEFFFF;
            }

            return c is (>= '\u00C0' and <= '\u00D6') or (>= '\u00D8' and <= '\u00F6') or (>= '\u00F8' and <= '\u02FF')
                or (>= '\u0370' and <= '\u037D') or (>= '\u037F' and <= '\u1FFF') or (>= '\u200C' and <= '\u200D')
                or (>= '\u2070' and <= '\u218F') or (>= '\u2C00' and <= '\u2FEF') or (>= '\u3001' and <= '\uD7FF')
                or (>= '\uF900' and <= '\uFDCF') or (>= '\uFDF0' and <= '\uFFFD');
        }

        private static bool IsPnCharsU(string s, int i, out int width) =>
            IsPnCharsBase(s, i, out width) || s[i] == '_' || s[i] == ':';

        private static bool IsPnChars(string s, int i, out int width)
        {
            if (IsPnCharsU(s, i, out width))
            {
                return true;
            }

            var c = s[i];
            return char.IsAsciiDigit(c) || c == '-' || c == '\u00B7' || c is (>= '\u0300' and <= '\u036F') or (>= '\u203F' and <= '\u2040');
        }

        private string ReadStringLiteral()
        {
            // At '"'.
            pos++;
            var start = pos;
            StringBuilder? sb = null;
            while (true)
            {
                if (pos >= text.Length)
                {
                    throw Error("unterminated string literal");
                }

                var c = text[pos];
                if (c == '"')
                {
                    break;
                }

                if (c is '\n' or '\r')
                {
                    throw Error("unterminated string literal");
                }

                if (c != '\\')
                {
                    pos++;
                    continue;
                }

                sb ??= new StringBuilder();
                sb.Append(text, start, pos - start);
                if (pos + 1 >= text.Length)
                {
                    throw Error("unterminated escape sequence");
                }

                switch (text[pos + 1])
                {
                    case 't': sb.Append('\t'); pos += 2; break;
                    case 'b': sb.Append('\b'); pos += 2; break;
                    case 'n': sb.Append('\n'); pos += 2; break;
                    case 'r': sb.Append('\r'); pos += 2; break;
                    case 'f': sb.Append('\f'); pos += 2; break;
                    case '"': sb.Append('"'); pos += 2; break;
                    case '\'': sb.Append('\''); pos += 2; break;
                    case '\\': sb.Append('\\'); pos += 2; break;
                    case 'u' or 'U': AppendUnicodeEscape(sb); break;
                    default: throw Error("invalid escape sequence '\\" + text[pos + 1] + "'");
                }

                start = pos;
            }

            string value;
            if (sb is null)
            {
                value = text.Substring(start, pos - start);
            }
            else
            {
                sb.Append(text, start, pos - start);
                value = sb.ToString();
            }

            pos++;
            return value;
        }

        private void AppendUnicodeEscape(StringBuilder sb)
        {
            // At '\\', followed by 'u' or 'U'.
            var digits = text[pos + 1] == 'u' ? 4 : 8;
            if (pos + 2 + digits > text.Length)
            {
                throw Error("truncated \\" + text[pos + 1] + " escape");
            }

            var cp = 0;
            for (var i = 0; i < digits; i++)
            {
                var h = HexValue(text[pos + 2 + i]);
                if (h < 0)
                {
                    throw Error("invalid hex digit in a \\" + text[pos + 1] + " escape");
                }

                cp = (cp << 4) | h;
            }

            if (digits == 4)
            {
                sb.Append((char)cp);
            }
            else
            {
                if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                {
                    throw Error("\\U escape is not a Unicode scalar value");
                }

                if (cp >= 0x10000)
                {
                    sb.Append(char.ConvertFromUtf32(cp));
                }
                else
                {
                    sb.Append((char)cp);
                }
            }

            pos += 2 + digits;
        }

        private static int HexValue(char c) => c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => -1,
        };

        private string ReadLanguageTag()
        {
            // At '@'.
            pos++;
            var start = pos;
            while (pos < text.Length && char.IsAsciiLetter(text[pos]))
            {
                pos++;
            }

            if (pos == start)
            {
                throw Error("empty language tag");
            }

            while (pos < text.Length && text[pos] == '-')
            {
                var subStart = ++pos;
                while (pos < text.Length && char.IsAsciiLetterOrDigit(text[pos]))
                {
                    pos++;
                }

                if (pos == subStart)
                {
                    throw Error("empty language subtag");
                }
            }

            return Intern(text.AsSpan(start, pos - start));
        }

        /// <summary>IRIs, labels and tags repeat across quads; sharing one string instance keeps a parsed dataset small.</summary>
        private readonly string Intern(ReadOnlySpan<char> span)
        {
            var s = span.ToString();
            if (strings.TryGetValue(s, out var existing))
            {
                return existing;
            }

            strings.Add(s, s);
            return s;
        }
    }
}
