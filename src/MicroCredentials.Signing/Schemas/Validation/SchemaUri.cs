using MicroCredentials.Signing.Primitives;

namespace MicroCredentials.Signing.Schemas.Validation;

/// <summary>
/// Schema identifiers: RFC 3986 §5 reference resolution on strings (the one resolver of <see cref="Iri"/>, which the
/// JSON-LD processor uses too), and fragment helpers. <see cref="Uri"/> is not used because it rewrites URNs and
/// non-hierarchical identifiers (<c>urn:uuid:…</c>, <c>tag:…</c>) that schemas use as <c>$id</c>s, and schema
/// identity must be the exact string the author wrote, resolved only as the RFC says.
/// </summary>
internal static class SchemaUri
{
    /// <summary>Resolves <paramref name="reference"/> against the absolute <paramref name="baseUri"/>.</summary>
    public static string Resolve(string baseUri, string reference) => Iri.Resolve(baseUri, reference);

    /// <summary>True when the string has a scheme (an absolute URI, possibly with a fragment).</summary>
    public static bool IsAbsolute(string uri) => Iri.IsAbsolute(uri);

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
}
