using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MicroCredentials.Signing.Jades.Internal;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X509.Qualified;
using Org.BouncyCastle.X509;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace MicroCredentials.Signing.Jades;

/// <summary>
/// Verifies JAdES signatures (ETSI TS 119 182-1) in the compact, flattened and general JSON serializations: the JWS
/// signature value with the signing certificate the protected header binds, detached contents (<c>sigD</c>), every
/// RFC 3161 timestamp's TSA signature and message imprint, the certificate path to the configured anchors, revocation
/// from the embedded values, and the time a trusted timestamp proves (B-LTA). Offline; outcomes are results, not
/// exceptions.
/// </summary>
public sealed class JadesVerifier
{
    /// <summary>The date from which ETSI TS 119 182-1 (v1.2.1) requires <c>iat</c> instead of <c>sigT</c> (as DSS enforces).</summary>
    public static readonly DateTimeOffset IatRequiredFrom = new(2025, 7, 15, 0, 0, 0, TimeSpan.Zero);

    private static readonly HashSet<string> RegisteredHeaders =
        ["alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit", "enc", "zip", "epk", "apu", "apv", "iv", "tag", "p2s", "p2c"];

    private static readonly HashSet<string> UnderstoodCritical =
        ["sigT", "x5t#o", "sigX5ts", "srCms", "sigPl", "srAts", "adoTst", "sigPId", "sigD", "iat", "exp", "b64"];

    private static readonly DerObjectIdentifier QcCompliance = new("0.4.0.1862.1.1");

    /// <summary>Creates a verifier.</summary>
    public JadesVerifier(JadesVerifierOptions? options = null)
    {
        Options = options ?? new JadesVerifierOptions();
    }

    /// <summary>The options.</summary>
    public JadesVerifierOptions Options { get; }

