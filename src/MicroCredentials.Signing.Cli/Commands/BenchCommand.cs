using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Keys;

namespace MicroCredentials.Signing.Cli.Commands;

/// <summary>
/// <c>mcred bench --in unsigned.json [--suite S] [--n N]</c>: single-threaded sign, verify and canonicalize rates
/// after a warm-up, with a throwaway did:key issuer (the credential's issuer is replaced so the proof binds).
/// </summary>
internal static class BenchCommand
{
    public static Command Create(CliConsole console)
    {
        var input = new Option<string>("--in") { Description = "The unsigned credential (JSON)", Required = true };
        var suite = new Option<string>("--suite") { Description = "eddsa-rdfc-2022 | eddsa-jcs-2022 | ecdsa-rdfc-2019 | ecdsa-jcs-2019", DefaultValueFactory = _ => "eddsa-rdfc-2022" };
        suite.AcceptOnlyFromAmong("eddsa-rdfc-2022", "eddsa-jcs-2022", "ecdsa-rdfc-2019", "ecdsa-jcs-2019");
        var count = new Option<int>("--n") { Description = "Iterations per measurement", DefaultValueFactory = _ => 200 };
        var command = new Command("bench", "Measure sign/verify/canonicalize operations per second (single thread)");
        command.Options.Add(input);
        command.Options.Add(suite);
        command.Options.Add(count);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var n = r.GetValue(count);
            if (n <= 0)
            {
                throw new CliException("--n must be positive");
            }

            var document = CliConsole.ReadJson(r.GetValue(input)!) as JsonObject ?? throw new CliException("the credential must be a JSON object");
            var cryptosuite = CryptosuiteRegistry.FindByName(r.GetValue(suite)!)!;
            using var keyPair = cryptosuite.KeyAlgorithms[0].GenerateKeyPair();
            var did = DidKey.FromPublicKey(keyPair.PublicKey);
            if (document["issuer"] is JsonObject issuer)
            {
                issuer["id"] = did;
            }
            else
            {
                document["issuer"] = did;
            }

            var signer = new KeyPairSigner(keyPair, DidKey.VerificationMethodId(keyPair.PublicKey));
            JsonObject signed;
            try
            {
                signed = await DataIntegrityProofs.SignAsync(document, signer, cryptosuite, cancellationToken: ct).ConfigureAwait(false);
            }
            catch (DataIntegrityException ex)
            {
                throw new CliException($"{ex.Code}: {ex.Message}");
            }

            var check = await DataIntegrityProofs.VerifyAsync(signed, cancellationToken: ct).ConfigureAwait(false);
            if (!check.Verified)
            {
                throw new CliException("the signed credential does not verify: " + check.Proofs[0].Message);
            }

            var signRate = await RateAsync(n, () => DataIntegrityProofs.SignAsync(document, signer, cryptosuite, cancellationToken: ct)).ConfigureAwait(false);
            var verifyRate = await RateAsync(n, () => DataIntegrityProofs.VerifyAsync(signed, cancellationToken: ct)).ConfigureAwait(false);
            var canonicalizeRate = await RateAsync(n, () => ProofCanonicalizer.Default.CanonicalizeAsync(document, cryptosuite.Canonicalization, cancellationToken: ct).AsTask()).ConfigureAwait(false);
            console.WriteJson(new JsonObject
            {
                ["suite"] = cryptosuite.Name,
                ["iterations"] = n,
                ["signOpsPerSec"] = Math.Round(signRate, 1),
                ["verifyOpsPerSec"] = Math.Round(verifyRate, 1),
                ["canonicalizeOpsPerSec"] = Math.Round(canonicalizeRate, 1),
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<double> RateAsync(int n, Func<Task> operation)
    {
        // Warm-up: JIT, context caches, crypto provider initialisation.
        for (var i = 0; i < Math.Min(n, 20); i++)
        {
            await operation().ConfigureAwait(false);
        }

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            await operation().ConfigureAwait(false);
        }

        return n / watch.Elapsed.TotalSeconds;
    }
}
