using System.CommandLine;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Jose;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Dids;

namespace MicroCredentials.Signing.Cli.Commands;

/// <summary><c>mcred sign-jwt</c>: signs an unsigned credential as an Open Badges 3.0 VC-JWT (compact JWS).</summary>
internal static class SignJwtCommand
{
    public static Command Create(CliConsole console)
    {
        var input = new Option<string>("--in") { Description = "The unsigned credential (JSON).", Required = true };
        var keyOption = new Option<string>("--key") { Description = "The issuer's key: a Multikey key file (Ed25519, P-256) or a private RSA JWK.", Required = true };
        var alg = new Option<string?>("--alg") { Description = "Expected algorithm: EdDSA, ES256 or RS256 (must match the key; derived from it when omitted)." };
        alg.AcceptOnlyFromAmong(VcJwt.EdDSA, VcJwt.ES256, VcJwt.RS256);
        var format = new Option<string>("--format") { Description = "ob3 (credential under the vc claim, default) or vc+jwt (the payload is the credential).", DefaultValueFactory = _ => "ob3" };
        format.AcceptOnlyFromAmong("ob3", "vc+jwt");
        var embedJwk = new Option<bool>("--embed-jwk") { Description = "Also embed the public key as the jwk header." };
        var output = new Option<string?>("--out") { Description = "Write the JWT here instead of standard output." };

        var command = new Command("sign-jwt", "Sign a credential as a VC-JWT (RS256, ES256 or EdDSA).");
        command.Options.Add(input);
        command.Options.Add(keyOption);
        command.Options.Add(alg);
        command.Options.Add(format);
        command.Options.Add(embedJwk);
        command.Options.Add(output);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var credential = CliConsole.ReadJsonObject(r.GetValue(input)!, "--in", "a credential (a JSON object)");
            var (signer, publicKey, dispose) = LoadSigner(r.GetValue(keyOption)!);
            using (dispose)
            {
                var options = new VcJwtIssueOptions
                {
                    Algorithm = r.GetValue(alg),
                    Format = r.GetValue(format) == "vc+jwt" ? VcJwtFormat.VcJwt : VcJwtFormat.VcClaim,
                    EmbeddedPublicKey = r.GetValue(embedJwk) ? publicKey : null,
                };
                string jwt;
                try
                {
                    jwt = await VcJwt.IssueAsync(credential, signer, options, ct).ConfigureAwait(false);
                }
                catch (ArgumentException ex)
                {
                    throw new CliException(ex.Message);
                }

                var outPath = r.GetValue(output);
                if (outPath is null)
                {
                    await console.Out.WriteLineAsync(jwt).ConfigureAwait(false);
                }
                else
                {
                    await File.WriteAllTextAsync(outPath, jwt + "\n", ct).ConfigureAwait(false);
                    await console.Error.WriteLineAsync("wrote " + outPath).ConfigureAwait(false);
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static (ISigner Signer, PublicKey PublicKey, IDisposable Dispose) LoadSigner(string path)
    {
        var json = CliConsole.ReadJsonObject(path, "--key", "a key (a JSON object)");
        try
        {
            if (json["kty"] is JsonValue kty && kty.TryGetValue<string>(out var k) && k == "RSA")
            {
                var rsa = RsaSigningKey.FromJwk(json);
                return (rsa.CreateSigner(rsa.KeyId ?? throw new CliException($"The RSA JWK '{path}' needs a 'kid' (the verification method id).")), rsa.PublicKey, rsa);
            }

            var keyFile = KeyFile.Parse(json);
            return (keyFile.CreateSigner(), keyFile.KeyPair.PublicKey, keyFile);
        }
        catch (FormatException ex)
        {
            throw CliConsole.Refused(path, "--key", "not a usable key: " + ex.Message);
        }
    }
}
