using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Trust;

namespace MicroCredentials.Signing.Verification.Checks;

/// <summary>
/// Looks the issuer up in the configured registries. Only the issuer the proof is bound to is looked up: before the
/// proof verified, the issuer member is just a claim anyone could write.
/// </summary>
internal sealed class TrustCheck(IReadOnlyList<IIssuerRegistry> registries) : ICredentialCheck
{
    public async ValueTask RunAsync(VerificationContext context, VerificationRun run, CancellationToken cancellationToken)
    {
        if (registries.Count == 0 || context.Depth > 0)
        {
            return;
        }

        run.Trust = run.ProofVerified && DataIntegrityProofs.IssuerId(context.Credential) is { } issuer
            ? await IssuerTrust.LookUpAsync(registries, issuer, cancellationToken).ConfigureAwait(false)
            : IssuerTrust.NotEvaluated(registries);
    }
}
