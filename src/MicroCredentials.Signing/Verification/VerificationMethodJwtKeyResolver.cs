using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Jose;
using MicroCredentials.Signing.Keys;

namespace MicroCredentials.Signing.Verification;

/// <summary>
/// Answers VC-JWT key questions with the same verification-method resolver the Data Integrity proofs use, so a
/// verifier configures key trust once. A key counts only when its controller is the issuer and the issuer's
/// controller document lists it for <c>assertionMethod</c>.
/// </summary>
internal sealed class VerificationMethodJwtKeyResolver(IVerificationMethodResolver resolver) : IJwtKeyResolver
{
    public async ValueTask<PublicKey?> ResolveKeyAsync(string keyId, string issuer, CancellationToken cancellationToken = default)
    {
        if (!resolver.CanResolve(keyId))
        {
            return null;
        }

        try
        {
            var resolved = await resolver.ResolveAsync(keyId, cancellationToken).ConfigureAwait(false);
            return resolved.Method.Controller == issuer && resolved.IsAuthorizedFor("assertionMethod") ? resolved.Method.PublicKey : null;
        }
        catch (VerificationMethodException)
        {
            return null;
        }
    }

    // An embedded jwk cannot be matched against an arbitrary resolver without enumerating the issuer's keys, so it is
    // refused here; did:key and did:jwk issuers are handled by the JWT verifier itself, whose key is the identifier.
    public ValueTask<bool> IsIssuerKeyAsync(string issuer, PublicKey key, CancellationToken cancellationToken = default) => ValueTask.FromResult(false);
}
