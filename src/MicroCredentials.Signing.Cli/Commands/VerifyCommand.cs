using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Dids;

namespace MicroCredentials.Signing.Cli.Commands;

/// <summary>
/// <c>mcred verify --in signed.json [--now ISO] [--did-map map.json]</c>: prints a JSON report with top-level
/// <c>verified</c>; exit 0 when verified, 1 when not.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create(CliConsole console)
    {
        var input = new Option<string>("--in") { Description = "The signed credential (JSON)", Required = true };
        var now = new Option<string?>("--now") { Description = "Verify as of this time (ISO 8601 with offset); default now" };
        var didMap = new Option<string?>("--did-map") { Description = "JSON map {\"<DID or URL>\": \"<path relative to the map>\"} of controller documents to use offline" };
        var command = new Command("verify", "Verify a credential's Data Integrity proofs");
        command.Options.Add(input);
        command.Options.Add(now);
        command.Options.Add(didMap);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var document = CliConsole.ReadJson(r.GetValue(input)!) as JsonObject ?? throw new CliException("the credential must be a JSON object");
            var options = new DataIntegrityVerificationOptions();
            if (r.GetValue(now) is { } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
                {
                    throw new CliException($"--now '{text}' is not an ISO 8601 date-time");
                }

                options = options with { TimeProvider = new FixedTimeProvider(when) };
            }

            if (r.GetValue(didMap) is { } mapPath)
            {
                StaticControllerDocumentResolver map;
                try
                {
                    map = await StaticControllerDocumentResolver.LoadMapAsync(mapPath, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or FormatException or System.Text.Json.JsonException or UnauthorizedAccessException)
                {
                    throw new CliException($"cannot load --did-map '{mapPath}': {ex.Message}");
                }

                options = options with { Resolver = new CompositeVerificationMethodResolver(map, DidKeyResolver.Instance) };
            }

            var result = await DataIntegrityProofs.VerifyAsync(document, options, ct).ConfigureAwait(false);
            console.WriteJson(result.ToJson());
            return result.Verified ? ExitCodes.Success : ExitCodes.NotVerified;
        });
        return command;
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }
}
