using System.Globalization;
using System.Text;
using MicroCredentials.Signing.JsonLd;
using MicroCredentials.Signing.Primitives;

namespace MicroCredentials.Signing.Rdf;

/// <summary>Recursive-descent reader over the whole document held as one string (the grammar of Turtle 1.1 §6.5).</summary>
internal sealed class TurtleReader
{

    private readonly string text;
    private readonly int maxDepth;
    private readonly Dictionary<string, string> prefixes = new(StringComparer.Ordinal);
    private readonly List<Quad> triples = [];
    private string? baseIri;
    private int pos;
    private int depth;
    private int generated;

    public TurtleReader(string text, string? baseIri, int maxDepth)
    {
        this.text = text;
        this.baseIri = baseIri;
        this.maxDepth = maxDepth;
    }

    public List<Quad> ReadAll()
    {
        SkipWs();
        while (pos < text.Length)
        {
            Statement();
            SkipWs();
        }

        return triples;
    }

    private void Statement()
    {
        if (Peek() == '@')
        {
            if (Keyword("@prefix", true))
            {
                PrefixDecl();
                Expect('.');
                return;
            }

            if (Keyword("@base", true))
            {
                BaseDecl();
                Expect('.');
                return;
            }

            throw Error(TurtleErrorCodes.Syntax, "unknown directive");
        }

        // SPARQL-style directives are case-insensitive and end without a dot.
        if (Keyword("PREFIX", false))
        {
            PrefixDecl();
            return;
        }

        if (Keyword("BASE", false))
        {
            BaseDecl();
            return;
        }

        Triples();
        Expect('.');
    }

    /// <summary>Consumes <paramref name="word"/> when it is followed by whitespace or a delimiter, not by more name characters.</summary>
    private bool Keyword(string word, bool caseSensitive)
    {
        if (pos + word.Length > text.Length
            || string.Compare(text, pos, word, 0, word.Length, caseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase) != 0)
        {
            return false;
        }

        var after = pos + word.Length;
        if (after < text.Length && (char.IsLetterOrDigit(text[after]) || text[after] is ':' or '_' or '-'))
        {
            return false;
        }

        pos = after;
        return true;
    }

    private void PrefixDecl()
    {
        SkipWs();
        var start = pos;
        if (Peek() != ':')
        {
            ReadPnPrefix();
        }

        var prefix = text[start..pos];
        Expect(':', skipWs: false);
        SkipWs();
        prefixes[prefix] = ReadIriRef();
    }

    private void BaseDecl()
    {
        SkipWs();
        baseIri = ReadIriRef();
    }

    private void Triples()
    {
        SkipWs();
        if (Peek() == '[')
        {
            var subject = BlankNodePropertyListOrAnon(out var wasAnon);
            SkipWs();
            if (wasAnon || Peek() != '.')
            {
                PredicateObjectList(subject);
            }

            return;
        }

        var s = Subject();
        PredicateObjectList(s);
    }

    private RdfTerm Subject()
    {
        SkipWs();
        return Peek() switch
        {
            '<' => RdfTerm.Iri(ReadIriRef()),
            '_' when PeekAt(1) == ':' => ReadBlankNodeLabel(),
            '(' => Collection(),
            _ when IsPrefixedNameStart() => RdfTerm.Iri(ReadPrefixedName()),
            _ => throw Error(TurtleErrorCodes.Syntax, "expected a subject (IRI, blank node or collection)"),
        };
    }

    private void PredicateObjectList(RdfTerm subject)
    {
        Verb(out var predicate);
        ObjectList(subject, predicate);
        while (true)
        {
            SkipWs();
            if (Peek() != ';')
            {
                return;
            }

            while (Peek() == ';')
            {
                pos++;
                SkipWs();
            }

            if (Peek() is '.' or ']' || pos >= text.Length)
            {
                return;
            }

            Verb(out predicate);
            ObjectList(subject, predicate);
        }
    }

    private void Verb(out RdfTerm predicate)
    {
        SkipWs();
        if (Peek() == 'a' && (pos + 1 >= text.Length || IsWs(text[pos + 1]) || text[pos + 1] is '<' or '[' or '"' or '\'' or '(' or '_' or '#'))
        {
            pos++;
            predicate = RdfVocabulary.Type;
            return;
        }

        predicate = Peek() switch
        {
            '<' => RdfTerm.Iri(ReadIriRef()),
            _ when IsPrefixedNameStart() => RdfTerm.Iri(ReadPrefixedName()),
            _ => throw Error(TurtleErrorCodes.Syntax, "expected a predicate"),
        };
    }

