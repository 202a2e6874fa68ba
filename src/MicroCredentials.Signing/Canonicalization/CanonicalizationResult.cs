using MicroCredentials.Signing.Rdf;

namespace MicroCredentials.Signing.Canonicalization;

/// <summary>The outcome of RDFC-1.0: the canonical N-Quads, the relabelled quads and the issued identifiers.</summary>
public sealed class CanonicalizationResult
{
    internal CanonicalizationResult(string nquads, IReadOnlyList<Quad> canonicalQuads, IReadOnlyDictionary<string, string> issuedIdentifiers)
    {
        NQuads = nquads;
        CanonicalQuads = canonicalQuads;
        IssuedIdentifiers = issuedIdentifiers;
    }

    /// <summary>The canonical N-Quads document: sorted in code point order, duplicates removed, each line ending in <c>\n</c>.</summary>
    public string NQuads { get; }

    /// <summary>The distinct input quads with blank nodes relabelled <c>c14nN</c>, in the order of <see cref="NQuads"/>.</summary>
    public IReadOnlyList<Quad> CanonicalQuads { get; }

    /// <summary>The issued identifiers map: input blank-node label (without <c>_:</c>) → canonical label (<c>c14nN</c>), in issue order.</summary>
    public IReadOnlyDictionary<string, string> IssuedIdentifiers { get; }
}
