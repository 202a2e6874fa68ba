using System.Buffers;
using System.Text;
using MicroCredentials.Signing.Canonicalization;

namespace MicroCredentials.Signing.Rdf;

/// <summary>
/// Canonical N-Quads term serialisation (RDF 1.2 N-Triples canonical form, as rdf-canonize does it):
/// literals escape <c>\b \t \n \f \r \" \\</c> with ECHAR and every other U+0000–U+001F and U+007F with an
/// upper-case <c>\uXXXX</c>; IRIs escape U+0000–U+0020 and <c>&lt;&gt;"{}|^`\</c> with <c>\uXXXX</c>.
/// Everything else is written as is.
/// </summary>
internal static class NQuadsEscaper
{
    private const string HexUpper = "0123456789ABCDEF";

    private static readonly SearchValues<char> LiteralSpecials = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F"
        + "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F"
        + "\"\\\u007F");

    // rdf-canonize before 4.0 (and DIDKit) escaped only these in literals; see RdfcOptions.LegacyLiteralEscaping.
    private static readonly SearchValues<char> LegacyLiteralSpecials = SearchValues.Create("\"\\\n\r");

    private static readonly SearchValues<char> IriSpecials = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F"
        + "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F"
        + " <>\"{}|^`\\");

    /// <summary>True when <paramref name="value"/> holds a character the legacy literal form writes differently.</summary>
    internal static bool HasLegacyDivergence(string value)
    {
        foreach (var c in value)
        {
            if ((c < 0x20 && c is not '\n' and not '\r') || c == 0x7F)
            {
                return true;
            }
        }

        return false;
    }

    internal static bool LiteralNeedsEscape(char c) => c < 0x20 || c == '"' || c == '\\' || c == 0x7F;

    internal static bool IriNeedsEscape(char c) =>
        c <= 0x20 || c is '<' or '>' or '"' or '{' or '}' or '|' or '^' or '`' or '\\';

    /// <summary>Appends a term in canonical N-Quads form (nothing for the default graph).</summary>
    internal static void AppendTerm(StringBuilder sb, in RdfTerm term)
    {
        switch (term.Kind)
        {
            case RdfTermKind.Iri:
                AppendIri(sb, term.Value);
                break;
            case RdfTermKind.BlankNode:
                sb.Append("_:").Append(term.Value);
                break;
            case RdfTermKind.Literal:
                AppendLiteral(sb, term);
                break;
            default:
                break;
        }
    }

    internal static void AppendIri(StringBuilder sb, string iri)
    {
        sb.Append('<');
        var start = 0;
        for (var i = 0; i < iri.Length; i++)
        {
            var c = iri[i];
            if (IriNeedsEscape(c))
            {
                sb.Append(iri, start, i - start);
                AppendUchar(sb, c);
                start = i + 1;
            }
        }

        sb.Append(iri, start, iri.Length - start);
        sb.Append('>');
    }

    internal static void AppendLiteral(StringBuilder sb, in RdfTerm literal)
    {
        sb.Append('"');
        var value = literal.Value;
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (!LiteralNeedsEscape(c))
            {
                continue;
            }

            sb.Append(value, start, i - start);
            start = i + 1;
            switch (c)
            {
                case '\b': sb.Append("\\b"); break;
                case '\t': sb.Append("\\t"); break;
                case '\n': sb.Append("\\n"); break;
                case '\f': sb.Append("\\f"); break;
                case '\r': sb.Append("\\r"); break;
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                default: AppendUchar(sb, c); break;
            }
        }

        sb.Append(value, start, value.Length - start);
        sb.Append('"');
        if (literal.Language is not null)
        {
            sb.Append('@').Append(literal.Language);
        }
        else if (literal.Datatype is not null && !string.Equals(literal.Datatype, RdfTerm.XsdString, StringComparison.Ordinal))
        {
            sb.Append("^^");
            AppendIri(sb, literal.Datatype);
        }
    }

    private static void AppendUchar(StringBuilder sb, char c)
    {
        sb.Append("\\u")
            .Append(HexUpper[(c >> 12) & 0xF])
            .Append(HexUpper[(c >> 8) & 0xF])
            .Append(HexUpper[(c >> 4) & 0xF])
            .Append(HexUpper[c & 0xF]);
    }

    /// <summary>Writes a non-blank-node term in canonical N-Quads form as UTF-8 (nothing for the default graph).</summary>
    internal static void WriteTermUtf8(Utf8Buffer buf, in RdfTerm term, bool legacyLiterals = false)
    {
        switch (term.Kind)
        {
            case RdfTermKind.Iri:
                WriteIriUtf8(buf, term.Value);
                break;
            case RdfTermKind.BlankNode:
                buf.Append((byte)'_');
                buf.Append((byte)':');
                buf.AppendUtf8(term.Value);
                break;
            case RdfTermKind.Literal:
                buf.Append((byte)'"');
                WriteEscapedUtf8(buf, term.Value, legacyLiterals ? LegacyLiteralSpecials : LiteralSpecials, literal: true);
                buf.Append((byte)'"');
                if (term.Language is not null)
                {
                    buf.Append((byte)'@');
                    buf.AppendUtf8(term.Language);
                }
                else if (term.Datatype is not null && !string.Equals(term.Datatype, RdfTerm.XsdString, StringComparison.Ordinal))
                {
                    buf.Append((byte)'^');
                    buf.Append((byte)'^');
                    WriteIriUtf8(buf, term.Datatype);
                }

                break;
            default:
                break;
        }
    }

    private static void WriteIriUtf8(Utf8Buffer buf, string iri)
    {
        buf.Append((byte)'<');
        WriteEscapedUtf8(buf, iri, IriSpecials, literal: false);
        buf.Append((byte)'>');
    }

    private static void WriteEscapedUtf8(Utf8Buffer buf, string value, SearchValues<char> specials, bool literal)
    {
        var rest = value.AsSpan();
        while (true)
        {
            var i = rest.IndexOfAny(specials);
            if (i < 0)
            {
                buf.AppendUtf8(rest);
                return;
            }

            buf.AppendUtf8(rest[..i]);
            var c = rest[i];
            rest = rest[(i + 1)..];
            if (literal)
            {
                switch (c)
                {
                    case '\b': buf.Append((byte)'\\'); buf.Append((byte)'b'); continue;
                    case '\t': buf.Append((byte)'\\'); buf.Append((byte)'t'); continue;
                    case '\n': buf.Append((byte)'\\'); buf.Append((byte)'n'); continue;
                    case '\f': buf.Append((byte)'\\'); buf.Append((byte)'f'); continue;
                    case '\r': buf.Append((byte)'\\'); buf.Append((byte)'r'); continue;
                    case '"': buf.Append((byte)'\\'); buf.Append((byte)'"'); continue;
                    case '\\': buf.Append((byte)'\\'); buf.Append((byte)'\\'); continue;
                    default: break;
                }
            }

            buf.Append((byte)'\\');
            buf.Append((byte)'u');
            buf.Append((byte)HexUpper[(c >> 12) & 0xF]);
            buf.Append((byte)HexUpper[(c >> 8) & 0xF]);
            buf.Append((byte)HexUpper[(c >> 4) & 0xF]);
            buf.Append((byte)HexUpper[c & 0xF]);
        }
    }
}
