using System.Globalization;
using System.Text;
using MicroCredentials.Signing.Rdf;

namespace MicroCredentials.Signing.Tests.JsonLd;

/// <summary>
/// Test-only N-Quads reader and RDF dataset isomorphism check (blank nodes may be renamed), used by the toRdf
/// conformance theory. Independent of the library's RDF code so that it can judge it.
/// </summary>
internal static class DatasetIsomorphism
{
    public static List<Quad> ParseNQuads(string text)
    {
        var quads = new List<Quad>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var pos = 0;
            var terms = new List<RdfTerm>(4);
            while (pos < line.Length)
            {
                SkipWs(line, ref pos);
                if (pos >= line.Length || line[pos] == '.')
                {
                    break;
                }

                terms.Add(ReadTerm(line, ref pos));
            }

            quads.Add(new Quad(terms[0], terms[1], terms[2], terms.Count > 3 ? terms[3] : RdfTerm.DefaultGraph));
        }

        return quads;
    }

    private static void SkipWs(string s, ref int pos)
    {
        while (pos < s.Length && (s[pos] == ' ' || s[pos] == '\t'))
        {
            pos++;
        }
    }

    private static RdfTerm ReadTerm(string s, ref int pos)
    {
        if (s[pos] == '<')
        {
            var end = s.IndexOf('>', pos);
            var iri = Unescape(s[(pos + 1)..end]);
            pos = end + 1;
            return RdfTerm.Iri(iri);
        }

        if (s[pos] == '_')
        {
            var start = pos + 2;
            pos = start;
            while (pos < s.Length && s[pos] != ' ' && s[pos] != '\t')
            {
                pos++;
            }

            return RdfTerm.BlankNode(s[start..pos]);
        }

        var sb = new StringBuilder();
        pos++;
        while (s[pos] != '"')
        {
            if (s[pos] == '\\')
            {
                pos++;
                switch (s[pos])
                {
                    case 't': sb.Append('\t'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 'f': sb.Append('\f'); break;
                    case '"': sb.Append('"'); break;
                    case '\'': sb.Append('\''); break;
                    case '\\': sb.Append('\\'); break;
                    case 'u':
                        sb.Append((char)int.Parse(s.AsSpan(pos + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        pos += 4;
                        break;
                    case 'U':
                        sb.Append(char.ConvertFromUtf32(int.Parse(s.AsSpan(pos + 1, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
                        pos += 8;
                        break;
                }

                pos++;
            }
            else
            {
                sb.Append(s[pos++]);
            }
        }

        pos++;
        var lexical = sb.ToString();
        if (pos < s.Length && s[pos] == '@')
        {
            var start = ++pos;
            while (pos < s.Length && s[pos] != ' ' && s[pos] != '\t')
            {
                pos++;
            }

            return RdfTerm.Literal(lexical, null, s[start..pos]);
        }

        if (pos + 1 < s.Length && s[pos] == '^' && s[pos + 1] == '^')
        {
            pos += 2;
            var dt = ReadTerm(s, ref pos);
            return RdfTerm.Literal(lexical, dt.Value);
        }

        return RdfTerm.Literal(lexical);
    }

    private static string Unescape(string iri)
    {
        if (!iri.Contains('\\', StringComparison.Ordinal))
        {
            return iri;
        }

        var sb = new StringBuilder();
        for (var i = 0; i < iri.Length; i++)
        {
            if (iri[i] == '\\' && i + 1 < iri.Length && (iri[i + 1] == 'u' || iri[i + 1] == 'U'))
            {
                var len = iri[i + 1] == 'u' ? 4 : 8;
                sb.Append(char.ConvertFromUtf32(int.Parse(iri.AsSpan(i + 2, len), NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
                i += len + 1;
            }
            else
            {
                sb.Append(iri[i]);
            }
        }

        return sb.ToString();
    }

    public static bool Isomorphic(IReadOnlyList<Quad> a, IReadOnlyList<Quad> b)
    {
        var sa = a.Distinct().ToList();
        var sb = b.Distinct().ToList();
        if (sa.Count != sb.Count)
        {
            return false;
        }

        var ba = BlankNodes(sa);
        var bb = BlankNodes(sb);
        if (ba.Count != bb.Count)
        {
            return false;
        }

        var ca = Colors(sa, ba);
        var cb = Colors(sb, bb);
        if (!ca.Values.OrderBy(x => x, StringComparer.Ordinal).SequenceEqual(cb.Values.OrderBy(x => x, StringComparer.Ordinal)))
        {
            return false;
        }

        var target = new HashSet<Quad>(sb);
        var order = ba.OrderBy(n => ca.Values.Count(v => v == ca[n])).ToList();
        var map = new Dictionary<string, string>();
        var used = new HashSet<string>();
        return Search(0);

        bool Search(int i)
        {
            if (i == order.Count)
            {
                return sa.All(q => target.Contains(Map(q, map)));
            }

            var node = order[i];
            foreach (var candidate in bb.Where(c => cb[c] == ca[node] && !used.Contains(c)))
            {
                map[node] = candidate;
                used.Add(candidate);
                if (Search(i + 1))
                {
                    return true;
                }

                used.Remove(candidate);
                map.Remove(node);
            }

            return false;
        }
    }

    private static HashSet<string> BlankNodes(List<Quad> quads)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var q in quads)
        {
            foreach (var t in new[] { q.Subject, q.Predicate, q.Object, q.Graph })
            {
                if (t.IsBlankNode)
                {
                    set.Add(t.Value);
                }
            }
        }

        return set;
    }

    private static Dictionary<string, string> Colors(List<Quad> quads, HashSet<string> nodes)
    {
        var color = nodes.ToDictionary(n => n, _ => "0", StringComparer.Ordinal);
        for (var round = 0; round < 4; round++)
        {
            var next = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var n in nodes)
            {
                var sigs = new List<string>();
                foreach (var q in quads)
                {
                    var terms = new[] { q.Subject, q.Predicate, q.Object, q.Graph };
                    for (var pos = 0; pos < 4; pos++)
                    {
                        if (terms[pos].IsBlankNode && terms[pos].Value == n)
                        {
                            sigs.Add(pos + ":" + string.Join("|", terms.Select(t => t.IsBlankNode ? (t.Value == n ? "SELF" : "_" + color[t.Value]) : t.ToString())));
                        }
                    }
                }

                sigs.Sort(StringComparer.Ordinal);
                next[n] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", sigs))));
            }

            color = next;
        }

        return color;
    }

    private static Quad Map(Quad q, Dictionary<string, string> map) =>
        new(MapTerm(q.Subject, map), MapTerm(q.Predicate, map), MapTerm(q.Object, map), MapTerm(q.Graph, map));

    private static RdfTerm MapTerm(RdfTerm t, Dictionary<string, string> map) =>
        t.IsBlankNode ? RdfTerm.BlankNode(map[t.Value]) : t;
}