    private void ObjectList(RdfTerm subject, RdfTerm predicate)
    {
        while (true)
        {
            var o = Object();
            triples.Add(new Quad(subject, predicate, o, RdfTerm.DefaultGraph));
            SkipWs();
            if (Peek() != ',')
            {
                return;
            }

            pos++;
        }
    }

    private RdfTerm Object()
    {
        SkipWs();
        var c = Peek();
        switch (c)
        {
            case '<':
                return RdfTerm.Iri(ReadIriRef());
            case '_' when PeekAt(1) == ':':
                return ReadBlankNodeLabel();
            case '[':
                return BlankNodePropertyListOrAnon(out _);
            case '(':
                return Collection();
            case '"' or '\'':
                return RdfLiteral();
            case '+' or '-' or '.' or (>= '0' and <= '9'):
                return NumericLiteral();
        }

        if (Keyword("true", true))
        {
            return RdfTerm.Literal("true", RdfVocabulary.XsdNs + "boolean");
        }

        if (Keyword("false", true))
        {
            return RdfTerm.Literal("false", RdfVocabulary.XsdNs + "boolean");
        }

        if (IsPrefixedNameStart())
        {
            return RdfTerm.Iri(ReadPrefixedName());
        }

        throw Error(TurtleErrorCodes.Syntax, "expected an object (IRI, blank node, collection or literal)");
    }

    private RdfTerm BlankNodePropertyListOrAnon(out bool wasAnon)
    {
        Enter();
        pos++; // '['
        SkipWs();
        var node = NewBlankNode();
        if (Peek() == ']')
        {
            pos++;
            wasAnon = true;
            depth--;
            return node;
        }

        wasAnon = false;
        PredicateObjectList(node);
        SkipWs();
        Expect(']');
        depth--;
        return node;
    }

    private RdfTerm Collection()
    {
        Enter();
        pos++; // '('
        var items = new List<RdfTerm>();
        while (true)
        {
            SkipWs();
            if (Peek() == ')')
            {
                pos++;
                break;
            }

            if (pos >= text.Length)
            {
                throw Error(TurtleErrorCodes.Syntax, "unterminated collection");
            }

            items.Add(Object());
        }

        depth--;
        if (items.Count == 0)
        {
            return RdfVocabulary.Nil;
        }

        var head = NewBlankNode();
        var current = head;
        for (var i = 0; i < items.Count; i++)
        {
            triples.Add(new Quad(current, RdfVocabulary.First, items[i], RdfTerm.DefaultGraph));
            var next = i == items.Count - 1 ? RdfVocabulary.Nil : NewBlankNode();
            triples.Add(new Quad(current, RdfVocabulary.Rest, next, RdfTerm.DefaultGraph));
            current = next;
        }

        return head;
    }

    private void Enter()
    {
        if (++depth > maxDepth)
        {
            throw Error(TurtleErrorCodes.TooDeep, $"blank-node property lists and collections are nested deeper than {maxDepth}");
        }
    }

    private RdfTerm NewBlankNode() => RdfTerm.BlankNode("g" + (generated++).ToString(CultureInfo.InvariantCulture));

    private RdfTerm RdfLiteral()
    {
        var lexical = ReadString();
        if (Peek() == '@')
        {
            pos++;
            var start = pos;
            while (pos < text.Length && IsAsciiLetter(text[pos]))
            {
                pos++;
            }

            if (pos == start)
            {
                throw Error(TurtleErrorCodes.Syntax, "empty language tag");
            }

            while (Peek() == '-' && pos + 1 < text.Length && IsAsciiLetterOrDigit(text[pos + 1]))
            {
                pos++;
                while (pos < text.Length && IsAsciiLetterOrDigit(text[pos]))
                {
                    pos++;
                }
            }

            return RdfTerm.Literal(lexical, language: text[start..pos]);
        }

        if (Peek() == '^' && PeekAt(1) == '^')
        {
            pos += 2;
            var datatype = Peek() == '<' ? ReadIriRef()
                : IsPrefixedNameStart() ? ReadPrefixedName()
                : throw Error(TurtleErrorCodes.Syntax, "expected a datatype IRI after ^^");
            return RdfTerm.Literal(lexical, datatype);
        }

        return RdfTerm.Literal(lexical);
    }

