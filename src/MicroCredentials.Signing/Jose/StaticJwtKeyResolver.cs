using MicroCredentials.Signing.Keys;

namespace MicroCredentials.Signing.Jose;

/// <summary>An in-memory <see cref="IJwtKeyResolver"/>: a fixed set of (issuer, key id, key) entries. Never does I/O.</summary>
public sealed class StaticJwtKeyResolver : IJwtKeyResolver
{
    private readonly Dictionary<string, (string Issuer, PublicKey Key)> _byKeyId;

    /// <summary>Creates the resolver.</summary>
    /// <param name="keys">The known keys: the issuer that controls each, its absolute key id, and the key.</param>
    public StaticJwtKeyResolver(IEnumerable<(string Issuer, string KeyId, PublicKey Key)> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _byKeyId = new Dictionary<string, (string, PublicKey)>(StringComparer.Ordinal);
        foreach (var (issuer, keyId, key) in keys)
        {
            ArgumentException.ThrowIfNullOrEmpty(issuer, nameof(keys));
            ArgumentException.ThrowIfNullOrEmpty(keyId, nameof(keys));
            ArgumentNullException.ThrowIfNull(key, nameof(keys));
            _byKeyId.Add(keyId, (issuer, key));
        }
    }

    /// <summary>A resolver that knows no keys (only <c>did:key</c>/<c>did:jwk</c> issuers can then verify).</summary>
    public static StaticJwtKeyResolver Empty { get; } = new([]);

    /// <inheritdoc/>
    public ValueTask<PublicKey?> ResolveKeyAsync(string keyId, string issuer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_byKeyId.TryGetValue(keyId, out var entry) && entry.Issuer == issuer ? entry.Key : null);

    /// <inheritdoc/>
    public ValueTask<bool> IsIssuerKeyAsync(string issuer, PublicKey key, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_byKeyId.Values.Any(e => e.Issuer == issuer && e.Key.Equals(key)));
}
