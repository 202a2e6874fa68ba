using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Jades.Internal;
using MicroCredentials.Signing.Keys;
using Org.BouncyCastle.Tsp;

namespace MicroCredentials.Signing.Jades;

/// <summary>How <see cref="JadesSealer"/> seals.</summary>
public sealed record JadesSealOptions
{
    /// <summary>The level to reach (default B-B). B-T and above need <see cref="Timestamper"/>; B-LT and above need revocation values.</summary>
    public JadesLevel Level { get; init; } = JadesLevel.BaselineB;

    /// <summary>The TSA for <c>sigTst</c> (B-T) and <c>arcTst</c> (B-LTA).</summary>
    public ITimestampClient? Timestamper { get; init; }

    /// <summary>The TSA for the archive timestamp when it differs from <see cref="Timestamper"/>.</summary>
    public ITimestampClient? ArchiveTimestamper { get; init; }

    /// <summary>The seal certificate's chain (issuing CAs, root) and any TSA or OCSP-responder certificates: the issuing CAs go into <c>x5c</c> after the seal certificate, all of them into <c>xVals</c> (B-LT).</summary>
    public IReadOnlyList<X509Certificate2> Certificates { get; init; } = [];

    /// <summary>DER CRLs for <c>rVals</c> (B-LT).</summary>
    public IReadOnlyList<byte[]> Crls { get; init; } = [];

    /// <summary>DER OCSP responses (<c>OCSPResponse</c>) for <c>rVals</c> (B-LT).</summary>
    public IReadOnlyList<byte[]> OcspResponses { get; init; } = [];

    /// <summary>The <c>cty</c> header (default <c>application/json</c>; null to omit).</summary>
    public string? ContentType { get; init; } = "application/json";

    /// <summary>
    /// When true (default), the payload is carried unencoded (<c>b64: false</c>, RFC 7797) as the EU's sealed EDCs do,
    /// so the credential stays readable JSON; it must then be UTF-8 text. When false, it is base64url.
    /// </summary>
    public bool UnencodedPayload { get; init; } = true;

    /// <summary>
    /// When true (default), the protected header carries <c>x5c</c>; when false only <c>x5t#S256</c> names the seal
    /// certificate, and verifiers need it from <c>xVals</c> (B-LT) or from their own configuration.
    /// </summary>
    public bool IncludeX5c { get; init; } = true;

    /// <summary>The claimed signing time (<c>iat</c>); default now.</summary>
    public DateTimeOffset? SigningTime { get; init; }
}

/// <summary>
/// Creates JAdES seals (ETSI TS 119 182-1 baseline) in the general JSON serialization with one signature, as the
/// sealed European Digital Credentials in the wild: protected <c>alg</c>, <c>cty</c>, <c>x5t#S256</c>, <c>x5c</c>,
/// <c>typ</c>, <c>b64</c>, <c>iat</c>, <c>crit</c>; unprotected <c>etsiU</c> of base64url components
/// <c>sigTst</c> (B-T), <c>xVals</c> and <c>rVals</c> (B-LT), <c>arcTst</c> (B-LTA). The key stays behind
/// <see cref="ISigner"/>.
/// </summary>
public sealed class JadesSealer
{
    /// <summary>Creates a sealer.</summary>
    public JadesSealer(JadesSealOptions? options = null)
    {
        Options = options ?? new JadesSealOptions();
    }

    /// <summary>The options.</summary>
    public JadesSealOptions Options { get; }

    /// <summary>The JWS <c>alg</c> for a signer: ES256, ES384, EdDSA, or RS256 for RSA signers.</summary>
    public static string AlgorithmOf(ISigner signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        return signer.Algorithm == KeyAlgorithm.P256 ? "ES256"
            : signer.Algorithm == KeyAlgorithm.P384 ? "ES384"
            : signer.Algorithm == KeyAlgorithm.Ed25519 ? "EdDSA"
            : signer.Algorithm == KeyAlgorithm.Rsa ? "RS256"
            : throw new ArgumentException($"{signer.Algorithm.Name} cannot seal", nameof(signer));
    }

