using System.Buffers;
using System.Text;

namespace MicroCredentials.Signing.Primitives;

/// <summary>IRI helpers: absolute-IRI test and RFC 3986 §5.2 reference resolution (System.Uri normalizes too much).</summary>
internal static class Iri
{
    /// <summary>Characters that make an IRI unusable in N-Quads: controls and space, <c>&lt;&gt;"{}|\^`</c>, DEL and C1 controls.</summary>
    private static readonly SearchValues<char> NotInRdfIri = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x21).Select(i => (char)i)) + "<>\"{}|\\^`" + string.Concat(Enumerable.Range(0x7f, 0x21).Select(i => (char)i)));

    /// <summary>True when <paramref name="value"/> starts with an RFC 3986 scheme followed by a colon.</summary>
    public static bool IsAbsolute(string value)
    {
        if (value.Length < 2 || !IsAlpha(value[0]))
        {
            return false;
        }

        for (var i = 1; i < value.Length; i++)
        {
            var c = value[i];
            if (c == ':')
            {
                return true;
            }

            if (!(IsAlpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>An absolute IRI without whitespace, or a blank node identifier: what may appear in RDF.</summary>
    public static bool IsWellFormedRdfIri(string value)
    {
        if (!IsAbsolute(value) && !value.StartsWith("_:", StringComparison.Ordinal))
        {
            return false;
        }

        // Vectorised scan: toRdf checks every subject, predicate, object and type, so this is hot.
        var span = value.AsSpan();
        if (span.IndexOfAny(NotInRdfIri) >= 0)
        {
            return false;
        }

        var hash = span.IndexOf('#');
        return hash < 0 || span[(hash + 1)..].IndexOf('#') < 0;
    }

    public static bool IsBlankNode(string value) => value.StartsWith("_:", StringComparison.Ordinal);

    /// <summary>
    /// The safe-mode test jsonld.js applies to <c>@id</c> and <c>@type</c> values: an absolute IRI or blank node identifier
    /// without whitespace (<c>^([A-Za-z][A-Za-z0-9+-.]*|_):[^\s]*$</c>).
    /// </summary>
    public static bool IsSafeReference(string value)
    {
        if (!IsAbsoluteOrBlank(value))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True for an absolute IRI or a blank node identifier.</summary>
    public static bool IsAbsoluteOrBlank(string value) => IsBlankNode(value) || IsAbsolute(value);

    private static bool IsAlpha(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

    private readonly record struct Parts(string? Scheme, string? Authority, string Path, string? Query, string? Fragment);

    private static Parts Parse(string s)
    {
        string? scheme = null;
        var rest = s;
        if (IsAbsolute(s))
        {
            var colon = s.IndexOf(':', StringComparison.Ordinal);
            scheme = s[..colon];
            rest = s[(colon + 1)..];
        }

        string? fragment = null;
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            fragment = rest[(hash + 1)..];
            rest = rest[..hash];
        }

        string? query = null;
        var q = rest.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            query = rest[(q + 1)..];
            rest = rest[..q];
        }

        string? authority = null;
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            var end = rest.IndexOf('/', 2);
            authority = end < 0 ? rest[2..] : rest[2..end];
            rest = end < 0 ? string.Empty : rest[end..];
        }

        return new Parts(scheme, authority, rest, query, fragment);
    }

    /// <summary>Resolves <paramref name="reference"/> against <paramref name="baseIri"/> (RFC 3986 §5.2.2, strict).</summary>
    public static string Resolve(string? baseIri, string reference)
    {
        if (baseIri is null)
        {
            return reference;
        }

        var r = Parse(reference);
        var b = Parse(baseIri);
        string? scheme, authority, query;
        string path;
        if (r.Scheme is not null)
        {
            scheme = r.Scheme;
            authority = r.Authority;
            path = RemoveDotSegments(r.Path);
            query = r.Query;
        }
        else
        {
            if (r.Authority is not null)
            {
                authority = r.Authority;
                path = RemoveDotSegments(r.Path);
                query = r.Query;
            }
            else
            {
                if (r.Path.Length == 0)
                {
                    path = b.Path;
                    query = r.Query ?? b.Query;
                }
                else
                {
                    if (r.Path[0] == '/')
                    {
                        path = RemoveDotSegments(r.Path);
                    }
                    else
                    {
                        path = RemoveDotSegments(Merge(b, r.Path));
                    }

                    query = r.Query;
                }

                authority = b.Authority;
            }

            scheme = b.Scheme;
        }

        var sb = new StringBuilder(baseIri.Length + reference.Length);
        if (scheme is not null)
        {
            sb.Append(scheme).Append(':');
        }

        if (authority is not null)
        {
            sb.Append("//").Append(authority);
        }

        sb.Append(path);
        if (query is not null)
        {
            sb.Append('?').Append(query);
        }

        if (r.Fragment is not null)
        {
            sb.Append('#').Append(r.Fragment);
        }

        return sb.ToString();
    }

    private static string Merge(Parts b, string refPath)
    {
        if (b.Authority is not null && b.Path.Length == 0)
        {
            return "/" + refPath;
        }

        var slash = b.Path.LastIndexOf('/');
        return slash < 0 ? refPath : b.Path[..(slash + 1)] + refPath;
    }

    internal static string RemoveDotSegments(string path)
    {
        if (path.IndexOf('.', StringComparison.Ordinal) < 0)
        {
            return path;
        }

        var input = path;
        var output = new StringBuilder(path.Length);
        while (input.Length > 0)
        {
            if (input.StartsWith("../", StringComparison.Ordinal))
            {
                input = input[3..];
            }
            else if (input.StartsWith("./", StringComparison.Ordinal))
            {
                input = input[2..];
            }
            else if (input.StartsWith("/./", StringComparison.Ordinal))
            {
                input = input[2..];
            }
            else if (input == "/.")
            {
                input = "/";
            }
            else if (input.StartsWith("/../", StringComparison.Ordinal) || input == "/..")
            {
                input = input == "/.." ? "/" : input[3..];
                var s = output.ToString();
                var last = s.LastIndexOf('/');
                output.Clear();
                if (last > 0)
                {
                    output.Append(s, 0, last);
                }
            }
            else if (input is "." or "..")
            {
                input = string.Empty;
            }
            else
            {
                var start = input[0] == '/' ? 1 : 0;
                var next = input.IndexOf('/', start);
                var seg = next < 0 ? input : input[..next];
                output.Append(seg);
                input = next < 0 ? string.Empty : input[next..];
            }
        }

        return output.ToString();
    }
}
