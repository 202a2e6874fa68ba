namespace MicroCredentials.Signing.Verification.Checks;

/// <summary>The OB 3.0 JSON Schema and the credential's bundled <c>credentialSchema</c> entries.</summary>
internal sealed class SchemaCheck(CredentialVerifierOptions options) : ICredentialCheck
{
    // One check per violation (bounded) so a UI can point at each offending path.
    private const int MaxListed = 25;

    public ValueTask RunAsync(VerificationContext context, VerificationRun run, CancellationToken cancellationToken)
    {
        var checks = run.Checks;
        if (!options.ValidateSchema)
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
            var code = error.Keyword == "schema.unknown-url" ? VerificationCodes.SchemaUnknown : VerificationCodes.SchemaInvalid;
            checks.Add(VerificationCheck.Fail(VerificationSteps.Schema, code, $"{error.Keyword}: {error.Message}", error.Path));
        }

        if (result.Errors.Count > MaxListed)
        {
            checks.Add(VerificationCheck.Fail(VerificationSteps.Schema, VerificationCodes.SchemaInvalid, $"{result.Errors.Count - MaxListed} more schema violations not listed"));
        }

        return ValueTask.CompletedTask;
    }
}