    /// <summary>Verifies a JAdES document (its bytes as received).</summary>
    public Task<JadesReport> VerifyAsync(ReadOnlyMemory<byte> input, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Verify(input.Span, cancellationToken));
    }

    /// <summary>Verifies a JAdES document synchronously.</summary>
    public JadesReport Verify(ReadOnlySpan<byte> input, CancellationToken cancellationToken = default)
    {
        JwsDocument doc;
        try
        {
            doc = JwsParser.Parse(input, Options.Limits);
        }
        catch (JwsParser.ParseException ex)
        {
            var check = new JadesCheck(ex.Code, JadesSeverity.Failure, ex.Message, JadesSubIndications.FormatFailure);
            return new JadesReport { Indication = JadesIndication.Failed, SubIndication = check.SubIndication, Code = check.Code, Checks = [check] };
        }

        var states = new List<SignatureState>();
        for (var i = 0; i < doc.Signatures.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            states.Add(FirstPass(doc, doc.Signatures[i], i));
        }

        MarkCopiesAndDuplicates(states);
        var reports = new List<JadesSignatureReport>();
        foreach (var s in states)
        {
            cancellationToken.ThrowIfCancellationRequested();
            reports.Add(Finish(s));
        }

        var failed = reports.FirstOrDefault(r => r.Indication == JadesIndication.Failed);
        var indeterminate = reports.FirstOrDefault(r => r.Indication == JadesIndication.Indeterminate);
        var decisive = failed ?? indeterminate;
        return new JadesReport
        {
            Indication = decisive?.Indication ?? JadesIndication.Passed,
            SubIndication = decisive?.SubIndication,
            Code = decisive?.Code,
            Serialization = doc.Serialization,
            Signatures = reports,
            Payload = states.Count > 0 && doc.Payload is not null ? states[0].Payload : ReadOnlyMemory<byte>.Empty,
        };
    }

    private sealed class TsEval
    {
        public required string Type { get; init; }

        public required int Component { get; init; }

        public required byte[] Der { get; init; }

        public Timestamp? Token { get; set; }

        public bool Imprint { get; set; }

        public bool Signature { get; set; }

        public bool Trusted { get; set; }

        public string Code { get; set; } = JadesCodes.Ok;

        public string Message { get; set; } = "";
    }

    private sealed class SignatureState
    {
        public required JwsDocument Doc { get; init; }

        public required JwsSignature Sig { get; init; }

        public required int Index { get; init; }

        public List<JadesCheck> Checks { get; } = [];

        public List<TsEval> Timestamps { get; } = [];

        public byte[] Payload { get; set; } = [];

        public byte[] PayloadAsSigned { get; set; } = [];

        public bool NotEtsi { get; set; }

        public bool SignatureIntact { get; set; }

        public BcCertificate? Leaf { get; set; }

        public DateTimeOffset? SigningTime { get; set; }

        public CertPool Pool { get; } = new();

        public RevocationPool Revocation { get; } = new();

        public void Fail(string code, string sub, string message, bool indeterminate = false) =>
            Checks.Add(new JadesCheck(code, JadesSeverity.Failure, message, sub, indeterminate));

        public void Warn(string code, string message) => Checks.Add(new JadesCheck(code, JadesSeverity.Warning, message));

        public void Info(string code, string message) => Checks.Add(new JadesCheck(code, JadesSeverity.Info, message));

        public bool HasCheck(string code) => Checks.Any(c => c.Code == code);
    }

    private SignatureState FirstPass(JwsDocument doc, JwsSignature sig, int index)
    {
        var s = new SignatureState { Doc = doc, Sig = sig, Index = index };
        foreach (var (code, message) in sig.StructureErrors)
        {
            s.Fail(code, JadesSubIndications.FormatFailure, message);
        }

        CheckCrit(s);
        CheckSigningTime(s);
        ReadValidationData(s);
        ComputePayload(s);
        FindSigningCertificate(s);
        VerifySignatureValue(s);
        EvaluateTimestamps(s);
        CheckCounterSignatures(s);
        CheckPolicy(s);
        return s;
    }

    private static void CheckCrit(SignatureState s)
    {
        var p = s.Sig.Protected;
        var crit = new List<string>();
        if (p.TryGetProperty("crit", out var c))
        {
            if (c.ValueKind != JsonValueKind.Array)
            {
                NotEtsi(s, JadesCodes.CritInvalid, $"#/crit: expected type: array, actual: {c.ValueKind.ToString().ToLowerInvariant()}");
                return;
            }

            if (c.GetArrayLength() == 0)
            {
                NotEtsi(s, JadesCodes.CritInvalid, "crit is empty (RFC 7515 §4.1.11)");
            }

            foreach (var e in c.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.String)
                {
                    NotEtsi(s, JadesCodes.CritInvalid, $"#/crit: expected type: string, actual: {e.ValueKind.ToString().ToLowerInvariant()}");
                    return;
                }

                var name = e.GetString()!;
                if (crit.Contains(name))
                {
                    NotEtsi(s, JadesCodes.CritInvalid, $"crit lists {name} twice");
                }

                crit.Add(name);
                if (RegisteredHeaders.Contains(name))
                {
                    NotEtsi(s, JadesCodes.CritInvalid, $"crit lists {name}, a header defined by RFC 7515/7518");
                }
                else if (name == "etsiU")
                {
                    if (s.Sig.Unprotected is not { } u || !u.TryGetProperty("etsiU", out _))
                    {
                        NotEtsi(s, JadesCodes.CritInvalid, "crit lists etsiU, but there is no etsiU header");
                    }
                }
                else if (!UnderstoodCritical.Contains(name))
                {
                    NotEtsi(s, JadesCodes.CritInvalid, $"crit lists {name}, a header this verifier does not understand as critical");
                }
                else if (!p.TryGetProperty(name, out _))
                {
                    NotEtsi(s, JadesCodes.CritInvalid, $"crit lists {name}, which is not in the protected header");
                }
            }
        }

        foreach (var mustBeCritical in new[] { "b64", "sigD" })
        {
            if (p.TryGetProperty(mustBeCritical, out _) && !crit.Contains(mustBeCritical))
            {
                NotEtsi(s, JadesCodes.CritInvalid, $"{mustBeCritical} is present but not listed in crit");
            }
        }

        if (p.TryGetProperty("b64", out var b64) && b64.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            NotEtsi(s, JadesCodes.CritInvalid, "b64 must be a boolean");
        }
    }

    private static void NotEtsi(SignatureState s, string code, string message)
    {
        s.NotEtsi = true;
        s.Fail(code, JadesSubIndications.FormatFailure, message);
    }

    private static void CheckSigningTime(SignatureState s)
    {
        var p = s.Sig.Protected;
        DateTimeOffset? sigT = null;
        DateTimeOffset? iat = null;
        var hasSigT = p.TryGetProperty("sigT", out var st);
        var hasIat = p.TryGetProperty("iat", out var ia);
        if (hasSigT)
        {
            if (st.ValueKind == JsonValueKind.String && DateTimeOffset.TryParseExact(st.GetString(), ["yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
            {
                sigT = t;
            }
            else
            {
                NotEtsi(s, JadesCodes.SigningTimeInvalid, "sigT is not an RFC 3339 UTC date-time (YYYY-MM-DDThh:mm:ssZ)");
            }
        }

        if (hasIat)
        {
            if (ia.ValueKind == JsonValueKind.Number && ia.TryGetInt64(out var seconds) && seconds is >= 0 and < 253402300800)
            {
                iat = DateTimeOffset.FromUnixTimeSeconds(seconds);
            }
            else if (!hasSigT)
            {
                NotEtsi(s, JadesCodes.SigningTimeInvalid, "iat is not a NumericDate (seconds since 1970)");
            }
        }

        if (hasSigT && hasIat)
        {
            NotEtsi(s, JadesCodes.SigningTimeInvalid, "both iat and sigT headers: a JAdES baseline signature has one claimed signing time");
            return;
        }

        if (!hasSigT && !hasIat)
        {
            NotEtsi(s, JadesCodes.SigningTimeInvalid, "no claimed signing time: a JAdES baseline signature has iat (or sigT before 2025-07-15)");
            return;
        }

        if (sigT is { } when && when >= IatRequiredFrom)
        {
            NotEtsi(s, JadesCodes.SigningTimeInvalid, $"sigT {when:yyyy-MM-ddTHH:mm:ssZ} without iat: from {IatRequiredFrom:yyyy-MM-dd} ETSI TS 119 182-1 requires the iat header for the claimed signing time, so this is not a JAdES baseline signature");
        }

        s.SigningTime = sigT ?? iat;
    }

    private void ReadValidationData(SignatureState s)
    {
        foreach (var cert in Options.Certificates)
        {
            s.Pool.Add(cert.RawData);
        }

        var values = 0;
        void Certs(JsonElement xVals)
        {
            if (xVals.ValueKind != JsonValueKind.Array)
            {
                s.Fail(JadesCodes.EtsiUInvalid, JadesSubIndications.FormatFailure, "xVals must be an array");
                return;
            }

            foreach (var x in xVals.EnumerateArray())
            {
                if (++values > Options.Limits.MaxValidationValues)
                {
                    return;
                }

                if (x.ValueKind == JsonValueKind.Object && x.TryGetProperty("x509Cert", out var xc) && Val(xc) is { } der && s.Pool.Add(der) is null)
                {
                    s.Warn(JadesCodes.EtsiUInvalid, "an xVals certificate cannot be read");
                }
            }
        }

        void Revs(JsonElement rVals)
        {
            if (rVals.ValueKind != JsonValueKind.Object)
            {
                s.Fail(JadesCodes.EtsiUInvalid, JadesSubIndications.FormatFailure, "rVals must be an object");
                return;
            }

            if (rVals.TryGetProperty("crlVals", out var crls) && crls.ValueKind == JsonValueKind.Array)
            {
                foreach (var c in crls.EnumerateArray())
                {
                    if (++values <= Options.Limits.MaxValidationValues && Val(c) is { } der && !s.Revocation.AddCrl(der))
                    {
                        s.Warn(JadesCodes.EtsiUInvalid, "an rVals CRL cannot be read");
                    }
                }
            }

            if (rVals.TryGetProperty("ocspVals", out var ocsps) && ocsps.ValueKind == JsonValueKind.Array)
            {
                foreach (var o in ocsps.EnumerateArray())
                {
                    if (++values <= Options.Limits.MaxValidationValues && Val(o) is { } der && !s.Revocation.AddOcsp(der))
                    {
                        s.Warn(JadesCodes.EtsiUInvalid, "an rVals OCSP response cannot be read");
                    }
                }
            }
        }

        if (X5c(s) is { } x5c)
        {
            foreach (var der in x5c)
            {
                s.Pool.Add(der);
            }
        }

        foreach (var comp in s.Sig.EtsiU)
        {
            switch (comp.Name)
            {
                case "xVals":
                    Certs(comp.Value);
                    break;
                case "rVals":
                    Revs(comp.Value);
                    break;
                case "tstVD":
                    if (comp.Value.ValueKind == JsonValueKind.Object)
                    {
                        if (comp.Value.TryGetProperty("xVals", out var tx))
                        {
                            Certs(tx);
                        }

                        if (comp.Value.TryGetProperty("rVals", out var tr))
                        {
                            Revs(tr);
                        }
                    }

                    break;
            }
        }

        if (values > Options.Limits.MaxValidationValues)
        {
            s.Fail(JadesCodes.LimitExceeded, JadesSubIndications.FormatFailure, $"more than {Options.Limits.MaxValidationValues} certificate and revocation values");
        }
    }

    private static byte[]? Val(JsonElement e) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty("val", out var v) && v.ValueKind == JsonValueKind.String && B64.TryDecodeAny(v.GetString()!, out var der) ? der : null;

    /// <summary>The x5c certificates (DER), or null when absent or malformed (reported once).</summary>
    private List<byte[]>? X5c(SignatureState s)
    {
        if (!s.Sig.Protected.TryGetProperty("x5c", out var x5c))
        {
            return null;
        }

        if (x5c.ValueKind != JsonValueKind.Array || x5c.GetArrayLength() == 0)
        {
            if (!s.HasCheck(JadesCodes.X5cInvalid))
            {
                s.Fail(JadesCodes.X5cInvalid, JadesSubIndications.FormatFailure, $"#/x5c: expected type: array of base64 certificates, actual: {x5c.ValueKind.ToString().ToLowerInvariant()}; the certificate is ignored");
            }

            return null;
        }

        if (x5c.GetArrayLength() > Options.Limits.MaxX5c)
        {
            if (!s.HasCheck(JadesCodes.LimitExceeded))
            {
                s.Fail(JadesCodes.LimitExceeded, JadesSubIndications.FormatFailure, $"x5c holds more than {Options.Limits.MaxX5c} certificates");
            }

            return null;
        }

        var list = new List<byte[]>();
        foreach (var e in x5c.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.String || !B64.TryDecodeAny(e.GetString()!, out var der))
            {
                if (!s.HasCheck(JadesCodes.X5cInvalid))
                {
                    s.Fail(JadesCodes.X5cInvalid, JadesSubIndications.FormatFailure, "an x5c entry is not a base64 certificate");
                }

                return null;
            }

            list.Add(der);
        }

        return list;
    }

    private void ComputePayload(SignatureState s)
    {
        var sig = s.Sig;
        var b64 = sig.B64;
        var text = s.Doc.Payload;
        if (sig.Protected.TryGetProperty("sigD", out var sigD))
        {
            ComputeSigD(s, sigD, b64);
            return;
        }

        if (string.IsNullOrEmpty(text))
        {
            if (Options.DetachedContents.Count == 1)
            {
                var doc = Options.DetachedContents.First().Value.ToArray();
                s.Payload = doc;
                s.PayloadAsSigned = b64 ? Encoding.ASCII.GetBytes(B64.UrlEncode(doc)) : doc;
                return;
            }

            if (text is null || Options.DetachedContents.Count > 1)
            {
                s.Fail(JadesCodes.DetachedContentMissing, JadesSubIndications.SignedDataNotFound,
                    Options.DetachedContents.Count > 1 ? "the payload is detached and several detached contents were supplied without sigD" : "the payload is detached and no detached content was supplied", true);
            }

            return;
        }

        if (b64)
        {
            s.PayloadAsSigned = Encoding.ASCII.GetBytes(text);
            if (!B64.TryUrlDecode(text, out var raw))
            {
                s.Fail(JadesCodes.PayloadInvalid, JadesSubIndications.FormatFailure, "the payload is not base64url (b64 is true)");
                return;
            }

            s.Payload = raw;
        }
        else
        {
            s.PayloadAsSigned = Encoding.UTF8.GetBytes(text);
            s.Payload = s.PayloadAsSigned;
        }
    }

    private void ComputeSigD(SignatureState s, JsonElement sigD, bool b64)
    {
        string? Str(string n) => sigD.ValueKind == JsonValueKind.Object && sigD.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        List<string>? Strings(string n)
        {
            if (sigD.ValueKind != JsonValueKind.Object || !sigD.TryGetProperty(n, out var v) || v.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var list = new List<string>();
            foreach (var e in v.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.String)
                {
                    return null;
                }

                list.Add(e.GetString()!);
            }

            return list;
        }

        var mId = Str("mId");
        var pars = Strings("pars");
        if (pars is null || pars.Count == 0 || pars.Count > 64)
        {
            s.Fail(JadesCodes.DetachedDigestMismatch, JadesSubIndications.FormatFailure, "sigD needs a non-empty pars array of strings");
            return;
        }

        var docs = new List<byte[]>();
        foreach (var par in pars)
        {
            var d = FindDetached(par);
            if (d is null)
            {
                s.Fail(JadesCodes.DetachedContentMissing, JadesSubIndications.SignedDataNotFound, $"the detached document {par} named by sigD was not supplied", true);
                return;
            }

            docs.Add(d);
        }

        s.Payload = docs.Count == 1 ? docs[0] : [.. docs.SelectMany(d => d)];
        if (mId == "http://uri.etsi.org/19182/ObjectIdByURI")
        {
            var signed = docs.Select(d => b64 ? Encoding.ASCII.GetBytes(B64.UrlEncode(d)) : d).SelectMany(b => b).ToArray();
            s.PayloadAsSigned = signed;
            if (!string.IsNullOrEmpty(s.Doc.Payload))
            {
                s.Fail(JadesCodes.DetachedDigestMismatch, JadesSubIndications.FormatFailure, "sigD ObjectIdByURI requires a detached (empty) payload");
            }

            return;
        }

        if (mId != "http://uri.etsi.org/19182/ObjectIdByURIHash")
        {
            s.Fail(JadesCodes.DetachedDigestMismatch, JadesSubIndications.FormatFailure, $"sigD mechanism {mId ?? "(none)"} is not supported (ObjectIdByURIHash and ObjectIdByURI are)");
            return;
        }

        var hashM = Str("hashM");
        var hashV = Strings("hashV");
        var hash = HashOf(hashM);
        if (hash is null)
        {
            s.Fail(JadesCodes.DetachedDigestMismatch, JadesSubIndications.HashFailure, $"sigD hashM \"{hashM}\" is not a JAdES digest identifier (S256, S384, S512), so the detached data cannot be checked");
            return;
        }

        if (hashV is null || hashV.Count != pars.Count)
        {
            s.Fail(JadesCodes.DetachedDigestMismatch, JadesSubIndications.FormatFailure, "sigD hashV must hold one digest per pars entry");
            return;
        }

        for (var i = 0; i < docs.Count; i++)
        {
            var input = b64 ? Encoding.ASCII.GetBytes(B64.UrlEncode(docs[i])) : docs[i];
            if (!B64.TryUrlDecode(hashV[i], out var expected) || !CryptographicOperations.FixedTimeEquals(hash(input), expected))
            {
                s.Fail(JadesCodes.DetachedDigestMismatch, JadesSubIndications.HashFailure, $"the digest of the detached document {pars[i]} does not match sigD hashV[{i}]");
                return;
            }
        }

        s.Info(JadesCodes.Ok, $"sigD: {docs.Count} detached document(s) match their digests");
        s.PayloadAsSigned = string.IsNullOrEmpty(s.Doc.Payload) ? [] : Encoding.ASCII.GetBytes(s.Doc.Payload);
    }

    private byte[]? FindDetached(string par)
    {
        var decoded = Uri.UnescapeDataString(par);
        foreach (var (name, content) in Options.DetachedContents)
        {
            if (name == par || name == decoded || Uri.UnescapeDataString(name) == decoded
                || decoded.EndsWith("/" + name, StringComparison.Ordinal))
            {
                return content.ToArray();
            }
        }

        return null;
    }

    internal static Func<byte[], byte[]>? HashOf(string? jadesId) => jadesId switch
    {
        "S256" => SHA256.HashData,
        "S384" => SHA384.HashData,
        "S512" => SHA512.HashData,
        _ => null,
    };

    private void FindSigningCertificate(SignatureState s)
    {
        var p = s.Sig.Protected;
        var x5c = X5c(s);
        var references = new List<(string Alg, byte[] Digest)>();
        if (p.TryGetProperty("x5t#S256", out var t) && t.ValueKind == JsonValueKind.String && B64.TryUrlDecode(t.GetString()!, out var d256))
        {
            references.Add(("S256", d256));
        }

        void AddDigAlgVal(JsonElement o)
        {
            if (o.ValueKind == JsonValueKind.Object && o.TryGetProperty("digAlg", out var a) && a.ValueKind == JsonValueKind.String
                && o.TryGetProperty("digVal", out var v) && v.ValueKind == JsonValueKind.String && B64.TryDecodeAny(v.GetString()!, out var dv))
            {
                references.Add((a.GetString()!, dv));
            }
        }

        if (p.TryGetProperty("x5t#o", out var to))
        {
            AddDigAlgVal(to);
        }

        if (p.TryGetProperty("sigX5ts", out var ts) && ts.ValueKind == JsonValueKind.Array)
        {
            foreach (var e in ts.EnumerateArray())
            {
                AddDigAlgVal(e);
            }
        }

        bool Referenced(BcCertificate c)
        {
            var der = c.GetEncoded();
            return references.Any(r => HashOf(r.Alg) is { } h && CryptographicOperations.FixedTimeEquals(h(der), r.Digest));
        }

        BcCertificate? leaf = null;
        if (x5c is { Count: > 0 })
        {
            leaf = s.Pool.Add(x5c[0]);
            if (leaf is null)
            {
                s.Fail(JadesCodes.X5cInvalid, JadesSubIndications.FormatFailure, "x5c[0] is not a readable certificate");
                return;
            }

            if (references.Count > 0 && !Referenced(leaf))
            {
                s.Fail(JadesCodes.SigningCertificateNotBound, JadesSubIndications.NoSigningCertificateFound, "the x5t#S256/x5t#o/sigX5ts digests in the protected header do not match x5c[0]", true);
                return;
            }
        }
        else if (references.Count > 0)
        {
            leaf = s.Pool.All.FirstOrDefault(Referenced);
        }

        if (leaf is null)
        {
            s.Fail(JadesCodes.SigningCertificateNotFound, JadesSubIndications.NoSigningCertificateFound, "no signing certificate: neither a usable x5c nor a certificate (xVals or supplied) matching the header's digest", true);
            return;
        }

        s.Leaf = leaf;
        s.Info(JadesCodes.Ok, $"signing certificate {leaf.SubjectDN} bound by the protected header ({(references.Count > 0 ? "certificate digest" : "x5c")})");
    }

    private static void VerifySignatureValue(SignatureState s)
    {
        var alg = s.Sig.ProtectedString("alg");
        if (JwsAlgorithms.SignerName(alg) is null)
        {
            s.Fail(JadesCodes.AlgorithmUnsupported, JadesSubIndications.CryptoConstraintsFailure, $"alg \"{alg}\" is not one of {string.Join(", ", JwsAlgorithms.Supported)}");
            return;
        }

        if (s.Leaf is null || s.Checks.Any(c => c.Code is JadesCodes.DetachedContentMissing or JadesCodes.PayloadInvalid))
        {
            return;
        }

        var input = SigningInput(s.Sig, s.PayloadAsSigned);
        if (JwsAlgorithms.Verify(alg!, s.Leaf, input, s.Sig.SignatureValue))
        {
            s.SignatureIntact = true;
            s.Info(JadesCodes.Ok, $"{alg} signature value verifies");
        }
        else
        {
            s.Fail(JadesCodes.SignatureInvalid, JadesSubIndications.SigCryptoFailure, $"the {alg} signature value does not verify over the signing input with the signing certificate");
        }
    }

    internal static byte[] SigningInput(JwsSignature sig, byte[] payloadAsSigned)
    {
        var head = Encoding.ASCII.GetBytes(sig.ProtectedB64 + ".");
        return [.. head, .. payloadAsSigned];
    }

    private void EvaluateTimestamps(SignatureState s)
    {
        var sig = s.Sig;
        var dotSig = Encoding.ASCII.GetBytes(sig.SignatureB64);
        var items = new List<(string Type, int Component, JsonElement Value, byte[] Input)>();
        if (sig.Protected.TryGetProperty("adoTst", out var ado))
        {
            items.Add(("adoTst", -1, ado, s.PayloadAsSigned));
        }

        for (var k = 0; k < sig.EtsiU.Count; k++)
        {
            var comp = sig.EtsiU[k];
            byte[]? input = comp.Name switch
            {
                "sigTst" => dotSig,
                "arcTst" => [.. s.PayloadAsSigned, .. Encoding.ASCII.GetBytes("." + sig.ProtectedB64 + "." + sig.SignatureB64 + "."), .. Preceding(sig, k, null)],
                "sigRTst" => [.. Encoding.ASCII.GetBytes(sig.SignatureB64 + "."), .. Preceding(sig, k, ["sigTst", "xRefs", "rRefs", "axRefs", "arRefs"])],
                "rfsTst" => Preceding(sig, k, ["xRefs", "rRefs", "axRefs", "arRefs"]),
                _ => null,
            };
            if (input is not null)
            {
                items.Add((comp.Name, k, comp.Value, input));
            }
        }

        var count = 0;
        foreach (var (type, component, value, input) in items)
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("tstTokens", out var tokens) || tokens.ValueKind != JsonValueKind.Array || tokens.GetArrayLength() == 0)
            {
                s.Fail(JadesCodes.TimestampMalformed, JadesSubIndications.FormatFailure, $"{type} needs a non-empty tstTokens array");
                continue;
            }

            foreach (var tok in tokens.EnumerateArray())
            {
                if (++count > Options.Limits.MaxTimestamps)
                {
                    s.Fail(JadesCodes.LimitExceeded, JadesSubIndications.FormatFailure, $"more than {Options.Limits.MaxTimestamps} timestamp tokens");
                    return;
                }

                var der = Val(tok);
                var eval = new TsEval { Type = type, Component = component, Der = der ?? [] };
                s.Timestamps.Add(eval);
                if (der is null || Timestamp.TryRead(der, out var error) is not { } token)
                {
                    eval.Code = JadesCodes.TimestampMalformed;
                    eval.Message = $"a {type} token is not an RFC 3161 timestamp token";
                    continue;
                }

                eval.Token = token;
                foreach (var c in token.EmbeddedCertificates)
                {
                    s.Pool.Add(c);
                }

                eval.Imprint = token.ImprintMatches(input);
                eval.Signature = token.VerifySignature(s.Pool);
                if (!eval.Imprint)
                {
                    eval.Code = type switch
                    {
                        "adoTst" => JadesCodes.ContentTimestampImprintMismatch,
                        "sigTst" => JadesCodes.SignatureTimestampImprintMismatch,
                        "arcTst" => JadesCodes.ArchiveTimestampImprintMismatch,
                        _ => JadesCodes.ValidationDataTimestampImprintMismatch,
                    };
                    eval.Message = $"the {type} message imprint does not match what a {type} covers";
                }
                else if (!eval.Signature)
                {
                    eval.Code = JadesCodes.TimestampSignatureInvalid;
                    eval.Message = $"the TSA signature of the {type} does not verify (or its certificate is missing)";
                }
            }
        }
    }

    private static byte[] Preceding(JwsSignature sig, int k, string[]? names)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < k; i++)
        {
            if (names is null || names.Contains(sig.EtsiU[i].Name))
            {
                sb.Append(sig.EtsiU[i].RawText);
            }
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static void MarkCopiesAndDuplicates(List<SignatureState> states)
    {
        var all = states.SelectMany(s => s.Timestamps.Select(t => (State: s, Ts: t))).Where(x => x.Ts.Der.Length > 0).ToList();
        foreach (var (state, ts) in all)
        {
            var same = all.Where(o => !ReferenceEquals(o.Ts, ts) && o.Ts.Der.AsSpan().SequenceEqual(ts.Der)).ToList();
            if (same.Count == 0)
            {
                continue;
            }

            if (!ts.Imprint && same.Any(o => o.Ts.Imprint))
            {
                var origin = same.First(o => o.Ts.Imprint);
                ts.Code = JadesCodes.TimestampCopied;
                ts.Message = $"the {ts.Type} token is a copy of the {origin.Ts.Type} of signature {origin.State.Index}: its message imprint covers that, not this {ts.Type}";
            }
            else if (ts.Imprint && same.Any(o => ReferenceEquals(o.State, state) && o.Ts.Type == ts.Type && o.Ts.Imprint))
            {
                state.Warn(JadesCodes.TimestampDuplicated, $"the {ts.Type} token appears more than once (tolerated)");
            }
        }

        foreach (var s in states)
        {
            foreach (var ts in s.Timestamps)
            {
                if (ts.Code == JadesCodes.Ok)
                {
                    s.Info(JadesCodes.Ok, $"{ts.Type} of {ts.Token!.GenTime:O}: message imprint and TSA signature verify");
                    continue;
                }

                var sub = ts.Code switch
                {
                    JadesCodes.TimestampSignatureInvalid => JadesSubIndications.SigCryptoFailure,
                    JadesCodes.TimestampMalformed => JadesSubIndications.FormatFailure,
                    _ => JadesSubIndications.HashFailure,
                };
                s.Fail(ts.Code, sub, ts.Message);
            }
        }
    }

    private static void CheckCounterSignatures(SignatureState s)
    {
        foreach (var comp in s.Sig.EtsiU.Where(c => c.Name == "cSig"))
        {
            string? problem;
            try
            {
                problem = CounterSignatureProblem(comp.Value, s.Sig);
            }
            catch (JwsParser.ParseException ex)
            {
                problem = "the counter signature cannot be read: " + ex.Message;
            }

            if (problem is null)
            {
                s.Info(JadesCodes.Ok, "counter signature (cSig) verifies and countersigns this signature value");
            }
            else
            {
                s.Warn(JadesCodes.CounterSignatureInvalid, problem);
            }
        }
    }

    private static string? CounterSignatureProblem(JsonElement value, JwsSignature master)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        var doc = JwsParser.Parse(Encoding.UTF8.GetBytes(text), JadesLimits.Default);
        var c = doc.Signatures[0];
        var alg = c.ProtectedString("alg");
        if (JwsAlgorithms.SignerName(alg) is null || !c.Protected.TryGetProperty("x5c", out var x5c) || x5c.ValueKind != JsonValueKind.Array || x5c.GetArrayLength() == 0
            || x5c[0].ValueKind != JsonValueKind.String || !B64.TryDecodeAny(x5c[0].GetString()!, out var der))
        {
            return "the counter signature has no supported alg or no x5c";
        }

        var cert = new X509CertificateParser().ReadCertificate(der);
        byte[] payloadAsSigned;
        string? binding = null;
        if (string.IsNullOrEmpty(doc.Payload))
        {
            payloadAsSigned = c.B64 ? Encoding.ASCII.GetBytes(master.SignatureB64) : master.SignatureValue;
        }
        else
        {
            payloadAsSigned = c.B64 ? Encoding.ASCII.GetBytes(doc.Payload) : Encoding.UTF8.GetBytes(doc.Payload);
            var counterSigned = c.B64 ? (B64.TryUrlDecode(doc.Payload, out var raw) ? raw : []) : payloadAsSigned;
            if (!counterSigned.AsSpan().SequenceEqual(master.SignatureValue))
            {
                binding = "the counter signature's payload is not this signature's value (it countersigns something else)";
            }
        }

        if (!JwsAlgorithms.Verify(alg!, cert, SigningInput(c, payloadAsSigned), c.SignatureValue))
        {
            return "the counter signature's value does not verify" + (binding is null ? "" : "; " + binding);
        }

        return binding;
    }

    private static void CheckPolicy(SignatureState s)
    {
        if (!s.Sig.Protected.TryGetProperty("sigPId", out var pid))
        {
            return;
        }

        var digAlg = pid.ValueKind == JsonValueKind.Object && pid.TryGetProperty("digAlg", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
        if (digAlg is not null && HashOf(digAlg) is null)
        {
            s.Warn(JadesCodes.SignaturePolicyDigestUnknown, $"sigPId digAlg \"{digAlg}\" is not a JAdES digest identifier: the policy digest cannot be checked");
        }
        else
        {
            s.Info(JadesCodes.SignaturePolicyNotChecked, "a signature policy (sigPId) is present; policy documents are not fetched or checked");
        }
    }

    private JadesSignatureReport Finish(SignatureState s)
    {
        var validationTime = Options.ValidationTime ?? DateTimeOffset.UtcNow;
        var sigTsts = s.Timestamps.Where(t => t.Type == "sigTst").ToList();
        var arcTsts = s.Timestamps.Where(t => t.Type == "arcTst").ToList();
        var intact = (TsEval t) => t.Code == JadesCodes.Ok;
        var has = (string name) => s.Sig.EtsiU.Any(c => c.Name == name);

        var format = s.NotEtsi ? JadesLevel.None
            : sigTsts.Count == 0 ? JadesLevel.BaselineB
            : !(has("xVals") && has("rVals")) ? JadesLevel.BaselineT
            : arcTsts.Count == 0 ? JadesLevel.BaselineLT
            : JadesLevel.BaselineLTA;
        var structureOk = !s.Checks.Any(c => c.Severity == JadesSeverity.Failure && c.SubIndication == JadesSubIndications.FormatFailure);
        var reached = JadesLevel.None;
        if (s.SignatureIntact && structureOk && !s.NotEtsi)
        {
            reached = JadesLevel.BaselineB;
            if (sigTsts.Count > 0 && sigTsts.All(intact))
            {
                reached = JadesLevel.BaselineT;
                if (format >= JadesLevel.BaselineLT)
                {
                    reached = JadesLevel.BaselineLT;
                    if (arcTsts.Count > 0 && arcTsts.All(intact))
                    {
                        reached = JadesLevel.BaselineLTA;
                    }
                }
            }
        }

        DateTimeOffset? timestamped = sigTsts.Where(intact).Select(t => (DateTimeOffset?)t.Token!.GenTime).Min();
        DateTimeOffset? controlTime = null;
        string? qualification = null;
        var signAnchors = Options.TrustAnchors.Select(a => new Anchor(ToBc(a), null))
            .Concat(Options.TrustedLists.SelectMany(l => l.Services).Where(sv => sv.IsCertificateAuthority).SelectMany(sv => sv.Certificates.Select(c => new Anchor(ToBc(c), sv)))).ToList();
        var tsaAnchors = Options.TrustAnchors.Select(a => new Anchor(ToBc(a), null))
            .Concat(Options.TrustedLists.SelectMany(l => l.Services).Where(sv => sv.IsTimestampAuthority).SelectMany(sv => sv.Certificates.Select(c => new Anchor(ToBc(c), sv)))).ToList();

        foreach (var list in Options.TrustedLists)
        {
            if (list.NextUpdate is { } next && next < validationTime)
            {
                s.Warn(JadesCodes.TrustedServiceNotGranted, $"the trusted list of {list.Territory} was due for an update on {next:O}");
            }
        }

        // Long-term validation: only a signature that is intact and structurally sound is worth a path.
        // A format failure (not a baseline signature) still decides the indication, but the path is reported too.
        var cryptoOk = s.SignatureIntact && !s.Checks.Any(c => c.Severity == JadesSeverity.Failure && !c.Indeterminate && c.SubIndication != JadesSubIndications.FormatFailure);
        if (cryptoOk && s.Leaf is not null)
        {
            if (signAnchors.Count == 0 && tsaAnchors.Count == 0)
            {
                s.Fail(JadesCodes.NoTrustAnchor, JadesSubIndications.NoCertificateChainFound, "no trust anchor or trusted list is configured: the signature and timestamps verify, but nothing says who the signer is", true);
            }
            else
            {
                // Each archive timestamp's TSA is checked at the time the next (later) trusted archive timestamp proves;
                // the last one at the validation time. Earlier timestamps are checked at the earliest such proof.
                var poe = validationTime;
                var tsaOptions = Options with { AllowMissingRevocation = true };
                foreach (var arc in arcTsts.AsEnumerable().Reverse())
                {
                    if (intact(arc) && TrustTsa(s, arc, poe, tsaAnchors, tsaOptions))
                    {
                        poe = arc.Token!.GenTime;
                    }
                }

                foreach (var ts in s.Timestamps.Where(t => t.Type != "arcTst" && intact(t)))
                {
                    TrustTsa(s, ts, poe, tsaAnchors, tsaOptions);
                }

                var best = sigTsts.Where(t => intact(t) && t.Trusted).Select(t => (DateTimeOffset?)t.Token!.GenTime).Min();
                controlTime = best ?? validationTime;
                if (best is { } b && s.SigningTime is { } claimed && claimed > b)
                {
                    // The claimed time is the signer's clock, not a proof (and TSA clocks drift): a warning, as in DSS's default policy.
                    s.Warn(JadesCodes.TimestampOrder, $"the claimed signing time {claimed:O} is after the signature timestamp {b:O}");
                }

                var ado = s.Timestamps.Where(t => t.Type == "adoTst" && intact(t)).Select(t => (DateTimeOffset?)t.Token!.GenTime).Min();
                if (best is { } b2 && ado is { } a2 && a2 > b2)
                {
                    s.Fail(JadesCodes.TimestampOrder, JadesSubIndications.TimestampOrderFailure, $"the content timestamp {a2:O} is after the signature timestamp {b2:O}", true);
                }

                var outcome = PathValidator.Validate(s.Leaf, "signing", controlTime.Value, s.Pool, s.Revocation, signAnchors, Options);
                s.Checks.AddRange(outcome.Notes);
                if (outcome.Failure is { } f)
                {
                    s.Checks.Add(best is null && f.Code == JadesCodes.CertificateExpired
                        ? f with { Message = f.Message + " (no trusted signature timestamp proves an earlier time)" }
                        : f);
                }
                else if (outcome.Anchor?.Service is { } service)
                {
                    qualification = service.Type == TrustedService.TypeCaQc && service.IsGrantedAt(controlTime.Value) && HasQcCompliance(s.Leaf) ? "QUALIFIED" : "ADVANCED";
                    s.Info(JadesCodes.Ok, $"the signing certificate's CA is on a trusted list (\"{service.Name}\"): {qualification.ToLowerInvariant()} seal");
                }
            }
        }

        var failure = s.Checks.FirstOrDefault(c => c.Severity == JadesSeverity.Failure && !c.Indeterminate)
            ?? s.Checks.FirstOrDefault(c => c.Severity == JadesSeverity.Failure);
        return new JadesSignatureReport
        {
            Index = s.Index,
            Indication = failure is null ? JadesIndication.Passed : failure.Indeterminate ? JadesIndication.Indeterminate : JadesIndication.Failed,
            SubIndication = failure?.SubIndication,
            Code = failure?.Code,
            Format = format,
            LevelReached = reached,
            Algorithm = s.Sig.ProtectedString("alg"),
            SignatureIntact = s.SignatureIntact,
            SigningTime = s.SigningTime,
            TimestampedTime = timestamped,
            ControlTime = controlTime,
            CertificateSubject = s.Leaf?.SubjectDN.ToString(),
            CertificateIssuer = s.Leaf?.IssuerDN.ToString(),
            Qualification = qualification,
            Timestamps = [.. s.Timestamps.Select(t => new JadesTimestampReport(t.Type, t.Token?.GenTime, t.Imprint, t.Signature, t.Trusted, t.Token?.SignerCertificate?.SubjectDN.ToString(), t.Code))],
            Checks = s.Checks,
        };
    }

    private static bool TrustTsa(SignatureState s, TsEval ts, DateTimeOffset at, List<Anchor> anchors, JadesVerifierOptions options)
    {
        var tsa = ts.Token!.SignerCertificate;
        if (tsa is null)
        {
            return false;
        }

        var outcome = PathValidator.Validate(tsa, ts.Type + " TSA", at, s.Pool, s.Revocation, anchors, options);
        if (outcome.Failure is { } f)
        {
            s.Warn(JadesCodes.TimestampCertificateUntrusted, $"the {ts.Type} of {ts.Token.GenTime:O} gives no proof of existence: {f.Message}");
            return false;
        }

        ts.Trusted = true;
        s.Info(JadesCodes.Ok, $"the {ts.Type} of {ts.Token.GenTime:O} is trusted (TSA {tsa.SubjectDN} checked at {at:O})");
        return true;
    }

    private static bool HasQcCompliance(BcCertificate cert)
    {
        var ext = cert.GetExtensionValue(X509Extensions.QCStatements);
        if (ext is null)
        {
            return false;
        }

        try
        {
            var seq = Asn1Sequence.GetInstance(Asn1Object.FromByteArray(ext.GetOctets()));
            return seq.Cast<Asn1Encodable>().Any(e => QCStatement.GetInstance(e).StatementId.Equals(QcCompliance));
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or InvalidCastException)
        {
            return false;
        }
    }

    private static BcCertificate ToBc(System.Security.Cryptography.X509Certificates.X509Certificate2 c) => new X509CertificateParser().ReadCertificate(c.RawData);
}
