using System.Text;
using System.Text.Json.Nodes;

namespace MicroCredentials.Signing.DataIntegrity;

/// <summary>
/// Turns a document or proof configuration into the canonical bytes a cryptosuite hashes: RDFC-1.0 N-Quads of the
/// JSON-LD toRdf output (safe mode, offline loader), or RFC 8785 JCS.
/// </summary>
public sealed class ProofCanonicalizer
{
    private readonly Func<JsonObject, CancellationToken, ValueTask<string>> _rdfc;
    private readonly Func<JsonObject, string> _jcs;

    internal ProofCanonicalizer(Func<JsonObject, CancellationToken, ValueTask<string>> rdfc, Func<JsonObject, string> jcs)
    {
        _rdfc = rdfc;
        _jcs = jcs;
    }

    /// <summary>The default: bundled contexts only (no network), JSON-LD safe mode.</summary>
    public static ProofCanonicalizer Default { get; } = CreateDefault();

    /// <summary>Canonicalizes <paramref name="node"/> with <paramref name="algorithm"/> and returns UTF-8 bytes.</summary>
    public async ValueTask<byte[]> CanonicalizeAsync(JsonObject node, CanonicalizationAlgorithm algorithm, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        var text = algorithm == CanonicalizationAlgorithm.Jcs ? _jcs(node) : await _rdfc(node, cancellationToken).ConfigureAwait(false);
        return Encoding.UTF8.GetBytes(text);
    }

    // Wired to the JSON-LD processor and RDFC-1.0/JCS implementations once those branches are merged.
    private static ProofCanonicalizer CreateDefault() => new(
        (_, _) => throw new NotSupportedException("RDFC-1.0 canonicalization is not available yet."),
        _ => throw new NotSupportedException("JCS canonicalization is not available yet."));
}
