using System.CommandLine;
using MicroCredentials.Signing.Keys;

namespace MicroCredentials.Signing.Cli.Commands;

/// <summary><c>mcred keygen --type ed25519|p256|p384 [--out key.json]</c>: a Multikey key file with a did:key controller.</summary>
internal static class KeygenCommand
{
    public static Command Create(CliConsole console)
    {
        var type = new Option<string>("--type") { Description = "Key type: ed25519, p256 or p384", DefaultValueFactory = _ => "ed25519" };
        type.AcceptOnlyFromAmong("ed25519", "p256", "p384");
        var output = new Option<string?>("--out") { Description = "Write the key file here instead of standard output" };
        var command = new Command("keygen", "Generate a signing key (Multikey key file, did:key controller)");
        command.Options.Add(type);
        command.Options.Add(output);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var algorithm = KeyAlgorithm.FromName(r.GetValue(type)!) ?? throw new CliException("unknown key type");
            using var file = KeyFile.Generate(algorithm);
            console.WriteJsonTo(r.GetValue(output), file.ToJson());
            await Task.CompletedTask.ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
