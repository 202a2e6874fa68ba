namespace MicroCredentials.Signing.Verification.Checks;

/// <summary>A verifiable credential of an Open Badges 3.0 type.</summary>
internal sealed class TypeCheck : ICredentialCheck
{
    public ValueTask RunAsync(VerificationContext context, VerificationRun run, CancellationToken cancellationToken)
    {
        var types = context.Types;
        if (!types.Contains("VerifiableCredential"))
        {
            run.Checks.Add(VerificationCheck.Fail(VerificationSteps.Type, VerificationCodes.InvalidType, "type must include 'VerifiableCredential'", "$.type"));
        }
        else if (!types.Contains("AchievementCredential") && !types.Contains("OpenBadgeCredential") && !types.Contains("EndorsementCredential"))
        {
            run.Checks.Add(VerificationCheck.Fail(VerificationSteps.Type, VerificationCodes.InvalidType,
                "type must include 'AchievementCredential' (or 'OpenBadgeCredential') or 'EndorsementCredential'", "$.type"));
        }
        else
        {
            run.Checks.Add(VerificationCheck.Pass(VerificationSteps.Type, VerificationCodes.Ok, "type: " + string.Join(", ", types)));
        }

        return ValueTask.CompletedTask;
    }
}
