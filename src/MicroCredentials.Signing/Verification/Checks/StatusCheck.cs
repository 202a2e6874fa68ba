using MicroCredentials.Signing.Status;

namespace MicroCredentials.Signing.Verification.Checks;

/// <summary>
/// Every <c>credentialStatus</c> entry, checked only after a verified proof, against the configured resolver; an entry
/// that cannot be checked fails (fail closed), it is never read as "not revoked".
/// </summary>
internal sealed class StatusCheck(CredentialStatusVerifier? status) : ICredentialCheck
{
    public async ValueTask RunAsync(VerificationContext context, VerificationRun run, CancellationToken cancellationToken)
    {
        var checks = run.Checks;
        if (context.Credential["credentialStatus"] is null)
        {
            checks.Add(VerificationCheck.Skip(VerificationSteps.Status, VerificationCodes.NotApplicable, "the credential has no credentialStatus"));
            return;
        }

        if (!run.ProofVerified)
        {
            checks.Add(VerificationCheck.Skip(VerificationSteps.Status, VerificationCodes.SkippedProofFailed, "status is only checked once a proof verified"));
            return;
        }

        if (status is null)
        {
            checks.Add(VerificationCheck.Undetermined(VerificationSteps.Status, VerificationCodes.StatusUnresolvable,
                "the credential has a status entry but no status-list resolver was configured: its revocation status is unknown", "$.credentialStatus"));
            return;
        }

        var results = await status.CheckAsync(context.Credential, cancellationToken).ConfigureAwait(false);
        foreach (var r in results)
        {
            var where = r.StatusListUrl is null ? r.Type : $"{r.Type} {r.StatusListUrl}";
            if (!r.Determined)
            {
                // The credential's own entry being malformed is its issuer's doing: that is a finding, not a gap.
                var message = $"{where}: {r.Detail ?? r.Reason ?? "status could not be determined"}" + (r.Reason is null ? string.Empty : $" [{r.Reason}]");
                checks.Add(r.Reason == StatusCheckReasons.MalformedEntry
                    ? VerificationCheck.Fail(VerificationSteps.Status, r.ErrorCode!, message, "$.credentialStatus")
                    : VerificationCheck.Undetermined(VerificationSteps.Status, r.ErrorCode!, message, "$.credentialStatus"));
            }
            else if (!r.Valid)
            {
                var code = r.Purpose == StatusPurposes.Suspension ? VerificationCodes.Suspended : VerificationCodes.Revoked;
                checks.Add(VerificationCheck.Fail(VerificationSteps.Status, code, $"{where}: {r.Purpose ?? "revocation"} status is set" + (r.Message is null ? string.Empty : $" ({r.Message})"), "$.credentialStatus"));
            }
            else
            {
                checks.Add(VerificationCheck.Pass(VerificationSteps.Status, VerificationCodes.Ok, $"{where}: not {(r.Purpose == StatusPurposes.Suspension ? "suspended" : "revoked")}" + (r.Message is null ? string.Empty : $" ({r.Message})")));
            }
        }
    }
}