    /// <summary>Seals <paramref name="payload"/> with <paramref name="signer"/> and its <paramref name="certificate"/>, then extends to <see cref="JadesSealOptions.Level"/>.</summary>
    /// <exception cref="ArgumentException">The payload is not UTF-8 with <see cref="JadesSealOptions.UnencodedPayload"/>, or the level needs what the options lack.</exception>
    /// <exception cref="InvalidOperationException">The signer's signature does not verify with the certificate, or a TSA failed.</exception>
    public async Task<byte[]> SealAsync(ReadOnlyMemory<byte> payload, ISigner signer, X509Certificate2 certificate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(certificate);
        var alg = AlgorithmOf(signer);
        string payloadText;
        byte[] payloadAsSigned;
        if (Options.UnencodedPayload)
        {
            try
            {
                payloadText = new UTF8Encoding(false, true).GetString(payload.Span);
            }
            catch (DecoderFallbackException)
            {
                throw new ArgumentException("with an unencoded payload (b64 false) the payload must be UTF-8 text", nameof(payload));
            }

            payloadAsSigned = payload.ToArray();
        }
        else
        {
            payloadText = B64.UrlEncode(payload.Span);
            payloadAsSigned = Encoding.ASCII.GetBytes(payloadText);
        }

        var header = new JsonObject { ["alg"] = alg };
        if (Options.ContentType is { } cty)
        {
            header["cty"] = cty;
        }

        header["x5t#S256"] = B64.UrlEncode(SHA256.HashData(certificate.RawData));
        if (Options.IncludeX5c)
        {
            header["x5c"] = new JsonArray([.. ChainOf(certificate).Select(c => (JsonNode)Convert.ToBase64String(c.RawData))]);
        }
        header["typ"] = "jose+json";
        if (Options.UnencodedPayload)
        {
            header["b64"] = false;
        }

        header["iat"] = (Options.SigningTime ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        if (Options.UnencodedPayload)
        {
            header["crit"] = new JsonArray("b64");
        }

        var protectedB64 = B64.UrlEncode(header.ToJsonString());
        var signingInput = JadesVerifier.SigningInput(new JwsSignature { ProtectedB64 = protectedB64, Protected = default, SignatureB64 = "", SignatureValue = [] }, payloadAsSigned);
        var signature = await signer.SignAsync(signingInput, cancellationToken).ConfigureAwait(false);
        var bc = new Org.BouncyCastle.X509.X509CertificateParser().ReadCertificate(certificate.RawData);
        if (!JwsAlgorithms.Verify(alg, bc, signingInput, signature))
        {
            throw new InvalidOperationException("the signer's signature does not verify with the certificate: wrong key or signer contract");
        }

        var doc = new JsonObject
        {
            ["payload"] = payloadText,
            ["signatures"] = new JsonArray(new JsonObject
            {
                ["protected"] = protectedB64,
                ["signature"] = B64.UrlEncode(signature),
            }),
        };
        var bytes = Encoding.UTF8.GetBytes(doc.ToJsonString());
        return Options.Level == JadesLevel.BaselineB ? bytes : await ExtendAsync(bytes, Options.Level, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Extends every signature of a JAdES JSON document (general or flattened) to <paramref name="level"/>: adds a
    /// <c>sigTst</c> when missing, then <c>xVals</c>/<c>rVals</c> from the options (plus the TSA certificates), then an
    /// <c>arcTst</c> over everything before it. Existing components are kept byte for byte.
    /// </summary>
    public async Task<byte[]> ExtendAsync(ReadOnlyMemory<byte> jades, JadesLevel level, CancellationToken cancellationToken = default)
    {
        if (level == JadesLevel.None)
        {
            throw new ArgumentException("extend to B-B, B-T, B-LT or B-LTA", nameof(level));
        }

        JwsDocument parsed;
        try
        {
            parsed = JwsParser.Parse(jades.Span, JadesLimits.Default);
        }
        catch (JwsParser.ParseException ex)
        {
            throw new ArgumentException("not a JAdES JSON document: " + ex.Message, nameof(jades));
        }

        if (parsed.Serialization == "compact")
        {
            throw new ArgumentException("a compact JWS has no unprotected header to extend; use the JSON serialization", nameof(jades));
        }

        var root = JsonNode.Parse(jades.Span)!.AsObject();
        var signatureNodes = parsed.Serialization == "json" ? root["signatures"]!.AsArray().Select(n => n!.AsObject()).ToList() : [root];
        for (var i = 0; i < parsed.Signatures.Count; i++)
        {
            var sig = parsed.Signatures[i];
            if (sig.EtsiU.Any(c => !c.Base64Url))
            {
                throw new ArgumentException("the etsiU has clear-JSON components; only the base64url form is extended", nameof(jades));
            }

            var node = signatureNodes[i];
            var headerNode = node["header"] as JsonObject ?? new JsonObject();
            node["header"] = headerNode;
            var etsiU = headerNode["etsiU"] as JsonArray ?? new JsonArray();
            headerNode["etsiU"] = etsiU;
            var components = etsiU.Select(e => (string)e!).ToList();
            bool Has(string name) => sig.EtsiU.Any(c => c.Name == name) || components.Any(c => ComponentName(c) == name);

            var tokens = new List<byte[]>();
            if (level >= JadesLevel.BaselineT && !Has("sigTst"))
            {
                var tst = await TimestampAsync(Options.Timestamper, Encoding.ASCII.GetBytes(sig.SignatureB64), "B-T", cancellationToken).ConfigureAwait(false);
                tokens.Add(tst);
                components.Add(Component("sigTst", new JsonObject { ["tstTokens"] = new JsonArray(new JsonObject { ["val"] = Convert.ToBase64String(tst) }) }));
            }

            if (level >= JadesLevel.BaselineLT && !(Has("xVals") && Has("rVals")))
            {
                if (Options.Crls.Count == 0 && Options.OcspResponses.Count == 0)
                {
                    throw new ArgumentException("B-LT needs revocation values: supply the OCSP responses or CRLs for the seal certificate's path");
                }

                var certs = new List<byte[]>();
                void AddCert(byte[] der)
                {
                    if (!certs.Any(c => c.AsSpan().SequenceEqual(der)))
                    {
                        certs.Add(der);
                    }
                }

                foreach (var c in Options.Certificates)
                {
                    AddCert(c.RawData);
                }

                foreach (var t in tokens.Concat(sig.EtsiU.Where(c => c.Name == "sigTst").SelectMany(TokensOf)))
                {
                    foreach (var c in new TimeStampToken(new Org.BouncyCastle.Cms.CmsSignedData(t)).GetCertificates().EnumerateMatches(null))
                    {
                        AddCert(c.GetEncoded());
                    }
                }

                components.Add(Component("xVals", new JsonArray([.. certs.Select(c => (JsonNode)new JsonObject { ["x509Cert"] = new JsonObject { ["val"] = Convert.ToBase64String(c) } })])));
                var rVals = new JsonObject();
                if (Options.Crls.Count > 0)
                {
                    rVals["crlVals"] = new JsonArray([.. Options.Crls.Select(c => (JsonNode)new JsonObject { ["val"] = Convert.ToBase64String(c) })]);
                }

                if (Options.OcspResponses.Count > 0)
                {
                    rVals["ocspVals"] = new JsonArray([.. Options.OcspResponses.Select(c => (JsonNode)new JsonObject { ["val"] = Convert.ToBase64String(c) })]);
                }

                components.Add(Component("rVals", rVals));
            }

            if (level >= JadesLevel.BaselineLTA)
            {
                var payloadAsSigned = sig.B64 ? Encoding.ASCII.GetBytes(parsed.Payload ?? "") : Encoding.UTF8.GetBytes(parsed.Payload ?? "");
                byte[] input = [.. payloadAsSigned, .. Encoding.ASCII.GetBytes("." + sig.ProtectedB64 + "." + sig.SignatureB64 + "." + string.Concat(components))];
                var arc = await TimestampAsync(Options.ArchiveTimestamper ?? Options.Timestamper, input, "B-LTA", cancellationToken).ConfigureAwait(false);
                components.Add(Component("arcTst", new JsonObject { ["tstTokens"] = new JsonArray(new JsonObject { ["val"] = Convert.ToBase64String(arc) }) }));
            }

            etsiU.Clear();
            foreach (var c in components)
            {
                etsiU.Add(c);
            }

            if (etsiU.Count == 0)
            {
                headerNode.Remove("etsiU");
                if (headerNode.Count == 0)
                {
                    node.Remove("header");
                }
            }
        }

        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    /// <summary>The seal certificate, then its issuers found in <see cref="JadesSealOptions.Certificates"/> (RFC 7515 order), without the self-signed root.</summary>
    private List<X509Certificate2> ChainOf(X509Certificate2 leaf)
    {
        var chain = new List<X509Certificate2> { leaf };
        var current = leaf;
        while (chain.Count < 8 && !current.SubjectName.RawData.AsSpan().SequenceEqual(current.IssuerName.RawData))
        {
            var issuer = Options.Certificates.FirstOrDefault(c => c.SubjectName.RawData.AsSpan().SequenceEqual(current.IssuerName.RawData) && !chain.Contains(c));
            if (issuer is null || issuer.SubjectName.RawData.AsSpan().SequenceEqual(issuer.IssuerName.RawData))
            {
                break;
            }

            chain.Add(issuer);
            current = issuer;
        }

        return chain;
    }

    private static IEnumerable<byte[]> TokensOf(EtsiUComponent c)
    {
        if (c.Value.ValueKind == JsonValueKind.Object && c.Value.TryGetProperty("tstTokens", out var t) && t.ValueKind == JsonValueKind.Array)
        {
            foreach (var tok in t.EnumerateArray())
            {
                if (tok.TryGetProperty("val", out var v) && v.ValueKind == JsonValueKind.String && B64.TryDecodeAny(v.GetString()!, out var der))
                {
                    yield return der;
                }
            }
        }
    }

    private static string? ComponentName(string b64)
    {
        if (!B64.TryUrlDecode(b64, out var bytes))
        {
            return null;
        }

        using var d = JsonDocument.Parse(bytes);
        return d.RootElement.EnumerateObject().FirstOrDefault().Name;
    }

    private static string Component(string name, JsonNode value) => B64.UrlEncode(new JsonObject { [name] = value }.ToJsonString());

    private static async Task<byte[]> TimestampAsync(ITimestampClient? client, byte[] input, string level, CancellationToken cancellationToken)
    {
        if (client is null)
        {
            throw new ArgumentException($"{level} needs a timestamping authority (JadesSealOptions.Timestamper)");
        }

        var token = await client.TimestampAsync(SHA256.HashData(input), cancellationToken).ConfigureAwait(false);
        var read = Timestamp.TryRead(token, out var error) ?? throw new InvalidOperationException("the TSA returned something that is not a timestamp token: " + error);
        if (!read.ImprintMatches(input))
        {
            throw new InvalidOperationException("the TSA's token does not cover the requested digest");
        }

        return token;
    }
}
