using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace MicroCredentials.Signing.Dids;

/// <summary>
/// Resolves <c>did:key:X#X</c> locally (no I/O). The generated DID document lists the key under every
/// verification relationship except key agreement, as the did:key method specifies for signature keys.
/// Ed25519 keys come back as type <c>Multikey</c>; legacy proofs (Ed25519Signature2020) use the same key.
/// </summary>
public sealed class DidKeyResolver : IVerificationMethodResolver
{
    private static readonly IReadOnlySet<string> AllRelationships = new[]
    {
        "assertionMethod", "authentication", "capabilityInvocation", "capabilityDelegation",
    }.ToFrozenSet(StringComparer.Ordinal);

    // Parsing validates the key point (a scalar multiplication for Ed25519, a square root for P-256/P-384), which
    // cost more than the signature check; a verifier sees the same few issuer keys again and again. Results are
    // immutable, so sharing them is safe; the cache stops growing at its bound rather than evicting.
    private const int MaxCachedMethods = 1024;
    private readonly ConcurrentDictionary<string, ResolvedVerificationMethod> _cache = new(StringComparer.Ordinal);

    /// <summary>The shared instance (no state beyond a bounded cache of parsed keys).</summary>
    public static DidKeyResolver Instance { get; } = new();

    /// <inheritdoc/>
    public bool CanResolve(string verificationMethodId) =>
        verificationMethodId?.StartsWith(DidKey.Prefix, StringComparison.Ordinal) == true;

    /// <inheritdoc/>
    public ValueTask<ResolvedVerificationMethod> ResolveAsync(string verificationMethodId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(verificationMethodId);
        if (!CanResolve(verificationMethodId))
        {
            throw new VerificationMethodException(VerificationMethodErrorCodes.Unsupported, "Not a did:key verification method.");
        }

        if (_cache.TryGetValue(verificationMethodId, out var cached))
        {
            return ValueTask.FromResult(cached);
        }

        var hash = verificationMethodId.IndexOf('#', StringComparison.Ordinal);
        if (hash < 0)
        {
            throw new VerificationMethodException(VerificationMethodErrorCodes.Invalid, "A did:key verification method needs the key fragment (did:key:X#X).");
        }

        try
        {
            var key = DidKey.ParsePublicKey(verificationMethodId);
            var did = verificationMethodId[..hash];
            var resolved = new ResolvedVerificationMethod(new VerificationMethod(verificationMethodId, Keys.Multikey.TypeName, did, key), AllRelationships);
            if (_cache.Count < MaxCachedMethods)
            {
                _cache.TryAdd(verificationMethodId, resolved);
            }

            return ValueTask.FromResult(resolved);
        }
        catch (FormatException ex)
        {
            throw new VerificationMethodException(VerificationMethodErrorCodes.Invalid, "Invalid did:key: " + ex.Message, ex);
        }
    }
}