    private RdfTerm NumericLiteral()
    {
        var start = pos;
        if (Peek() is '+' or '-')
        {
            pos++;
        }

        var intDigits = Digits();
        var fracDigits = -1;
        if (Peek() == '.' && pos + 1 < text.Length && char.IsAsciiDigit(text[pos + 1]))
        {
            pos++;
            fracDigits = Digits();
        }
        else if (Peek() == '.' && intDigits > 0 && pos + 1 < text.Length && text[pos + 1] is 'e' or 'E')
        {
            // "1.e5" is a double with an empty fraction.
            pos++;
            fracDigits = 0;
        }

        if (intDigits == 0 && fracDigits <= 0)
        {
            pos = start;
            throw Error(TurtleErrorCodes.Syntax, "expected a number");
        }

        if (Peek() is 'e' or 'E')
        {
            pos++;
            if (Peek() is '+' or '-')
            {
                pos++;
            }

            if (Digits() == 0)
            {
                throw Error(TurtleErrorCodes.Syntax, "exponent without digits");
            }

            return RdfTerm.Literal(text[start..pos], RdfVocabulary.XsdNs + "double");
        }

        return RdfTerm.Literal(text[start..pos], RdfVocabulary.XsdNs + (fracDigits >= 0 ? "decimal" : "integer"));
    }

    private int Digits()
    {
        var start = pos;
        while (pos < text.Length && char.IsAsciiDigit(text[pos]))
        {
            pos++;
        }

        return pos - start;
    }

    private string ReadString()
    {
        var quote = text[pos];
        var isLong = PeekAt(1) == quote && PeekAt(2) == quote;
        var openPos = pos;
        pos += isLong ? 3 : 1;
        var sb = new StringBuilder();
        while (true)
        {
            if (pos >= text.Length)
            {
                pos = openPos;
                throw Error(TurtleErrorCodes.Syntax, "unterminated string");
            }

            var c = text[pos];
            if (c == quote)
            {
                if (!isLong)
                {
                    pos++;
                    return sb.ToString();
                }

                if (PeekAt(1) == quote && PeekAt(2) == quote)
                {
                    // A long string may end in up to two quotes of its own: """a"""" is «a"».
                    while (PeekAt(3) == quote)
                    {
                        sb.Append(quote);
                        pos++;
                    }

                    pos += 3;
                    return sb.ToString();
                }

                sb.Append(c);
                pos++;
                continue;
            }

            if (c == '\\')
            {
                ReadEscape(sb, allowEchar: true);
                continue;
            }

            if (!isLong && c is '\n' or '\r')
            {
                throw Error(TurtleErrorCodes.Syntax, "line break in a short string");
            }

            sb.Append(c);
            pos++;
        }
    }

    private void ReadEscape(StringBuilder sb, bool allowEchar)
    {
        var c = PeekAt(1);
        switch (c)
        {
            case 'u':
                AppendCodePoint(sb, pos, ReadHex(4));
                return;
            case 'U':
                AppendCodePoint(sb, pos, ReadHex(8));
                return;
        }

        if (allowEchar)
        {
            char? mapped = c switch
            {
                't' => '\t',
                'b' => '\b',
                'n' => '\n',
                'r' => '\r',
                'f' => '\f',
                '"' => '"',
                '\'' => '\'',
                '\\' => '\\',
                _ => null,
            };
            if (mapped is { } m)
            {
                sb.Append(m);
                pos += 2;
                return;
            }
        }

        throw Error(TurtleErrorCodes.InvalidEscape, "invalid escape sequence");
    }

