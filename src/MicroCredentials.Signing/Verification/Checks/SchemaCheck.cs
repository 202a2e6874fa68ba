namespace MicroCredentials.Signing.Verification.Checks;

/// <summary>The OB 3.0 JSON Schema and the credential's bundled <c>credentialSchema</c> entries.</summary>
internal sealed class SchemaCheck(CredentialVerifierOptions options) : ICredentialCheck
{
    // One check per violation (bounded) so a UI can point at each offending path.
    private const int MaxListed = 25;

    public ValueTask RunAsync(VerificationContext context, VerificationRun run, CancellationToken cancellationToken)
    {
        var checks = run.Checks;
        if (options.Schema == SchemaPolicy.Off)
        {
            checks.Add(VerificationCheck.Skip(VerificationSteps.Schema, VerificationCodes.NotRequested, "schema validation disabled by the caller"));
            return ValueTask.CompletedTask;
        }

        var result = options.SchemaValidator.Validate(context.Credential);
        if (result.Valid)
        {
            checks.Add(VerificationCheck.Pass(VerificationSteps.Schema, VerificationCodes.Ok, "conforms to " + string.Join(", ", result.SchemasApplied)));
            return ValueTask.CompletedTask;
        }

        foreach (var error in result.Errors.Take(MaxListed))
        {
            var unknown = error.Keyword == "schema.unknown-url";
            var code = unknown ? VerificationCodes.SchemaUnknown : VerificationCodes.SchemaInvalid;
            var message = $"{error.Keyword}: {error.Message}";

            // What the issuer declared is what it promised; the OB schema it did not declare is conformance, reported
            // beside the verdict unless the caller asked for the strict (1EdTech) profile.
            var fails = options.Schema == SchemaPolicy.Strict || (error.Declared && !unknown);
            checks.Add(fails
                ? VerificationCheck.Fail(VerificationSteps.Schema, code, message, error.Path)
                : VerificationCheck.Warn(VerificationSteps.Schema, code, message, error.Path));
        }

        if (result.Errors.Count > MaxListed)
        {
            var rest = $"{result.Errors.Count - MaxListed} more schema violations not listed";
            checks.Add(options.Schema == SchemaPolicy.Strict || result.Errors.Skip(MaxListed).Any(e => e.Declared && e.Keyword != "schema.unknown-url")
                ? VerificationCheck.Fail(VerificationSteps.Schema, VerificationCodes.SchemaInvalid, rest)
                : VerificationCheck.Warn(VerificationSteps.Schema, VerificationCodes.SchemaInvalid, rest));
        }

        return ValueTask.CompletedTask;
    }
}
