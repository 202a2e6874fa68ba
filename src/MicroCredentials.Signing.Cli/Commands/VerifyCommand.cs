using System.CommandLine;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Baking;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Verification;

namespace MicroCredentials.Signing.Cli.Commands;

/// <summary>
/// <c>mcred verify --in FILE [--now ISO] [--did-map map.json] [--status-map map.json] [--trust-status-issuer ID]
/// [--recipient EMAIL] [--no-schema]</c>: runs the full verification pipeline on a JSON credential, a compact VC-JWT,
/// or a baked PNG/SVG badge, and prints the report with top-level <c>verified</c>. Exit 0 verified, 1 not verified, 2 usage error or unreadable input (the report still names the parsing error).
/// </summary>
internal static class VerifyCommand
{
    public static Command Create(CliConsole console)
    {
        var input = new Option<string>("--in") { Description = "The credential: JSON, compact JWT, or baked PNG/SVG", Required = true };
        var now = new Option<string?>("--now") { Description = "Verify as of this time (ISO 8601); default now" };
        var didMap = new Option<string?>("--did-map") { Description = "JSON map {\"<DID or URL>\": \"<path relative to the map>\"} of controller documents, used offline; each document's id must be its key, did:key entries are ignored" };
        var statusMap = new Option<string?>("--status-map") { Description = "JSON map {\"<status list URL>\": \"<path relative to the map>\"} of status list credentials" };
        var trust = new Option<string[]>("--trust-status-issuer") { Description = "Also accept status lists issued by this id (repeatable)", AllowMultipleArgumentsPerToken = true };
        var recipient = new Option<string?>("--recipient") { Description = "Check that the credential was issued to this identity (e-mail), against its salted hash" };
        var noSchema = new Option<bool>("--no-schema") { Description = "Skip JSON Schema validation" };
        var command = new Command("verify", "Verify a credential: schema, proof and issuer key, validity window, status, endorsements, EU completeness");
        foreach (var option in new Option[] { input, now, didMap, statusMap, trust, recipient, noSchema })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var path = r.GetValue(input)!;
            // The input may be a baked image, so the bound is the larger of the image and JSON bounds; the verifier
            // applies the right one once it knows what it was given.
            var bytes = CliConsole.ReadBytes(path, "--in", Math.Max(BakingLimits.Default.MaxImageBytes, CliConsole.MaxJsonFileBytes));
            var options = new CredentialVerifierOptions
            {
                ValidateSchema = !r.GetValue(noSchema),
                TrustedStatusListIssuers = r.GetValue(trust) ?? [],
            };
            if (CliParsing.ParseTime(r.GetValue(now), "--now") is { } when)
            {
                options = options with { TimeProvider = new FixedClock(when) };
            }

            if (r.GetValue(didMap) is { } mapPath)
            {
                var documents = ReadMap(mapPath, "--did-map");

                // did:key first: its key is derived from the identifier itself and never taken from a map.
                options = options with { MethodResolver = new CompositeVerificationMethodResolver(DidKeyResolver.Instance, new StaticControllerDocumentResolver(documents)) };
            }

            if (r.GetValue(statusMap) is { } statusPath)
            {
                options = options with { StatusListResolver = new StaticStatusListResolver(ReadMap(statusPath, "--status-map")) };
            }

            var report = await new CredentialVerifier(options).VerifyAsync(bytes, new VerifyOptions { RecipientIdentity = r.GetValue(recipient) }, ct).ConfigureAwait(false);
            console.WriteJson(report.ToJson());
            if (report.Verified)
            {
                return ExitCodes.Success;
            }

            // No credential could be read at all: unusable input rather than a credential that failed verification.
            if (report.Credential is null)
            {
                var why = report.Failures.FirstOrDefault();
                await console.Error.WriteLineAsync("error: " + CliConsole.Refused(path, "--in", why is null ? "no credential could be read" : $"{why.Code}{(why.Path is null ? "" : " at " + why.Path)}: {why.Message}").Message).ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            return ExitCodes.NotVerified;
        });
        return command;
    }

    /// <summary>
    /// Reads a map <c>{"&lt;id or URL&gt;": "&lt;path relative to the map&gt;"}</c> and every file it names, all through
    /// the CLI's one file reader, eagerly: a map naming an unusable file is unusable input (exit 2), found before verifying.
    /// </summary>
    private static Dictionary<string, JsonObject> ReadMap(string mapPath, string option)
    {
        var map = CliConsole.ReadJsonObject(mapPath, option, "a JSON object mapping ids to file paths");
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(mapPath)) ?? ".";
        var documents = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (id, value) in map)
        {
            if (value is not JsonValue v || !v.TryGetValue<string>(out var relative) || relative.Length == 0)
            {
                throw CliConsole.Refused(mapPath, option, $"the entry for '{id}' must be a file path string");
            }

            documents[id] = CliConsole.ReadJsonObject(Path.Combine(baseDir, relative), $"{option} entry '{id}'");
        }

        return documents;
    }
}
