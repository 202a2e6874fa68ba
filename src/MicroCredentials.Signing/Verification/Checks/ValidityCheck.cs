using System.Globalization;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Primitives;

namespace MicroCredentials.Signing.Verification.Checks;

/// <summary>The validity window (<c>validFrom</c>/<c>validUntil</c>, or VC 1.1 <c>issuanceDate</c>/<c>expirationDate</c>) at the configured clock.</summary>
internal sealed class ValidityCheck(CredentialVerifierOptions options) : ICredentialCheck
{
    public ValueTask RunAsync(VerificationContext context, VerificationRun run, CancellationToken cancellationToken)
    {
        var checks = run.Checks;
        var credential = context.Credential;
        var now = options.TimeProvider.GetUtcNow();
        var (fromName, untilName) = context.IsVc1 ? ("issuanceDate", "expirationDate") : ("validFrom", "validUntil");
        var ok = true;
        if (!TryDate(credential, fromName, checks, out var from) | !TryDate(credential, untilName, checks, out var until))
        {
            return ValueTask.CompletedTask;
        }

        if (from is { } f && f - options.ClockSkew > now)
        {
            ok = false;
            checks.Add(VerificationCheck.Fail(VerificationSteps.ValidityWindow, VerificationCodes.NotYetValid, $"{fromName} {CheckJson.Iso(f)} is in the future (now {CheckJson.Iso(now)})", "$." + fromName));
        }

        if (until is { } u && u + options.ClockSkew < now)
        {
            ok = false;
            checks.Add(VerificationCheck.Fail(VerificationSteps.ValidityWindow, VerificationCodes.Expired, $"{untilName} {CheckJson.Iso(u)} has passed (now {CheckJson.Iso(now)})", "$." + untilName));
        }

        if (ok)
        {
            checks.Add(VerificationCheck.Pass(VerificationSteps.ValidityWindow, VerificationCodes.Ok,
                $"valid at {CheckJson.Iso(now)} ({fromName} {(from is { } ff ? CheckJson.Iso(ff) : "absent")}, {untilName} {(until is { } uu ? CheckJson.Iso(uu) : "absent")})"));
        }

        return ValueTask.CompletedTask;
    }

    private static bool TryDate(JsonObject credential, string name, List<VerificationCheck> checks, out DateTimeOffset? value)
    {
        value = null;
        var node = credential[name];
        if (node is null)
        {
            return true;
        }

        if (node is JsonValue v && v.TryGetValue<string>(out var s)
            && XsdDateTime.TryParse(s, out var parsed))
        {
            value = parsed;
            return true;
        }

        checks.Add(VerificationCheck.Fail(VerificationSteps.ValidityWindow, VerificationCodes.InvalidDate, $"{name} is not an ISO 8601 date-time", "$." + name));
        return false;
    }
}
