using System.Text.Json.Nodes;
using MicroCredentials.Signing.Model;

namespace MicroCredentials.Signing.Verification.Checks;

/// <summary>When the caller names the holder's identity, whether it matches an identifier of the credential subject.</summary>
internal sealed class RecipientCheck : ICredentialCheck
{
    public ValueTask RunAsync(VerificationContext context, VerificationRun run, CancellationToken cancellationToken)
    {
        if (context.VerifyOptions.RecipientIdentity is { } identity)
        {
            Check(context.Credential, identity, run.Checks);
        }

        return ValueTask.CompletedTask;
    }

    private static void Check(JsonObject credential, string identity, List<VerificationCheck> checks)
    {
        var identifiers = credential["credentialSubject"] is JsonObject subject
            ? subject["identifier"] switch { JsonArray a => a.OfType<JsonObject>().ToList(), JsonObject o => [o], _ => [] }
            : [];
        if (identifiers.Count == 0)
        {
            checks.Add(VerificationCheck.Fail(VerificationSteps.Recipient, VerificationCodes.RecipientUnknown, "credentialSubject has no identifier to compare the holder with", "$.credentialSubject.identifier"));
            return;
        }

        foreach (var id in identifiers)
        {
            var hash = CheckJson.Str(id["identityHash"]);
            if (hash is null)
            {
                continue;
            }

            var hashed = id["hashed"] is JsonValue hv && hv.TryGetValue<bool>(out var b) && b;
            var matches = hashed
                ? IdentityHash.Matches(identity, CheckJson.Str(id["salt"]) ?? string.Empty, hash)
                : string.Equals(hash, identity, StringComparison.OrdinalIgnoreCase);
            if (matches)
            {
                checks.Add(VerificationCheck.Pass(VerificationSteps.Recipient, VerificationCodes.Ok, "the holder's identity matches the credential subject"));
                return;
            }
        }

        checks.Add(VerificationCheck.Fail(VerificationSteps.Recipient, VerificationCodes.RecipientMismatch, "the holder's identity does not match any identifier of the credential subject", "$.credentialSubject.identifier"));
    }
}
