using System.CommandLine;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.JsonLd;

namespace MicroCredentials.Signing.Cli.Commands;

/// <summary><c>mcred sign --in unsigned.json --key key.json [--suite S] [--created ISO] [--context-map map.json] [--out signed.json]</c>.</summary>
internal static class SignCommand
{
    public static Command Create(CliConsole console)
    {
        var input = new Option<string>("--in") { Description = "The unsigned credential (JSON)", Required = true };
        var key = new Option<string>("--key") { Description = "Multikey key file (from mcred keygen)", Required = true };
        var suite = CliParsing.SuiteOption();
        var created = new Option<string?>("--created") { Description = "Proof creation time (ISO 8601 with offset); default now" };
        var output = new Option<string?>("--out") { Description = "Write the signed credential here instead of standard output" };
        var contextMap = CliParsing.ContextMapOption();
        var command = new Command("sign", "Add a Data Integrity proof to a credential");
        foreach (var option in new Option[] { input, key, suite, created, output, contextMap })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var document = CliConsole.ReadJsonObject(r.GetValue(input)!, "--in", "a credential (a JSON object)");
            var loader = CliParsing.ContextLoader(r.GetValue(contextMap));
            using (var keyFile = CliParsing.ReadKey(r.GetValue(key)!))
            {
                var cryptosuite = CliParsing.Suite(r.GetValue(suite), keyFile.KeyPair.Algorithm);
                var options = new ProofOptions
                {
                    Created = CliParsing.ParseTime(r.GetValue(created), "--created"),
                    Canonicalizer = ReferenceEquals(loader, StaticDocumentLoader.Default) ? null : ProofCanonicalizer.Create(loader),
                };
                try
                {
                    var signed = await DataIntegrityProofs.SignAsync(document, keyFile.CreateSigner(), cryptosuite, options, ct).ConfigureAwait(false);
                    console.WriteJsonTo(r.GetValue(output), signed);
                }
                catch (DataIntegrityException ex)
                {
                    throw new CliException($"{ex.Code}: {ex.Message}", ExitCodes.Of(ex));
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
