using System.Text.Json.Nodes;
using MicroCredentials.Signing.Json;
using MicroCredentials.Signing.Verification;

namespace MicroCredentials.Signing.Cli.Commands;

/// <summary>
/// <c>mcred verify</c> on a Verifiable Presentation: an input whose JSON <c>type</c> includes
/// <c>VerifiablePresentation</c> is verified with the library's <see cref="PresentationVerifier"/> (its proof,
/// challenge, domain and holder, then each embedded credential with the same options a credential gets) instead of
/// being read as a credential that could never verify.
/// </summary>
internal static class VerifyPresentation
{
    private static readonly byte[] Marker = "VerifiablePresentation"u8.ToArray();

    /// <summary>
    /// The input as a presentation, or null when it is anything else (a credential, a JWT, an image, unusable JSON:
    /// those go to the credential verifier, which reports them as it always has).
    /// </summary>
    public static JsonObject? AsPresentation(ReadOnlySpan<byte> input, JsonInputLimits limits)
    {
        // Most inputs are credentials: only parse twice what could be a presentation.
        if (input.IndexOf(Marker) < 0)
        {
            return null;
        }

        var parsed = SafeJson.TryParse(input, limits);
        return parsed.Success && parsed.Value is JsonObject o && IsPresentation(o["type"]) ? o : null;
    }

    private static bool IsPresentation(JsonNode? type) => type switch
    {
        JsonValue v => v.TryGetValue<string>(out var s) && s == "VerifiablePresentation",
        JsonArray a => a.Any(t => t is JsonValue tv && tv.TryGetValue<string>(out var s) && s == "VerifiablePresentation"),
        _ => false,
    };

    /// <summary>The report as the CLI prints it: the library's, marked as a presentation's.</summary>
    public static JsonObject ToJson(PresentationVerificationReport report)
    {
        var json = new JsonObject { ["kind"] = "presentation" };
        foreach (var (key, value) in report.ToJson().ToList())
        {
            json[key] = value?.DeepClone();
        }

        return json;
    }

    /// <summary>The exit code of one verified input: 0 verified, 3 indeterminate, 1 failed.</summary>
    public static int ExitCode(VerificationOutcome outcome) => outcome switch
    {
        VerificationOutcome.Verified => ExitCodes.Success,
        VerificationOutcome.Indeterminate => ExitCodes.Indeterminate,
        _ => ExitCodes.NotVerified,
    };
}
