using System.Text.Json.Nodes;

namespace MicroCredentials.Signing.Verification.Checks;

/// <summary>An offered <c>refreshService</c>, followed only when the caller enabled it, once, for a verified top-level credential.</summary>
internal sealed class RefreshCheck(CredentialVerifierOptions options, NestedVerifier verifyNested) : ICredentialCheck
{
    public async ValueTask RunAsync(VerificationContext context, VerificationRun run, CancellationToken cancellationToken)
    {
        var checks = run.Checks;
        if (context.Credential["refreshService"] is not JsonObject service)
        {
            return;
        }

        if (options.RefreshHandler is null)
        {
            checks.Add(VerificationCheck.Skip(VerificationSteps.Refresh, VerificationCodes.NotRequested, "the credential offers a refresh service; refresh is opt-in and was not enabled", "$.refreshService"));
            return;
        }

        if (!run.ProofVerified || context.Depth > 0)
        {
            checks.Add(VerificationCheck.Skip(VerificationSteps.Refresh, VerificationCodes.SkippedProofFailed, "refresh runs once, only for a top-level credential whose proof verified", "$.refreshService"));
            return;
        }

        try
        {
            var refreshed = await options.RefreshHandler(service, cancellationToken).ConfigureAwait(false);
            if (refreshed is null)
            {
                checks.Add(VerificationCheck.Warn(VerificationSteps.Refresh, VerificationCodes.RefreshFailed, "the refresh service returned nothing", "$.refreshService"));
                return;
            }

            // The refreshed credential is verified on its own, one level down, so refresh cannot loop.
            var report = await verifyNested(refreshed, context.Depth + 1, cancellationToken).ConfigureAwait(false);
            checks.Add(report.Verified
                ? VerificationCheck.Pass(VerificationSteps.Refresh, VerificationCodes.Ok, $"the refreshed credential {report.CredentialId} verified")
                : VerificationCheck.Warn(VerificationSteps.Refresh, VerificationCodes.RefreshFailed, "the refreshed credential did not verify: " + string.Join("; ", report.Failures.Select(f => f.Code))));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            checks.Add(VerificationCheck.Warn(VerificationSteps.Refresh, VerificationCodes.RefreshFailed, "refresh failed: " + ex.Message, "$.refreshService"));
        }
    }
}
