using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Keys;

namespace MicroCredentials.Signing.Jose;

/// <summary>
/// Resolves JWT <c>kid</c>s through the library's verification-method resolvers (DID documents, OB 3.0 issuer
/// profiles), accepting a key only when its controller is the credential's issuer and the issuer authorises it for
/// <c>assertionMethod</c>. Whether anything is fetched is decided by the wrapped resolver.
/// </summary>
/// <remarks>
/// A verification-method resolver answers by key id, so an embedded <c>jwk</c> is accepted through this resolver only
/// together with a <c>kid</c> that resolves to the same key (or for did:key/did:jwk issuers, which the verifier
/// checks itself).
/// </remarks>
public sealed class VerificationMethodJwtKeyResolver : IJwtKeyResolver
{
    private const string AssertionMethod = "assertionMethod";
    private readonly IVerificationMethodResolver _resolver;

    /// <summary>Wraps a verification-method resolver.</summary>
    /// <param name="resolver">For example a <see cref="CompositeVerificationMethodResolver"/> of did:key and a static document map.</param>
    public VerificationMethodJwtKeyResolver(IVerificationMethodResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        _resolver = resolver;
    }

    /// <inheritdoc/>
    public async ValueTask<PublicKey?> ResolveKeyAsync(string keyId, string issuer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentNullException.ThrowIfNull(issuer);
        if (!_resolver.CanResolve(keyId))
        {
            return null;
        }

        // A VerificationMethodException propagates: the verifier reports its code (a controller document about another
        // identity, one that could not be obtained) instead of a bare "could not be resolved".
        var resolved = await _resolver.ResolveAsync(keyId, cancellationToken).ConfigureAwait(false);
        return resolved.Method.Controller == issuer && resolved.IsAuthorizedFor(AssertionMethod) ? resolved.Method.PublicKey : null;
    }

    /// <inheritdoc/>
    public ValueTask<bool> IsIssuerKeyAsync(string issuer, PublicKey key, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(false);
}
