using System.CommandLine;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.JsonLd;
using MicroCredentials.Signing.Presentations;

namespace MicroCredentials.Signing.Cli.Commands;

/// <summary>
/// <c>mcred present --holder-key K.json --challenge C [--domain D] [--suite S] [--created ISO] [--context-map map.json]
/// [--out vp.json] CREDENTIAL…</c>: wraps signed credentials (JSON, or compact VC-JWTs as enveloped credentials) in a
/// VC 2.0 Verifiable Presentation held by the key's controller and adds its <c>authentication</c> proof.
/// </summary>
internal static class PresentCommand
{
    public static Command Create(CliConsole console)
    {
        var credentials = new Argument<string[]>("credentials")
        {
            Description = "The signed credentials to present: Data Integrity JSON files, or files holding a compact VC-JWT",
            Arity = ArgumentArity.OneOrMore,
        };
        var holderKey = new Option<string>("--holder-key") { Description = "Multikey key file of the holder (from mcred keygen); its controller becomes the presentation's holder", Required = true };
        var challenge = new Option<string>("--challenge") { Description = "The verifier's challenge (a nonce), bound into the proof so the presentation cannot be replayed", Required = true };
        var domain = new Option<string?>("--domain") { Description = "The verifier's domain, bound into the proof (recommended)" };
        var suite = CliParsing.SuiteOption();
        var created = new Option<string?>("--created") { Description = "Proof creation time (ISO 8601 with offset); default now" };
        var output = new Option<string?>("--out") { Description = "Write the signed presentation here instead of standard output" };
        var contextMap = CliParsing.ContextMapOption();
        var command = new Command("present", "Sign a Verifiable Presentation of credentials for a verifier's challenge and domain");
        command.Arguments.Add(credentials);
        foreach (var option in new Option[] { holderKey, challenge, domain, suite, created, output, contextMap })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var challengeValue = r.GetValue(challenge)!;
            if (challengeValue.Length == 0)
            {
                throw new CliException("--challenge must not be empty");
            }

            var embedded = (r.GetValue(credentials) ?? []).Select(ReadCredential).ToList();
            var loader = CliParsing.ContextLoader(r.GetValue(contextMap));
            using var keyFile = CliParsing.ReadKey(r.GetValue(holderKey)!, "--holder-key");
            var options = new PresentationProofOptions
            {
                Challenge = challengeValue,
                Domain = r.GetValue(domain),
                Cryptosuite = CliParsing.Suite(r.GetValue(suite), keyFile.KeyPair.Algorithm),
                Created = CliParsing.ParseTime(r.GetValue(created), "--created"),
                Canonicalizer = ReferenceEquals(loader, StaticDocumentLoader.Default) ? null : ProofCanonicalizer.Create(loader),
            };
            try
            {
                var presentation = VerifiablePresentations.Create(keyFile.Controller, embedded);
                console.WriteJsonTo(r.GetValue(output), await VerifiablePresentations.SignAsync(presentation, keyFile.CreateSigner(), options, ct).ConfigureAwait(false));
            }
            catch (DataIntegrityException ex)
            {
                throw new CliException($"{ex.Code}: {ex.Message}", ExitCodes.Of(ex));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>A credential file: a JSON object, or a compact JWT (embedded as an enveloped credential).</summary>
    private static JsonNode ReadCredential(string path)
    {
        var text = CliConsole.ReadText(path, "credential").Trim();
        if (text.StartsWith('{'))
        {
            return CliConsole.ParseJson(text, path, "credential") as JsonObject ?? throw CliConsole.Refused(path, "credential", "the file must hold a credential (a JSON object)");
        }

        // A compact JWS is three base64url segments; anything else would be embedded as a broken envelope.
        var parts = text.Split('.');
        return parts.Length == 3 && parts.All(p => p.Length > 0 && p.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            ? JsonValue.Create(text)
            : throw CliConsole.Refused(path, "credential", "neither a JSON credential nor a compact VC-JWT");
    }
}
