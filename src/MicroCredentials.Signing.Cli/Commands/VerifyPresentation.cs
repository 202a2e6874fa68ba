using System.Text.Json.Nodes;
using MicroCredentials.Signing.Json;
using MicroCredentials.Signing.Verification;
using MicroCredentials.Signing.Verification.Checks;

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

    private static bool IsPresentation(JsonNode? type) => CheckJson.Strings(type).Contains("VerifiablePresentation");

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
}
