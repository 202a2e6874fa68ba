using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using MicroCredentials.Signing.Rdf;

namespace MicroCredentials.Signing.Canonicalization;

/// <summary>
/// W3C RDF Dataset Canonicalization (RDFC-1.0; output identical to URDNA2015), with work limits so that
/// a hostile dataset fails fast with a <see cref="CanonicalizationException"/> instead of hanging.
/// </summary>
public static class Rdfc10
{
    /// <summary>Canonicalizes an RDF dataset.</summary>
    /// <param name="dataset">The quads; duplicates are ignored (a dataset is a set).</param>
    /// <param name="options">Hash algorithm and limits; <see cref="RdfcOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Checked between units of Hash N-Degree Quads work.</param>
    /// <returns>The canonical N-Quads, relabelled quads and the issued identifiers map.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dataset"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A limit in <paramref name="options"/> is negative or the hash algorithm is not defined.</exception>
    /// <exception cref="CanonicalizationException">A limit of <paramref name="options"/> was exceeded or a quad is not valid RDF.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static CanonicalizationResult Canonicalize(IReadOnlyList<Quad> dataset, RdfcOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        options ??= RdfcOptions.Default;
        if (options.MaxHashNDegreeQuadsCalls < 0 || options.MaxPermutations < 0 || options.MaxBlankNodes < 0 || options.MaxQuads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "RDFC-1.0 limits cannot be negative.");
        }

        _ = HashSize(options.HashAlgorithm);
        if (dataset.Count > options.MaxQuads)
        {
            throw new CanonicalizationException(
                CanonicalizationException.TooManyQuads,
                $"The dataset has {dataset.Count} quads; the limit is {options.MaxQuads}.");
        }

        using (var state = new Rdfc10State(dataset, options, cancellationToken))
        {
            var result = state.Run();
            if (result is not null)
            {
                return result;
            }
        }

        using var deduplicated = new Rdfc10State(Rdfc10State.Deduplicate(dataset), options, cancellationToken);
        return deduplicated.Run() ?? throw new InvalidOperationException("A deduplicated dataset still has equal canonical lines.");
    }

    /// <summary>Hashes canonical N-Quads (their UTF-8 bytes) with the given algorithm.</summary>
    /// <param name="canonicalNQuads">Typically <see cref="CanonicalizationResult.NQuads"/>.</param>
    /// <param name="algorithm">SHA-256 or SHA-384.</param>
    /// <returns>The 32- or 48-byte digest.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="canonicalNQuads"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="algorithm"/> is not defined.</exception>
    public static byte[] Hash(string canonicalNQuads, RdfcHashAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(canonicalNQuads);
        var size = HashSize(algorithm);
        var max = Encoding.UTF8.GetMaxByteCount(canonicalNQuads.Length);
        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var n = Encoding.UTF8.GetBytes(canonicalNQuads, rented);
            var digest = new byte[size];
            HashData(algorithm, rented.AsSpan(0, n), digest);
            return digest;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    internal static int HashSize(RdfcHashAlgorithm algorithm) => algorithm switch
    {
        RdfcHashAlgorithm.Sha256 => 32,
        RdfcHashAlgorithm.Sha384 => 48,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown RDFC hash algorithm."),
    };

    internal static void HashData(RdfcHashAlgorithm algorithm, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (algorithm == RdfcHashAlgorithm.Sha384)
        {
            SHA384.HashData(data, destination);
        }
        else
        {
            SHA256.HashData(data, destination);
        }
    }

    /// <summary>Lower-case hex, as RDFC-1.0 hashes are written into hash inputs and compared.</summary>
    internal static string ToHexLower(ReadOnlySpan<byte> bytes)
    {
        Span<char> chars = stackalloc char[bytes.Length * 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[2 * i] = "0123456789abcdef"[bytes[i] >> 4];
            chars[(2 * i) + 1] = "0123456789abcdef"[bytes[i] & 0xF];
        }

        return new string(chars);
    }
}
