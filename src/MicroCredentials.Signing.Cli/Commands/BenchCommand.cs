using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.JsonLd;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Verification;
using MicroCredentials.Signing.Verification.Checks;
using MicroCredentials.Signing.Dids;

namespace MicroCredentials.Signing.Cli.Commands;

/// <summary>
/// <c>mcred bench --in unsigned.json [--suite S] [--count N]</c>: single-threaded sign, verify and canonicalize rates
/// after a warm-up, as JSON. A quick field measurement; the BenchmarkDotNet project is the rigorous one.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(CliConsole console)
    {
        var input = new Option<string>("--in") { Description = "An unsigned credential (JSON)", Required = true };
        var suite = new Option<string>("--suite") { Description = "eddsa-rdfc-2022 | eddsa-jcs-2022 | ecdsa-rdfc-2019 | ecdsa-jcs-2019", DefaultValueFactory = _ => "eddsa-rdfc-2022" };
        suite.AcceptOnlyFromAmong("eddsa-rdfc-2022", "eddsa-jcs-2022", "ecdsa-rdfc-2019", "ecdsa-jcs-2019");
        var count = new RenamedOption<int>(new Option<int>("--count") { Description = "Operations per measurement", DefaultValueFactory = _ => 500 }, required: false, "--n");
        var command = new Command("bench", "Measure single-threaded sign, verify and canonicalize rates");
        command.Options.Add(input);
        command.Options.Add(suite);
        foreach (var option in count.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var document = CliConsole.ReadJsonObject(r.GetValue(input)!, "--in", "a credential (a JSON object)");
            var n = count.Get(r);
            if (n < 1)
            {
                throw new CliException("--count must be at least 1");
            }

            var cryptosuite = CryptosuiteRegistry.FindByName(r.GetValue(suite)!)!;
            using var key = KeyFile.Generate(cryptosuite.Name.StartsWith("ecdsa", StringComparison.Ordinal) ? KeyAlgorithm.P256 : KeyAlgorithm.Ed25519);
            var signer = key.CreateSigner();
            if (document["issuer"] is JsonObject issuerObject)
            {
                issuerObject["id"] = key.Controller;
            }
            else
            {
                document["issuer"] = key.Controller;
            }

            document.Remove("proof");

            // Status needs a list fetch; the JS reference drops it too, so both sides measure the same checks.
            document.Remove("credentialStatus");
            var canonicalizer = ProofCanonicalizer.Create(StaticDocumentLoader.Default);
            var signOptions = new ProofOptions { Canonicalizer = canonicalizer };
            var verifyOptions = new DataIntegrityVerificationOptions { Canonicalizer = canonicalizer };
            var algorithm = cryptosuite.Canonicalization;

            JsonObject signed = null!;
            try
            {
                signed = await DataIntegrityProofs.SignAsync(document, signer, cryptosuite, signOptions, ct).ConfigureAwait(false);
            }
            catch (DataIntegrityException ex)
            {
                throw new CliException($"cannot sign this document: {ex.Code}: {ex.Message}", ExitCodes.Of(ex));
            }

            var canonicalize = await Rate(n, () => canonicalizer.CanonicalizeAsync(document, algorithm, cancellationToken: ct).AsTask()).ConfigureAwait(false);
            var sign = await Rate(n, () => DataIntegrityProofs.SignAsync(document, signer, cryptosuite, signOptions, ct)).ConfigureAwait(false);
            var verify = await Rate(n, async () =>
            {
                var result = await DataIntegrityProofs.VerifyAsync(signed, verifyOptions, ct).ConfigureAwait(false);
                if (!result.Verified)
                {
                    throw new CliException("a benchmark verification failed: " + result.Proofs.FirstOrDefault()?.Message);
                }
            }).ConfigureAwait(false);

            // The whole verifier with its default checks (schema, context and surface, proof and key binding, validity,
            // endorsements, EU completeness), offline, on the signed credential as bytes.
            var verifier = new CredentialVerifier();
            var signedBytes = System.Text.Encoding.UTF8.GetBytes(signed.ToJsonString());
            var probe = await verifier.VerifyAsync(signedBytes, cancellationToken: ct).ConfigureAwait(false);
            var verifyCredential = await Rate(n, () => verifier.VerifyAsync(signedBytes, cancellationToken: ct)).ConfigureAwait(false);
            var timings = new CheckTimings();
            for (var i = 0; i < n; i++)
            {
                await verifier.VerifyAsync(signedBytes, null, timings, ct).ConfigureAwait(false);
            }

            var perCheck = new JsonObject();
            foreach (var (step, micros) in timings.PerVerification(n))
            {
                perCheck[step] = micros;
            }

            // The floor of any rdfc verification: canonicalize document and proof configuration, two SHA-256, one
            // signature check. What the full verifier costs beyond it is the price of the other checks.
            var proofConfig = (JsonObject)((JsonObject)signed["proof"]!).DeepClone();
            proofConfig.Remove("proofValue");
            proofConfig["@context"] = document["@context"]?.DeepClone();
            var canonicalConfig = await Rate(n, () => canonicalizer.CanonicalizeAsync(proofConfig, algorithm, cancellationToken: ct).AsTask()).ConfigureAwait(false);
            var canonicalDocument = await canonicalizer.CanonicalizeAsync(document, algorithm, cancellationToken: ct).ConfigureAwait(false);
            var sha = await Rate(n, () =>
            {
                System.Security.Cryptography.SHA256.HashData(canonicalDocument);
                return Task.CompletedTask;
            }).ConfigureAwait(false);
            var publicKey = key.KeyPair.PublicKey;
            var digest = System.Security.Cryptography.SHA512.HashData(canonicalDocument);
            var signature = key.KeyPair.Sign(digest);
            var signatureCheck = await Rate(n, () =>
            {
                if (!publicKey.Verify(digest, signature))
                {
                    throw new CliException("a benchmark signature did not verify");
                }

                return Task.CompletedTask;
            }).ConfigureAwait(false);
            var floorMicros = (1e6 / canonicalize) + (1e6 / canonicalConfig) + (2 * 1e6 / sha) + (1e6 / signatureCheck);

            console.WriteJson(new JsonObject
            {
                ["suite"] = cryptosuite.Name,
                ["n"] = n,
                ["signOpsPerSec"] = sign,
                ["verifyOpsPerSec"] = verify,
                ["verifyCredentialOpsPerSec"] = verifyCredential,
                ["verifyCredentialVerified"] = probe.Verified,
                ["verifyCredentialFailures"] = new JsonArray([.. probe.Failures.Select(f => (JsonNode)JsonValue.Create(f.Code)!)]),
                ["checkMicroseconds"] = perCheck,
                ["canonicalizeOpsPerSec"] = canonicalize,
                ["floorVerifyOpsPerSec"] = Math.Round(1e6 / floorMicros, 1),
                ["floor"] = new JsonObject
                {
                    ["canonicalizeDocumentMicroseconds"] = Math.Round(1e6 / canonicalize, 1),
                    ["canonicalizeProofConfigMicroseconds"] = Math.Round(1e6 / canonicalConfig, 1),
                    ["sha256Microseconds"] = Math.Round(1e6 / sha, 2),
                    ["signatureVerifyMicroseconds"] = Math.Round(1e6 / signatureCheck, 1),
                },
                ["threads"] = 1,
                ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
                ["processorCount"] = Environment.ProcessorCount,
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<double> Rate(int n, Func<Task> operation)
    {
        // Warm-up long enough for tiered JIT to reach optimised code (a few dozen calls is not), plus caches and pools.
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed < TimeSpan.FromSeconds(2))
        {
            await operation().ConfigureAwait(false);
        }

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            await operation().ConfigureAwait(false);
        }

        return Math.Round(n / watch.Elapsed.TotalSeconds, 1);
    }
}
