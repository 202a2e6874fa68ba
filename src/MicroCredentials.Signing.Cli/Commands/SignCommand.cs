using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Keys;

namespace MicroCredentials.Signing.Cli.Commands;

/// <summary><c>mcred sign --in unsigned.json --key key.json [--suite S] [--created ISO] [--out signed.json]</c>.</summary>
internal static class SignCommand
{
    public static Command Create(CliConsole console)
    {
        var input = new Option<string>("--in") { Description = "The unsigned credential (JSON)", Required = true };
        var key = new Option<string>("--key") { Description = "Multikey key file (from mcred keygen)", Required = true };
        var suite = new Option<string?>("--suite") { Description = "eddsa-rdfc-2022 | eddsa-jcs-2022 | ecdsa-rdfc-2019 | ecdsa-jcs-2019 (default: the rdfc suite of the key type)" };
        suite.AcceptOnlyFromAmong("eddsa-rdfc-2022", "eddsa-jcs-2022", "ecdsa-rdfc-2019", "ecdsa-jcs-2019");
        var created = new Option<string?>("--created") { Description = "Proof creation time (ISO 8601 with offset); default now" };
        var output = new Option<string?>("--out") { Description = "Write the signed credential here instead of standard output" };
        var command = new Command("sign", "Add a Data Integrity proof to a credential");
        foreach (var option in new Option[] { input, key, suite, created, output })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var document = CliConsole.ReadJson(r.GetValue(input)!) as JsonObject ?? throw new CliException("the credential must be a JSON object");
            KeyFile keyFile;
            try
            {
                keyFile = KeyFile.Parse(CliConsole.ReadJson(r.GetValue(key)!) as JsonObject ?? throw new CliException("the key file must be a JSON object"));
            }
            catch (FormatException ex)
            {
                throw new CliException("invalid key file: " + ex.Message);
            }

            using (keyFile)
            {
                var algorithm = keyFile.KeyPair.Algorithm;
                var cryptosuite = r.GetValue(suite) is { } name
                    ? CryptosuiteRegistry.FindByName(name)!
                    : ReferenceEquals(algorithm, KeyAlgorithm.Ed25519) ? Cryptosuite.EddsaRdfc2022 : Cryptosuite.EcdsaRdfc2019;
                if (!cryptosuite.Supports(algorithm))
                {
                    throw new CliException($"{cryptosuite.Name} cannot use a {algorithm.Name} key");
                }

                var options = new ProofOptions();
                if (r.GetValue(created) is { } text)
                {
                    if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
                    {
                        throw new CliException($"--created '{text}' is not an ISO 8601 date-time");
                    }

                    options = options with { Created = when };
                }

                try
                {
                    var signed = await DataIntegrityProofs.SignAsync(document, keyFile.CreateSigner(), cryptosuite, options, ct).ConfigureAwait(false);
                    console.WriteJsonTo(r.GetValue(output), signed);
                }
                catch (DataIntegrityException ex)
                {
                    throw new CliException($"{ex.Code}: {ex.Message}");
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
