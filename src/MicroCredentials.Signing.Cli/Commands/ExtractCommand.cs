using System.CommandLine;
using MicroCredentials.Signing.Baking;
using MicroCredentials.Signing.Json;

namespace MicroCredentials.Signing.Cli.Commands;

/// <summary><c>mcred extract</c>: prints the credential baked into a PNG or SVG badge (JSON, or the VC-JWT as text). Does not verify it.</summary>
internal static class ExtractCommand
{
    public static Command Create(CliConsole console)
    {
        var input = new Option<string>("--in") { Description = "The baked badge image (PNG or SVG).", Required = true };
        var output = new Option<string?>("--out") { Description = "Write the credential here instead of standard output." };

        var command = new Command("extract", "Extract the credential baked into a PNG or SVG badge (no verification).");
        command.Options.Add(input);
        command.Options.Add(output);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            BakedCredential baked;
            try
            {
                baked = BadgeBaker.Extract(BakeCommand.ReadBytes(r.GetValue(input)!));
            }
            catch (BakingException ex)
            {
                throw new CliException($"{ex.Code}: {ex.Message}");
            }

            var outPath = r.GetValue(output);
            if (baked.IsJwt)
            {
                if (outPath is null)
                {
                    await console.Out.WriteLineAsync(baked.Text).ConfigureAwait(false);
                }
                else
                {
                    await File.WriteAllTextAsync(outPath, baked.Text + "\n", ct).ConfigureAwait(false);
                    await console.Error.WriteLineAsync("wrote " + outPath).ConfigureAwait(false);
                }
            }
            else
            {
                try
                {
                    console.WriteJsonTo(outPath, SafeJson.ParseObject(baked.Text));
                }
                catch (JsonInputException ex)
                {
                    throw new CliException($"the baked credential is not usable JSON: {ex.Code} at {ex.JsonPath}");
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
