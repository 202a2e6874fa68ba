using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Canonicalization;
using MicroCredentials.Signing.Json;
using MicroCredentials.Signing.JsonLd;

namespace MicroCredentials.Signing.DataIntegrity;

/// <summary>
/// Turns a document or proof configuration into the canonical bytes a cryptosuite hashes: RDFC-1.0 N-Quads of the
/// JSON-LD toRdf output, or RFC 8785 JCS. Immutable and thread-safe.
/// </summary>
public sealed class ProofCanonicalizer
{
    private static readonly RdfcOptions Sha384Options = new() { HashAlgorithm = RdfcHashAlgorithm.Sha384 };
    private static readonly RdfcOptions LegacySha256Options = new() { LegacyLiteralEscaping = true };
    private static readonly RdfcOptions LegacySha384Options = new() { HashAlgorithm = RdfcHashAlgorithm.Sha384, LegacyLiteralEscaping = true };

    private readonly JsonLdProcessor _processor;
    private readonly JsonLdOptions _options;

    private ProofCanonicalizer(JsonLdProcessor processor, JsonLdOptions options)
    {
        _processor = processor;
        _options = options;
    }

    /// <summary>The default: bundled contexts only (no network), JSON-LD safe mode.</summary>
    public static ProofCanonicalizer Default { get; } = Create(StaticDocumentLoader.Default);

    /// <summary>
    /// A canonicalizer whose JSON-LD processing loads contexts through <paramref name="documentLoader"/>.
    /// Safe mode (undefined terms and relative types are errors) is on unless <paramref name="safeMode"/> is false,
    /// because a term the context does not define is silently dropped by toRdf and so not covered by the signature.
    /// </summary>
    public static ProofCanonicalizer Create(IDocumentLoader documentLoader, bool safeMode = true, JsonLdLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(documentLoader);
        return new ProofCanonicalizer(new JsonLdProcessor(documentLoader), new JsonLdOptions { SafeMode = safeMode, Limits = limits });
    }

    /// <summary>A safe-mode canonicalizer over an existing processor, so its context cache is shared with the caller's own JSON-LD work.</summary>
    internal static ProofCanonicalizer Create(JsonLdProcessor processor) => new(processor, new JsonLdOptions { SafeMode = true });

    /// <summary>
    /// Canonicalizes <paramref name="node"/> with <paramref name="algorithm"/> and returns UTF-8 bytes.
    /// <paramref name="hashAlgorithm"/> is RDFC-1.0's internal hash (SHA-256 by default; ecdsa-rdfc-2019 with P-384 uses SHA-384).
    /// </summary>
    /// <exception cref="JsonLdException">JSON-LD processing failed (unknown context, safe-mode violation, …).</exception>
    public ValueTask<byte[]> CanonicalizeAsync(JsonObject node, CanonicalizationAlgorithm algorithm, HashAlgorithmName hashAlgorithm = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (algorithm == CanonicalizationAlgorithm.Jcs)
        {
            return ValueTask.FromResult(JsonCanonicalizer.CanonicalizeToUtf8(node));
        }

        return CanonicalizeRdfcAsync(node, null, hashAlgorithm, cancellationToken);
    }

    /// <summary>RDFC-1.0 of quads already produced by toRdf under this canonicalizer's options.</summary>
    internal static byte[] CanonicalizeQuads(IReadOnlyList<Rdf.Quad> quads, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken, bool legacyLiterals = false) =>
        Rdfc10.CanonicalizeToUtf8(quads, Options(hashAlgorithm, legacyLiterals), cancellationToken);

    /// <summary>RDFC-1.0 of <paramref name="node"/> read as if its top-level <paramref name="ignoredTopLevelKey"/> (e.g. <c>proof</c>) were absent.</summary>
    internal async ValueTask<byte[]> CanonicalizeRdfcAsync(JsonObject node, string? ignoredTopLevelKey, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken, bool legacyLiterals = false)
    {
        var quads = await _processor.ToRdfAsync(node, _options, ignoredTopLevelKey, cancellationToken).ConfigureAwait(false);
        return Rdfc10.CanonicalizeToUtf8(quads, Options(hashAlgorithm, legacyLiterals), cancellationToken);
    }

    private static RdfcOptions Options(HashAlgorithmName hashAlgorithm, bool legacyLiterals) => (hashAlgorithm == HashAlgorithmName.SHA384, legacyLiterals) switch
    {
        (true, true) => LegacySha384Options,
        (true, false) => Sha384Options,
        (false, true) => LegacySha256Options,
        _ => RdfcOptions.Default,
    };
}
