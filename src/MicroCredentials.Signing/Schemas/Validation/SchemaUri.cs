using System.Text;
using MicroCredentials.Signing.Primitives;

namespace MicroCredentials.Signing.Schemas.Validation;

/// <summary>
/// RFC 3986 §5 reference resolution on strings. <see cref="Uri"/> is not used because it rewrites URNs and
/// non-hierarchical identifiers (<c>urn:uuid:…</c>, <c>tag:…</c>) that schemas use as <c>$id</c>s, and schema
/// identity must be the exact string the author wrote, resolved only as the RFC says.
/// </summary>
internal static class SchemaUri
{
    /// <summary>Resolves <paramref name="reference"/> against the absolute <paramref name="baseUri"/>.</summary>
    public static string Resolve(string baseUri, string reference)
    {
        var r = Split(reference);
        if (r.Scheme is not null)
        {
            return Compose(r.Scheme, r.Authority, RemoveDotSegments(r.Path), r.Query, r.Fragment);
        }

        var b = Split(baseUri);
        string? authority;
        string path;
        string? query;
        if (r.Authority is not null)
        {
            authority = r.Authority;
            path = RemoveDotSegments(r.Path);
            query = r.Query;
        }
        else
        {
            authority = b.Authority;
            if (r.Path.Length == 0)
            {
                path = b.Path;
                query = r.Query ?? b.Query;
            }
            else
            {
                path = r.Path.StartsWith('/') ? RemoveDotSegments(r.Path) : RemoveDotSegments(Merge(b, r.Path));
                query = r.Query;
            }
        }

        return Compose(b.Scheme, authority, path, query, r.Fragment);
    }

    /// <summary>True when the string has a scheme (an absolute URI, possibly with a fragment).</summary>
    public static bool IsAbsolute(string uri) => Split(uri).Scheme is not null;

    /// <summary>The URI without its fragment.</summary>
    public static string WithoutFragment(string uri)
    {
        var hash = uri.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? uri : uri[..hash];
    }

    /// <summary>The fragment (without '#'), or null when there is none.</summary>
    public static string? Fragment(string uri)
    {
        var hash = uri.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? null : uri[(hash + 1)..];
    }

    /// <summary>Percent-decodes a fragment (JSON pointers in URI fragments are percent-encoded, RFC 6901 §6).</summary>
    public static string PercentDecode(string s) => s.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(s) : s;

    private static string Merge((string? Scheme, string? Authority, string Path, string? Query, string? Fragment) b, string relative)
    {
        if (b.Authority is not null && b.Path.Length == 0)
        {
            return "/" + relative;
        }

        var slash = b.Path.LastIndexOf('/');
        return slash < 0 ? relative : b.Path[..(slash + 1)] + relative;
    }

    private static (string? Scheme, string? Authority, string Path, string? Query, string? Fragment) Split(string uri)
    {
        string? fragment = null;
        var hash = uri.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            fragment = uri[(hash + 1)..];
            uri = uri[..hash];
        }

        string? query = null;
        var q = uri.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            query = uri[(q + 1)..];
            uri = uri[..q];
        }

        string? scheme = null;
        var colon = uri.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && IsScheme(uri.AsSpan(0, colon)))
        {
            scheme = uri[..colon];
            uri = uri[(colon + 1)..];
        }

        string? authority = null;
        if (uri.StartsWith("//", StringComparison.Ordinal))
        {
            var end = uri.IndexOf('/', 2);
            authority = end < 0 ? uri[2..] : uri[2..end];
            uri = end < 0 ? string.Empty : uri[end..];
        }

        return (scheme, authority, uri, query, fragment);
    }

    private static bool IsScheme(ReadOnlySpan<char> s)
    {
        if (!char.IsAsciiLetter(s[0]))
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '+' and not '-' and not '.')
            {
                return false;
            }
        }

        return true;
    }

    // RFC 3986 §5.2.4: the JSON-LD processor's implementation, so both resolve references the same way.
    private static string RemoveDotSegments(string path) => Iri.RemoveDotSegments(path);

    private static string Compose(string? scheme, string? authority, string path, string? query, string? fragment)
    {
        var sb = new StringBuilder();
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

        if (fragment is not null)
        {
            sb.Append('#').Append(fragment);
        }

        return sb.ToString();
    }
}