    private int ReadHex(int digits)
    {
        if (pos + 2 + digits > text.Length
            || !int.TryParse(text.AsSpan(pos + 2, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            || value < 0)
        {
            throw Error(TurtleErrorCodes.InvalidEscape, "invalid \\u or \\U escape");
        }

        pos += 2 + digits;
        return value;
    }

    private void AppendCodePoint(StringBuilder sb, int escapeStart, int cp)
    {
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        {
            pos = escapeStart;
            throw Error(TurtleErrorCodes.InvalidEscape, "escape of a surrogate or a code point beyond U+10FFFF");
        }

        sb.Append(char.ConvertFromUtf32(cp));
    }

    private string ReadIriRef()
    {
        if (Peek() != '<')
        {
            throw Error(TurtleErrorCodes.Syntax, "expected an IRI in angle brackets");
        }

        var open = pos;
        pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (pos >= text.Length)
            {
                pos = open;
                throw Error(TurtleErrorCodes.Syntax, "unterminated IRI");
            }

            var c = text[pos];
            if (c == '>')
            {
                pos++;
                break;
            }

            if (c == '\\')
            {
                var before = sb.Length;
                ReadEscape(sb, allowEchar: false);
                // An escape may not smuggle in a character the IRI grammar forbids.
                if (sb.Length == before + 1 && IsForbiddenInIri(sb[before]))
                {
                    throw Error(TurtleErrorCodes.InvalidIri, "escaped character not allowed in an IRI");
                }

                continue;
            }

            if (IsForbiddenInIri(c))
            {
                throw Error(TurtleErrorCodes.InvalidIri, $"character U+{(int)c:X4} not allowed in an IRI");
            }

            sb.Append(c);
            pos++;
        }

        return Absolute(sb.ToString(), open);
    }

    private string Absolute(string iri, int at)
    {
        if (Iri.IsAbsolute(iri))
        {
            return iri;
        }

        if (baseIri is null)
        {
            pos = at;
            throw Error(TurtleErrorCodes.InvalidIri, $"relative IRI <{iri}> and no base IRI");
        }

        return Iri.Resolve(baseIri, iri);
    }

    private static bool IsForbiddenInIri(char c) => c <= 0x20 || c is '<' or '>' or '"' or '{' or '}' or '|' or '^' or '`' or '\\';

    private bool IsPrefixedNameStart()
    {
        var c = Peek();
        return c == ':' || IsPnCharsBase(c) || char.IsHighSurrogate(c);
    }

    private string ReadPrefixedName()
    {
        var at = pos;
        if (Peek() != ':')
        {
            ReadPnPrefix();
        }

        var prefix = text[at..pos];
        if (Peek() != ':')
        {
            pos = at;
            throw Error(TurtleErrorCodes.Syntax, "expected a prefixed name");
        }

        pos++;
        var local = ReadPnLocal();
        if (!prefixes.TryGetValue(prefix, out var ns))
        {
            pos = at;
            throw Error(TurtleErrorCodes.UndefinedPrefix, $"prefix '{prefix}:' is not declared");
        }

        return Absolute(ns + local, at);
    }

    /// <summary>PN_PREFIX: PN_CHARS_BASE ((PN_CHARS | '.')* PN_CHARS)?</summary>
    private void ReadPnPrefix()
    {
        if (!TryNameChar(first: true, local: false))
        {
            throw Error(TurtleErrorCodes.Syntax, "invalid prefix name");
        }

        ReadNameTail(local: false, null);
    }

    /// <summary>PN_LOCAL, with PLX escapes decoded (percent encodings kept as written).</summary>
    private string ReadPnLocal()
    {
        var sb = new StringBuilder();
        if (!TryLocalChar(sb, first: true))
        {
            return string.Empty;
        }

        ReadNameTail(local: true, sb);
        return sb.ToString();
    }

    /// <summary>Reads (name chars | '.')*, giving back trailing dots, which end the statement instead.</summary>
    private void ReadNameTail(bool local, StringBuilder? sb)
    {
        while (pos < text.Length)
        {
            if (text[pos] == '.')
            {
                var dots = 0;
                while (PeekAt(dots) == '.')
                {
                    dots++;
                }

                var save = pos;
                pos += dots;
                var sbLen = sb?.Length ?? 0;
                if (local ? TryLocalChar(sb!, first: false) : TryNameChar(first: false, local: false))
                {
                    sb?.Insert(sbLen, new string('.', dots));
                    continue;
                }

                pos = save;
                return;
            }

            if (!(local ? TryLocalChar(sb!, first: false) : TryNameChar(first: false, local: false)))
            {
                return;
            }
        }
    }

    private bool TryLocalChar(StringBuilder sb, bool first)
    {
        var c = Peek();
        if (c == ':' || (first && char.IsAsciiDigit(c)))
        {
            sb.Append(c);
            pos++;
            return true;
        }

        if (c == '%')
        {
            if (pos + 2 < text.Length && char.IsAsciiHexDigit(text[pos + 1]) && char.IsAsciiHexDigit(text[pos + 2]))
            {
                sb.Append(text, pos, 3);
                pos += 3;
                return true;
            }

            throw Error(TurtleErrorCodes.InvalidEscape, "invalid percent encoding in a prefixed name");
        }

        if (c == '\\')
        {
            var e = PeekAt(1);
            if ("_~.-!$&'()*+,;=/?#@%".Contains(e, StringComparison.Ordinal) && e != '\0')
            {
                sb.Append(e);
                pos += 2;
                return true;
            }

            throw Error(TurtleErrorCodes.InvalidEscape, "invalid escape in a prefixed name");
        }

        var start = pos;
        if (TryNameChar(first, local: true))
        {
            sb.Append(text, start, pos - start);
            return true;
        }

        return false;
    }

    /// <summary>PN_CHARS_BASE / PN_CHARS_U / PN_CHARS, one code point (surrogate pairs count as the U+10000… range).</summary>
    private bool TryNameChar(bool first, bool local)
    {
        if (pos >= text.Length)
        {
            return false;
        }

        var c = text[pos];
        if (char.IsHighSurrogate(c))
        {
            if (pos + 1 < text.Length && char.IsLowSurrogate(text[pos + 1]) && char.ConvertToUtf32(c, text[pos + 1]) <= 0xEFFFF)
            {
                pos += 2;
                return true;
            }

            return false;
        }

        var ok = IsPnCharsBase(c)
            || (c == '_' && (local || !first))
            || (!first && (c == '-' || char.IsAsciiDigit(c) || c == '\u00B7' || (c >= '\u0300' && c <= '\u036F') || c == '\u203F' || c == '\u2040'));
        if (ok)
        {
            pos++;
        }

        return ok;
    }

    private static bool IsPnCharsBase(char c) =>
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
        || (c >= '\u00C0' && c <= '\u00D6') || (c >= '\u00D8' && c <= '\u00F6') || (c >= '\u00F8' && c <= '\u02FF')
        || (c >= '\u0370' && c <= '\u037D') || (c >= '\u037F' && c <= '\u1FFF') || (c >= '\u200C' && c <= '\u200D')
        || (c >= '\u2070' && c <= '\u218F') || (c >= '\u2C00' && c <= '\u2FEF') || (c >= '\u3001' && c <= '\uD7FF')
        || (c >= '\uF900' && c <= '\uFDCF') || (c >= '\uFDF0' && c <= '\uFFFD');

    private RdfTerm ReadBlankNodeLabel()
    {
        pos += 2; // "_:"
        var start = pos;
        var c = Peek();
        if (!(IsPnCharsBase(c) || c == '_' || char.IsAsciiDigit(c) || char.IsHighSurrogate(c)))
        {
            throw Error(TurtleErrorCodes.Syntax, "invalid blank node label");
        }

        if (char.IsAsciiDigit(c) || c == '_')
        {
            pos++;
        }
        else if (!TryNameChar(first: true, local: false))
        {
            throw Error(TurtleErrorCodes.Syntax, "invalid blank node label");
        }

        ReadNameTail(local: false, null);
        return RdfTerm.BlankNode("b" + text[start..pos]);
    }

    private void Expect(char c, bool skipWs = true)
    {
        if (skipWs)
        {
            SkipWs();
        }

        if (Peek() != c)
        {
            throw Error(TurtleErrorCodes.Syntax, $"expected '{c}'");
        }

        pos++;
    }

    private char Peek() => pos < text.Length ? text[pos] : '\0';

    private char PeekAt(int offset) => pos + offset < text.Length ? text[pos + offset] : '\0';

    private static bool IsWs(char c) => c is ' ' or '\t' or '\n' or '\r';

    private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

    private static bool IsAsciiLetterOrDigit(char c) => IsAsciiLetter(c) || char.IsAsciiDigit(c);

    private void SkipWs()
    {
        while (pos < text.Length)
        {
            var c = text[pos];
            if (IsWs(c))
            {
                pos++;
            }
            else if (c == '#')
            {
                while (pos < text.Length && text[pos] is not '\n' and not '\r')
                {
                    pos++;
                }
            }
            else
            {
                return;
            }
        }
    }

    private TurtleException Error(string code, string message)
    {
        // Line and column are computed only on failure, so reading costs nothing for them.
        int line = 1, lineStart = 0;
        var end = Math.Min(pos, text.Length);
        for (var i = 0; i < end; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new TurtleException(code, message, line, end - lineStart + 1);
    }
}
