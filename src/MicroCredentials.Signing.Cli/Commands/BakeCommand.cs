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
            var credential = CliConsole.ReadText(r.GetValue(input)!);
            var imageBytes = ReadBytes(r.GetValue(image)!);
            byte[] baked;
            try
            {
                baked = BadgeBaker.Bake(imageBytes, credential);
            }
            catch (BakingException ex)
            {
                throw new CliException($"{ex.Code}: {ex.Message}");
            }
            catch (ArgumentException ex)
            {
                throw new CliException($"'{r.GetValue(input)}': {ex.Message}");
            }

            var outPath = r.GetValue(output)!;
            await File.WriteAllBytesAsync(outPath, baked, ct).ConfigureAwait(false);
            await console.Error.WriteLineAsync("wrote " + outPath).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    internal static byte[] ReadBytes(string path)
    {
        try
        {
            var info = new FileInfo(path);
            // Refuse before reading a huge file into memory.
            if (info.Exists && info.Length > BakingLimits.Default.MaxImageBytes)
            {
                throw new CliException($"{BakingException.TooLarge}: '{path}' is {info.Length} bytes; the limit is {BakingLimits.Default.MaxImageBytes}.");
            }

            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read '{path}': {ex.Message}");
        }
    }
}
