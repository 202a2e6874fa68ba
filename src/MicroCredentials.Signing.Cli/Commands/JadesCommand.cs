using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MicroCredentials.Signing.Jades;

namespace MicroCredentials.Signing.Cli.Commands;

/// <summary>
/// <c>mcred jades sign|verify</c>: JAdES (ETSI TS 119 182-1) seals with an X.509 certificate, B-B to B-LTA; and
/// <c>mcred seal</c>, the shortcut that seals a European Digital Credential. <c>mcred verify</c> routes a sealed
/// input here (<see cref="LooksLikeJades"/>).
/// </summary>
internal static class JadesCommand
{
    /// <summary>The largest JAdES file read (the verifier's own limit).</summary>
    private static int MaxBytes => JadesLimits.Default.MaxInputBytes;

    public static Command Create(CliConsole console)
    {
        var command = new Command("jades", "JAdES seals (ETSI TS 119 182-1): sign and verify, B-B to B-LTA.");
        command.Subcommands.Add(CreateSign(console, "sign", "Seal a file as JAdES (general JSON serialization) with an X.509 certificate."));
        command.Subcommands.Add(CreateVerify(console));
        return command;
    }

    /// <summary><c>mcred seal</c>: <c>jades sign</c> for a European Digital Credential.</summary>
    public static Command CreateSeal(CliConsole console) =>
        CreateSign(console, "seal", "Seal a European Digital Credential (JSON) as the EU wallet expects: JAdES, payload unencoded, B-B to B-LTA.");

    private static Command CreateSign(CliConsole console, string name, string description)
    {
        var input = new Option<string>("--in") { Description = "The file to seal (for seal: the credential JSON).", Required = true };
        var cert = new Option<string>("--cert") { Description = "The seal certificate: a PKCS#12 file with its key, or PEM certificates (seal certificate first) with --key.", Required = true };
        var key = new Option<string?>("--key") { Description = "With a PEM --cert: the PKCS#8 PEM private key." };
        var password = new Option<string?>("--password") { Description = "The PKCS#12 password (default: $MCRED_SEAL_PASSWORD, else none)." };
        var level = new Option<string>("--level") { Description = "B-B, B-T, B-LT or B-LTA.", DefaultValueFactory = _ => "B-B" };
        level.AcceptOnlyFromAmong("B-B", "B-T", "B-LT", "B-LTA");
        var tsa = new Option<string?>("--tsa") { Description = "The RFC 3161 TSA URL (HTTPS) for B-T and above: the only host contacted." };
        var chain = new Option<string[]>("--chain") { Description = "Certificates (PEM or DER) of the seal certificate's chain, TSA or OCSP responder, for x5c and xVals (repeatable).", AllowMultipleArgumentsPerToken = true };
        var crl = new Option<string[]>("--crl") { Description = "A DER CRL for rVals (B-LT, B-LTA; repeatable).", AllowMultipleArgumentsPerToken = true };
        var ocsp = new Option<string[]>("--ocsp") { Description = "A DER OCSP response for rVals (B-LT, B-LTA; repeatable).", AllowMultipleArgumentsPerToken = true };
        var encoded = new Option<bool>("--base64url-payload") { Description = "Carry the payload base64url-encoded (b64 true) instead of as clear JSON text." };
        var output = new Option<string?>("--out") { Description = "Write the sealed JSON here instead of standard output." };
        var command = new Command(name, description);
        foreach (var o in new Option[] { input, cert, key, password, level, tsa, chain, crl, ocsp, encoded, output })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var payload = CliConsole.ReadBytes(r.GetValue(input)!, "--in", MaxBytes);
            if (name == "seal")
            {
                // An EDC is JSON: refuse anything else before touching the key.
                _ = CliConsole.ReadJsonObject(r.GetValue(input)!, "--in", "a credential (a JSON object)");
            }

            var sealLevel = r.GetValue(level) switch
            {
                "B-T" => JadesLevel.BaselineT,
                "B-LT" => JadesLevel.BaselineLT,
                "B-LTA" => JadesLevel.BaselineLTA,
                _ => JadesLevel.BaselineB,
            };
            ITimestampClient? client = null;
            if (r.GetValue(tsa) is { } url)
            {
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
                {
                    throw new CliException($"--tsa '{url}' is not an absolute URL");
                }

                try
                {
                    client = new HttpTimestampClient(uri, new HttpTimestampClientOptions { AllowedHosts = [uri.Host] });
                }
                catch (ArgumentException ex)
                {
                    throw new CliException("--tsa: " + ex.Message);
                }
            }

            if (sealLevel >= JadesLevel.BaselineT && client is null)
            {
                throw new CliException($"--level {r.GetValue(level)} needs --tsa (an RFC 3161 timestamping authority)");
            }

            using var signer = LoadSigner(r.GetValue(cert)!, r.GetValue(key), r.GetValue(password) ?? Environment.GetEnvironmentVariable("MCRED_SEAL_PASSWORD"));
            var certificates = signer.Chain.Concat((r.GetValue(chain) ?? []).SelectMany(p => LoadCertificates(p, "--chain"))).ToList();
            var options = new JadesSealOptions
            {
                Level = sealLevel,
                Timestamper = client,
                Certificates = certificates,
                Crls = [.. (r.GetValue(crl) ?? []).Select(p => CliConsole.ReadBytes(p, "--crl", 16 * 1024 * 1024))],
                OcspResponses = [.. (r.GetValue(ocsp) ?? []).Select(p => CliConsole.ReadBytes(p, "--ocsp", 1024 * 1024))],
                UnencodedPayload = !r.GetValue(encoded),
                ContentType = name == "seal" ? "application/json" : null,
            };
            byte[] sealedBytes;
            try
            {
                sealedBytes = await new JadesSealer(options).SealAsync(payload, signer, signer.Certificate, ct).ConfigureAwait(false);
            }
            catch (ArgumentException ex)
            {
                throw new CliException(ex.Message);
            }
            catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                throw new CliException("sealing failed: " + ex.Message, ExitCodes.NotVerified);
            }

