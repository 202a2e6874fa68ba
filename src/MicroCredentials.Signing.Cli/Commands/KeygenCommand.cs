using System.CommandLine;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Dids;

namespace MicroCredentials.Signing.Cli.Commands;

/// <summary>
/// <c>mcred keygen --type ed25519|p256|p384|rsa [--controller ID] [--out key.json]</c>: a Multikey key file (did:key
/// controller, or <c>&lt;controller&gt;#key-1</c> with <c>--controller</c>), or for <c>rsa</c> (RS256 VC-JWTs) a private
/// RSA JWK whose <c>kid</c> is <c>&lt;controller&gt;#key-1</c>.
/// </summary>
internal static class KeygenCommand
{
    public static Command Create(CliConsole console)
    {
        var type = new Option<string>("--type") { Description = "Key type: ed25519, p256, p384, or rsa (RS256 JWTs only)", DefaultValueFactory = _ => "ed25519" };
        type.AcceptOnlyFromAmong("ed25519", "p256", "p384", "rsa");
        var controller = new Option<string?>("--controller") { Description = "The issuer id (did:web:… or https://…) the key belongs to; its id becomes <controller>#key-1 (publish it with mcred controller-document). Required for rsa; default for the others: did:key" };
        var output = new Option<string?>("--out") { Description = "Write the key file here instead of standard output" };
        var command = new Command("keygen", "Generate a signing key (Multikey key file, did:key controller)");
        command.Options.Add(type);
        command.Options.Add(output);
        command.Options.Add(controller);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            if (r.GetValue(type) == "rsa")
            {
                // An RSA key has no did:key form here, so the caller names the issuer that will publish it.
                var issuer = r.GetValue(controller) ?? throw new CliException("--type rsa needs --controller <issuer id>");
                using var rsa = Jose.RsaSigningKey.Generate(Jose.RsaSigningKey.MinimumKeySize, issuer + "#key-1");
                console.WriteJsonTo(r.GetValue(output), rsa.ToJwk(includePrivate: true));
                return ExitCodes.Success;
            }

            var algorithm = KeyAlgorithm.FromName(r.GetValue(type)!) ?? throw new CliException("unknown key type");
            using var file = KeyFile.Generate(algorithm);
            var json = file.ToJson();
            if (r.GetValue(controller) is { } owner)
            {
                json["id"] = owner + "#key-1";
                json["controller"] = owner;
            }

            console.WriteJsonTo(r.GetValue(output), json);
            await Task.CompletedTask.ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
