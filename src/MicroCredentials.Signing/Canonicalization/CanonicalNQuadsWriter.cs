using System.Buffers;
using MicroCredentials.Signing.Rdf;

namespace MicroCredentials.Signing.Canonicalization;

/// <summary>
/// Canonical N-Quads terms written straight into UTF-8 (RDFC-1.0 §4.3 hashes these bytes); the escaping rules are the
/// RDF layer's (<see cref="NQuadsEscaper"/>), the byte-level writing is canonicalization's own hot path.
/// </summary>
internal static class CanonicalNQuadsWriter
{
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
                WriteEscapedUtf8(buf, term.Value, legacyLiterals ? NQuadsEscaper.LegacyLiteralSpecials : NQuadsEscaper.LiteralSpecials, literal: true);
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
        WriteEscapedUtf8(buf, iri, NQuadsEscaper.IriSpecials, literal: false);
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
            buf.Append((byte)NQuadsEscaper.HexUpper[(c >> 12) & 0xF]);
            buf.Append((byte)NQuadsEscaper.HexUpper[(c >> 8) & 0xF]);
            buf.Append((byte)NQuadsEscaper.HexUpper[(c >> 4) & 0xF]);
            buf.Append((byte)NQuadsEscaper.HexUpper[c & 0xF]);
        }
    }
}
