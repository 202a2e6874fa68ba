using System.CommandLine;
using MicroCredentials.Signing.Baking;

namespace MicroCredentials.Signing.Cli.Commands;

/// <summary><c>mcred bake</c>: bakes a signed credential (JSON) or a VC-JWT into a PNG or SVG badge.</summary>
internal static class BakeCommand
{
    public static Command Create(CliConsole console)
    {
        var input = new Option<string>("--in") { Description = "The signed credential (JSON) or VC-JWT to bake.", Required = true };
        var image = new Option<string>("--image") { Description = "The badge image (PNG or SVG).", Required = true };
        var output = new Option<string>("--out") { Description = "Where to write the baked image.", Required = true };

        var command = new Command("bake", "Bake a credential into a PNG or SVG badge image (Open Badges 3.0 baking).");
        command.Options.Add(input);
        command.Options.Add(image);
        command.Options.Add(output);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var inPath = r.GetValue(input)!;
            var credential = CliConsole.ReadText(inPath, "--in");
            if (credential.TrimStart().StartsWith('{'))
            {
                // Baked JSON is read by every wallet and verifier: an ambiguous document (a duplicate member) must not be published.
                _ = CliConsole.ParseJson(credential, inPath, "--in");
            }

            var imagePath = r.GetValue(image)!;
            var imageBytes = CliConsole.ReadBytes(imagePath, "--image", BakingLimits.Default.MaxImageBytes);
            byte[] baked;
            try
            {
                baked = BadgeBaker.Bake(imageBytes, credential);
            }
            catch (BakingException ex)
            {
                throw CliConsole.Refused(imagePath, "--image", $"{ex.Code}: {ex.Message}");
            }
            catch (ArgumentException ex)
            {
                throw CliConsole.Refused(inPath, "--in", ex.Message);
            }

            var outPath = r.GetValue(output)!;
            await File.WriteAllBytesAsync(outPath, baked, ct).ConfigureAwait(false);
            await console.Error.WriteLineAsync("wrote " + outPath).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
