using System.CommandLine;
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
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"cannot read '{path}': {ex.Message}");
            }

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
                try
                {
                    var map = await StaticControllerDocumentResolver.LoadMapAsync(mapPath, ct).ConfigureAwait(false);
                    options = options with { MethodResolver = new CompositeVerificationMethodResolver(DidKeyResolver.Instance, map) };
                }
                catch (Exception ex) when (ex is IOException or FormatException or System.Text.Json.JsonException or UnauthorizedAccessException)
                {
                    throw new CliException($"cannot load --did-map '{mapPath}': {ex.Message}");
                }
            }

            if (r.GetValue(statusMap) is { } statusPath)
            {
                try
                {
                    options = options with { StatusListResolver = StaticStatusListResolver.FromMapFile(statusPath) };
                }
                catch (StatusListException ex)
                {
                    throw new CliException($"cannot load --status-map '{statusPath}': {ex.Message}");
                }
            }

            var report = await new CredentialVerifier(options).VerifyAsync(bytes, new VerifyOptions { RecipientIdentity = r.GetValue(recipient) }, ct).ConfigureAwait(false);
            console.WriteJson(report.ToJson());
            // No credential could be read at all: unusable input rather than a credential that failed verification.
            return report.Verified ? ExitCodes.Success : report.Credential is null ? ExitCodes.Usage : ExitCodes.NotVerified;
        });
        return command;
    }
}
