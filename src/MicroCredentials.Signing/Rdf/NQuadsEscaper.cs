using System.Buffers;
using System.Text;

namespace MicroCredentials.Signing.Rdf;

/// <summary>
/// Canonical N-Quads term serialisation (RDF 1.2 N-Triples canonical form, as rdf-canonize does it):
/// literals escape <c>\b \t \n \f \r \" \\</c> with ECHAR and every other U+0000–U+001F and U+007F with an
/// upper-case <c>\uXXXX</c>; IRIs escape U+0000–U+0020 and <c>&lt;&gt;"{}|^`\</c> with <c>\uXXXX</c>.
/// Everything else is written as is.
/// </summary>
internal static class NQuadsEscaper
{
    internal const string HexUpper = "0123456789ABCDEF";

    internal static readonly SearchValues<char> LiteralSpecials = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F"
        + "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F"
        + "\"\\\u007F");

    // rdf-canonize before 4.0 (and DIDKit) escaped only these in literals; see RdfcOptions.LegacyLiteralEscaping.
    internal static readonly SearchValues<char> LegacyLiteralSpecials = SearchValues.Create("\"\\\n\r");

    internal static readonly SearchValues<char> IriSpecials = SearchValues.Create(
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
}