            var text = Encoding.UTF8.GetString(sealedBytes);
            if (r.GetValue(output) is { } outPath)
            {
                await File.WriteAllTextAsync(outPath, text + "\n", ct).ConfigureAwait(false);
                await console.Error.WriteLineAsync("wrote " + outPath).ConfigureAwait(false);
            }
            else
            {
                await console.Out.WriteLineAsync(text).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The JAdES trust options, shared with <c>mcred verify</c>.</summary>
    internal sealed record TrustOptions(Option<string[]> Anchors, Option<string?> TrustedList, Option<string[]> ListSigners)
    {
        public static TrustOptions Create() => new(
            new Option<string[]>("--trust-anchor") { Description = "JAdES seals: a trusted root or CA certificate (PEM or DER; repeatable). The machine's store is never used.", AllowMultipleArgumentsPerToken = true },
            new Option<string?>("--trusted-list") { Description = "JAdES seals: an ETSI TS 119 612 trusted list (XML) whose CA/QC and QTST services are anchors; needs --tl-signer." },
            new Option<string[]>("--tl-signer") { Description = "JAdES seals: a certificate the trusted list must be signed with (repeatable).", AllowMultipleArgumentsPerToken = true });

        public IEnumerable<Option> All => [Anchors, TrustedList, ListSigners];

        public JadesVerifierOptions Apply(ParseResult r, JadesVerifierOptions options)
        {
            var anchors = (r.GetValue(Anchors) ?? []).SelectMany(p => LoadCertificates(p, "--trust-anchor")).ToList();
            var lists = new List<TrustedList>();
            if (r.GetValue(TrustedList) is { } tlPath)
            {
                var signers = (r.GetValue(ListSigners) ?? []).SelectMany(p => LoadCertificates(p, "--tl-signer")).ToList();
                if (signers.Count == 0)
                {
                    throw new CliException("--trusted-list needs --tl-signer: a trusted list is only used when its signature is checked");
                }

                try
                {
                    lists.Add(Jades.TrustedList.Load(CliConsole.ReadBytes(tlPath, "--trusted-list", 64 * 1024 * 1024), signers));
                }
                catch (TrustedListException ex)
                {
                    throw CliConsole.Refused(tlPath, "--trusted-list", $"{ex.Code}: {ex.Message}");
                }
            }
            else if (r.GetValue(ListSigners) is { Length: > 0 })
            {
                throw new CliException("--tl-signer applies to --trusted-list");
            }

            return options with { TrustAnchors = anchors, TrustedLists = lists };
        }
    }

    private static Command CreateVerify(CliConsole console)
    {
        var input = new Option<string>("--in") { Description = "The JAdES signature (compact, flattened or general JSON).", Required = true };
        var detached = new Option<string[]>("--detached") { Description = "A detached document (repeatable); matched to sigD by file name.", AllowMultipleArgumentsPerToken = true };
        var trust = TrustOptions.Create();
        var at = new Option<string?>("--at") { Description = "Validate as of this time (ISO 8601); default now." };
        var allowMissing = new Option<bool>("--allow-missing-revocation") { Description = "Warn instead of indeterminate when a path certificate has no revocation value." };
        var command = new Command("verify", "Verify a JAdES signature: signature, timestamps, path to the trust anchors, revocation, long-term validation.");
        foreach (var o in new Option[] { input, detached }.Concat(trust.All).Concat([at, allowMissing]))
        {
            command.Options.Add(o);
        }

        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var bytes = CliConsole.ReadBytes(r.GetValue(input)!, "--in", MaxBytes);
            var contents = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
            foreach (var path in r.GetValue(detached) ?? [])
            {
                contents[Path.GetFileName(path)] = CliConsole.ReadBytes(path, "--detached", MaxBytes);
            }

            var options = trust.Apply(r, new JadesVerifierOptions
            {
                DetachedContents = contents,
                ValidationTime = CliParsing.ParseTime(r.GetValue(at), "--at"),
                AllowMissingRevocation = r.GetValue(allowMissing),
            });
            return await RunVerifyAsync(console, r.GetValue(input)!, bytes, options, ct).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Verifies and prints the report: exit 0 passed, 1 failed, 3 indeterminate, 2 when nothing could be read.</summary>
    internal static async Task<int> RunVerifyAsync(CliConsole console, string path, byte[] bytes, JadesVerifierOptions options, CancellationToken ct)
    {
        var report = await new JadesVerifier(options).VerifyAsync(bytes, ct).ConfigureAwait(false);
        console.WriteJson(report.ToJson());
        if (report.Signatures.Count == 0)
        {
            var why = report.Checks.FirstOrDefault();
            await console.Error.WriteLineAsync("error: " + CliConsole.Refused(path, "--in", why is null ? "not a JAdES signature" : $"{why.Code}: {why.Message}").Message).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        return report.Indication switch
        {
            JadesIndication.Passed => ExitCodes.Success,
            JadesIndication.Indeterminate => ExitCodes.Indeterminate,
            _ => ExitCodes.NotVerified,
        };
    }

    /// <summary>
    /// True for a JSON JWS serialization (<c>payload</c>/<c>protected</c>/<c>signatures</c> members): a sealed EDC,
    /// which <c>mcred verify</c> hands to the JAdES verifier. A VC-JWT stays with the credential verifier.
    /// </summary>
    internal static bool LooksLikeJades(byte[] bytes)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(bytes, new System.Text.Json.JsonDocumentOptions { MaxDepth = 64 });
            var root = doc.RootElement;
            return root.ValueKind == System.Text.Json.JsonValueKind.Object
                && !root.TryGetProperty("@context", out _)
                && (root.TryGetProperty("signatures", out _) || (root.TryGetProperty("signature", out _) && root.TryGetProperty("protected", out _)));
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static X509Signer LoadSigner(string certPath, string? keyPath, string? password)
    {
        var bytes = CliConsole.ReadBytes(certPath, "--cert", 1024 * 1024);
        try
        {
            if (bytes.AsSpan().IndexOf("-----BEGIN"u8) >= 0)
            {
                if (keyPath is null)
                {
                    throw new CliException("a PEM --cert needs --key (its PKCS#8 private key)");
                }

                return X509Signer.FromPem(Encoding.ASCII.GetString(bytes), CliConsole.ReadText(keyPath, "--key"));
            }

            if (keyPath is not null)
            {
                throw new CliException("--key applies to a PEM --cert; a PKCS#12 file carries its key");
            }

            return X509Signer.FromPkcs12(bytes, password);
        }
        catch (CryptographicException ex)
        {
            throw CliConsole.Refused(certPath, "--cert", "not a usable PKCS#12 or PEM seal certificate (wrong --password?): " + ex.Message);
        }
        catch (ArgumentException ex)
        {
            throw CliConsole.Refused(certPath, "--cert", ex.Message);
        }
    }

    internal static List<X509Certificate2> LoadCertificates(string path, string option)
    {
        var bytes = CliConsole.ReadBytes(path, option, 1024 * 1024);
        try
        {
            if (bytes.AsSpan().IndexOf("-----BEGIN"u8) >= 0)
            {
                var collection = new X509Certificate2Collection();
                collection.ImportFromPem(Encoding.ASCII.GetString(bytes));
                return collection.Count > 0 ? [.. collection] : throw CliConsole.Refused(path, option, "no PEM certificate");
            }

            return [X509CertificateLoader.LoadCertificate(bytes)];
        }
        catch (CryptographicException ex)
        {
            throw CliConsole.Refused(path, option, "not a certificate (PEM or DER): " + ex.Message);
        }
    }
}
