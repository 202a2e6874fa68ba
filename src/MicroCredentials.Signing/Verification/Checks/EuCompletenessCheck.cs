using MicroCredentials.Signing.Mapping;

namespace MicroCredentials.Signing.Verification.Checks;

/// <summary>Whether the credential carries every mandatory element of an EU micro-credential (a warning, never a failure).</summary>
internal sealed class EuCompletenessCheck : ICredentialCheck
{
    public ValueTask RunAsync(VerificationContext context, VerificationRun run, CancellationToken cancellationToken)
    {
        if (context.IsEndorsement)
        {
            run.Checks.Add(VerificationCheck.Skip(VerificationSteps.EuCompleteness, VerificationCodes.NotApplicable, "endorsements are not micro-credentials"));
            return ValueTask.CompletedTask;
        }

        var read = OpenBadgesMapper.FromCredential(context.Credential);
        run.Checks.Add(read.IsComplete || (!read.ClaimsMicroCredential && read.AbsentAnnexIElements.Count == 0)
            ? VerificationCheck.Pass(VerificationSteps.EuCompleteness, VerificationCodes.Ok, "carries every mandatory element of an EU micro-credential (Council Recommendation 2022, Annex I)")
            : read.ClaimsMicroCredential
                ? VerificationCheck.Warn(VerificationSteps.EuCompleteness, VerificationCodes.EuElementsMissing, "not a complete EU micro-credential; missing: " + string.Join(", ", read.MissingElements))
                : VerificationCheck.Warn(VerificationSteps.EuCompleteness, VerificationCodes.EuElementsMissing,
                    "not an EU micro-credential (it claims to be none); it lacks: " + string.Join(", ", read.AbsentAnnexIElements)));
        return ValueTask.CompletedTask;
    }
}
