using MicroCredentials.Signing.Keys;

namespace MicroCredentials.Signing.Jose;

/// <summary>
/// Supplies issuer keys to <see cref="VcJwt.VerifyAsync"/>. Implementations decide whether anything may be fetched;
/// the verifier itself never performs I/O. <c>did:key</c> and <c>did:jwk</c> identifiers are handled before the
/// resolver is asked, since their key is the identifier.
/// </summary>
public interface IJwtKeyResolver
{
    /// <summary>Resolves an absolute key identifier (a DID URL or an HTTPS URL) that the verifier has already checked belongs to <paramref name="issuer"/>.</summary>
    /// <param name="keyId">The absolute key id (a relative <c>kid</c> such as <c>#key-1</c> is resolved against the issuer first).</param>
    /// <param name="issuer">The credential's issuer id.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The public key, or null when unknown.</returns>
    /// <exception cref="Dids.VerificationMethodException">The key could not be resolved, and the resolver says why (the verifier reports its code).</exception>
    ValueTask<PublicKey?> ResolveKeyAsync(string keyId, string issuer, CancellationToken cancellationToken = default);

    /// <summary>Whether <paramref name="key"/> (from an embedded <c>jwk</c> header) is one of the issuer's keys, e.g. listed in its DID document.</summary>
    /// <param name="issuer">The credential's issuer id.</param>
    /// <param name="key">The embedded key.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>True only when the issuer's own key material lists this key.</returns>
    ValueTask<bool> IsIssuerKeyAsync(string issuer, PublicKey key, CancellationToken cancellationToken = default);
}
