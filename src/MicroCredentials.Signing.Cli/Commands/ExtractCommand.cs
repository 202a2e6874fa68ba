using System.CommandLine;
using MicroCredentials.Signing.Baking;

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
            var inPath = r.GetValue(input)!;
            var image = CliConsole.ReadBytes(inPath, "--in", BakingLimits.Default.MaxImageBytes);
            BakedCredential baked;
            try
            {
                baked = BadgeBaker.Extract(image);
            }
            catch (BakingException ex)
            {
                throw CliConsole.Refused(inPath, "--in", $"{ex.Code}: {ex.Message}");
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
                console.WriteJsonTo(outPath, CliConsole.ParseJson(baked.Text, inPath, "--in (the baked credential)"));
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
