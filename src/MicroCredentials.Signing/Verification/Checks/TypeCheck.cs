namespace MicroCredentials.Signing.Verification.Checks;

/// <summary>
/// A verifiable credential, and whether it is an Open Badges 3.0 one. A plain VC verifies as a VC (a service receives
/// every kind), with a warning; the strict (1EdTech) profile requires an OB 3.0 type.
/// </summary>
internal sealed class TypeCheck(CredentialVerifierOptions options) : ICredentialCheck
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
            run.Checks.Add(options.Schema == SchemaPolicy.Strict
                ? VerificationCheck.Fail(VerificationSteps.Type, VerificationCodes.InvalidType,
                    "type must include 'AchievementCredential' (or 'OpenBadgeCredential') or 'EndorsementCredential'", "$.type")
                : VerificationCheck.Warn(VerificationSteps.Type, VerificationCodes.NotOpenBadge,
                    "a verifiable credential, not an Open Badges credential: the VC checks apply, the OB 3.0 ones do not", "$.type"));
        }
        else
        {
            run.Checks.Add(VerificationCheck.Pass(VerificationSteps.Type, VerificationCodes.Ok, "type: " + string.Join(", ", types)));
        }

        return ValueTask.CompletedTask;
    }
}
