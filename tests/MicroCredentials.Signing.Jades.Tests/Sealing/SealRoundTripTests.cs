using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Jades.Tests.Support;
using Org.BouncyCastle.Tsp;

namespace MicroCredentials.Signing.Jades.Tests.Sealing;

/// <summary>What we seal with the in-memory test PKI, we verify, at every level; tampering fails with the right code.</summary>
public sealed class SealRoundTripTests
{
    private static readonly byte[] Edc = Encoding.UTF8.GetBytes("{\"@context\":[\"https://www.w3.org/2018/credentials/v1\"],\"type\":[\"VerifiableCredential\",\"EuropeanDigitalCredential\"],\"credentialSubject\":{\"id\":\"urn:subject:1\",\"name\":\"Zoë Müller\"}}");

    private static async Task<(TestPki Pki, byte[] Sealed)> SealAsync(JadesLevel level, bool rsa = false)
    {
        var pki = new TestPki(rsaSeal: rsa);
        using var signer = rsa ? X509Signer.FromPkcs12(pki.SealPkcs12("pw"), "pw") : X509Signer.FromPem(pki.SealPem().Certificates, pki.SealPem().Key);
        var options = level >= JadesLevel.BaselineLT ? pki.LtOptions(level) : new JadesSealOptions { Level = level, Timestamper = pki.Tsa, Certificates = [TestPki.Net(pki.Ca)] };
        return (pki, await new JadesSealer(options).SealAsync(Edc, signer, signer.Certificate));
    }

    private static JadesReport Verify(TestPki pki, byte[] jades, DateTimeOffset? at = null, bool allowMissingRevocation = false) =>
        new JadesVerifier(new JadesVerifierOptions { TrustAnchors = [pki.RootNet], ValidationTime = at, AllowMissingRevocation = allowMissingRevocation }).Verify(jades);

    [Theory]
    [InlineData(JadesLevel.BaselineB, false)]
    [InlineData(JadesLevel.BaselineT, false)]
    [InlineData(JadesLevel.BaselineLT, false)]
    [InlineData(JadesLevel.BaselineLTA, false)]
    [InlineData(JadesLevel.BaselineB, true)]
    [InlineData(JadesLevel.BaselineLTA, true)]
    public async Task Round_trip_at_every_level(JadesLevel level, bool rsa)
    {
        var (pki, jades) = await SealAsync(level, rsa);
        var report = Verify(pki, jades);
        var s = Assert.Single(report.Signatures);
        Assert.Equal(rsa ? "RS256" : "ES256", s.Algorithm);
        Assert.Equal(level, s.Format);
        Assert.Equal(level, s.LevelReached);
        Assert.True(s.SignatureIntact);
        Assert.Contains("CN=Test University Seal", s.CertificateSubject, StringComparison.Ordinal);
        Assert.Equal(Edc, report.Payload.ToArray());
        if (level >= JadesLevel.BaselineLT)
        {
            Assert.Equal(JadesIndication.Passed, report.Indication);
            Assert.Equal(s.TimestampedTime, s.ControlTime);
        }
        else
        {
            // No revocation values in the seal and nothing is fetched: try later (or supply them, i.e. B-LT).
            Assert.Equal(JadesIndication.Indeterminate, report.Indication);
            Assert.Equal(JadesSubIndications.TryLater, report.SubIndication);
            Assert.Equal(JadesCodes.RevocationMissing, report.Code);
            Assert.Equal(JadesIndication.Passed, Verify(pki, jades, allowMissingRevocation: true).Indication);
        }

        Assert.Equal(level >= JadesLevel.BaselineT, s.TimestampedTime is not null);
    }

    [Fact]
    public async Task The_seal_is_the_EU_shape_general_JSON_b64_false_with_iat()
    {
        var (_, jades) = await SealAsync(JadesLevel.BaselineLTA);
        var json = JsonNode.Parse(jades)!;
        Assert.Equal(Encoding.UTF8.GetString(Edc), (string)json["payload"]!);
        var sig = json["signatures"]![0]!;
        var header = JsonNode.Parse(Convert.FromBase64String(Pad(((string)sig["protected"]!).Replace('-', '+').Replace('_', '/'))))!.AsObject();
        Assert.Equal(["alg", "cty", "x5t#S256", "x5c", "typ", "b64", "iat", "crit"], header.Select(p => p.Key));
        Assert.False((bool)header["b64"]!);
        Assert.Equal(["b64"], header["crit"]!.AsArray().Select(n => (string)n!));
        var names = sig["header"]!["etsiU"]!.AsArray().Select(u => JsonNode.Parse(Convert.FromBase64String(Pad(((string)u!).Replace('-', '+').Replace('_', '/'))))!.AsObject().Single().Key);
        Assert.Equal(["sigTst", "xVals", "rVals", "arcTst"], names);
    }

    [Fact]
    public async Task Long_term_validation_after_every_certificate_but_the_archive_TSA_expired()
    {
        // +6 years: the seal certificate (2 years) and TSA 1 (5 years) have expired; TSA 2 (archive) is valid to +25.
        var (pki, lta) = await SealAsync(JadesLevel.BaselineLTA);
        var later = pki.Now.AddYears(6);
        var s = Verify(pki, lta, later).Signatures[0];
        Assert.True(s.Indication == JadesIndication.Passed, string.Join("\n", s.Checks.Select(c => c.Code + " " + c.Message)));
        Assert.Equal(s.TimestampedTime, s.ControlTime);
        Assert.All(s.Timestamps, t => Assert.True(t.Trusted));

        var (pki2, lt) = await SealAsync(JadesLevel.BaselineLT);
        var s2 = Verify(pki2, lt, pki2.Now.AddYears(6)).Signatures[0];
        Assert.Equal(JadesIndication.Indeterminate, s2.Indication);
        Assert.Equal(JadesSubIndications.OutOfBoundsNoPoe, s2.SubIndication);

        // B-T alone, 3 years on: the seal certificate has expired but TSA 1 still proves the signing time.
        var (pki3, t) = await SealAsync(JadesLevel.BaselineT);
        var s3 = Verify(pki3, t, pki3.Now.AddYears(3), allowMissingRevocation: true).Signatures[0];
        Assert.Equal(JadesIndication.Passed, s3.Indication);
        var b = Verify(pki3, t, pki3.Now.AddYears(3), allowMissingRevocation: true);
        Assert.Equal(s3.ControlTime, b.Signatures[0].TimestampedTime);
    }

    [Fact]
    public async Task Extend_a_B_B_seal_to_B_LTA_keeps_what_was_signed()
    {
        var (pki, bb) = await SealAsync(JadesLevel.BaselineB);
        var lta = await new JadesSealer(pki.LtOptions(JadesLevel.BaselineLTA)).ExtendAsync(bb, JadesLevel.BaselineLTA);
        var before = JsonNode.Parse(bb)!["signatures"]![0]!;
        var after = JsonNode.Parse(lta)!["signatures"]![0]!;
        Assert.Equal((string)before["protected"]!, (string)after["protected"]!);
        Assert.Equal((string)before["signature"]!, (string)after["signature"]!);
        var r = Verify(pki, lta);
        Assert.Equal(JadesIndication.Passed, r.Indication);
        Assert.Equal(JadesLevel.BaselineLTA, r.Signatures[0].LevelReached);

        // Extending again adds one more archive timestamp over everything before it.
        var twice = await new JadesSealer(pki.LtOptions(JadesLevel.BaselineLTA)).ExtendAsync(lta, JadesLevel.BaselineLTA);
        var r2 = Verify(pki, twice);
        Assert.Equal(JadesIndication.Passed, r2.Indication);
        Assert.Equal(2, r2.Signatures[0].Timestamps.Count(x => x.Type == "arcTst"));
    }

    [Fact]
    public async Task A_seal_certificate_revoked_before_the_seal_fails_revoked()
    {
        var pki = new TestPki();
        using var signer = X509Signer.FromPem(pki.SealPem().Certificates, pki.SealPem().Key);
        var options = pki.LtOptions(JadesLevel.BaselineLT) with { OcspResponses = [pki.Ocsp(pki.Seal, revokedAt: pki.Now.AddHours(-1))] };
        var jades = await new JadesSealer(options).SealAsync(Edc, signer, signer.Certificate);
        var s = Verify(pki, jades).Signatures[0];
        Assert.Equal(JadesIndication.Failed, s.Indication);
        Assert.Equal(JadesSubIndications.Revoked, s.SubIndication);
        Assert.Equal(JadesCodes.CertificateRevoked, s.Code);
    }

    [Fact]
    public async Task A_seal_certificate_revoked_after_the_signature_timestamp_stays_valid()
    {
        var pki = new TestPki();
        using var signer = X509Signer.FromPem(pki.SealPem().Certificates, pki.SealPem().Key);
        var options = pki.LtOptions(JadesLevel.BaselineLT) with { OcspResponses = [pki.Ocsp(pki.Seal, revokedAt: pki.Now.AddDays(1), producedAt: pki.Now.AddDays(1))] };
        var jades = await new JadesSealer(options).SealAsync(Edc, signer, signer.Certificate);
        var s = Verify(pki, jades, pki.Now.AddDays(2)).Signatures[0];
        Assert.Equal(JadesIndication.Passed, s.Indication);
    }

    [Fact]
    public async Task An_untrusted_root_is_no_certificate_chain()
    {
        var (_, jades) = await SealAsync(JadesLevel.BaselineLTA);
        var other = new TestPki();
        var s = Verify(other, jades).Signatures[0];
        Assert.Equal(JadesIndication.Indeterminate, s.Indication);
        Assert.Equal(JadesCodes.NoCertificateChain, s.Code);
    }

    public static TheoryData<string> Tampers => ["payload", "protected", "signature", "sigTst", "xVals", "rVals", "arcTst", "x5c"];

    [Theory]
    [MemberData(nameof(Tampers))]
    public async Task Tampering_fails_with_the_right_code(string what)
    {
        var (pki, jades) = await SealAsync(JadesLevel.BaselineLTA);
        var json = JsonNode.Parse(jades)!.AsObject();
        var sig = json["signatures"]![0]!.AsObject();
        var etsiU = sig["header"]!["etsiU"]!.AsArray();
        JsonObject Decode(int i) => JsonNode.Parse(Convert.FromBase64String(Pad(((string)etsiU[i]!).Replace('-', '+').Replace('_', '/'))))!.AsObject();
        string[] expected;
        switch (what)
        {
            case "payload":
                json["payload"] = ((string)json["payload"]!).Replace("Zoë", "Zoe", StringComparison.Ordinal);
                expected = [JadesCodes.SignatureInvalid];
                break;
            case "protected":
                var header = JsonNode.Parse(Convert.FromBase64String(Pad(((string)sig["protected"]!).Replace('-', '+').Replace('_', '/'))))!.AsObject();
                header["cty"] = "text/plain";
                sig["protected"] = B64u(header.ToJsonString());
                expected = [JadesCodes.SignatureInvalid];
                break;
            case "signature":
                var value = Convert.FromBase64String(Pad(((string)sig["signature"]!).Replace('-', '+').Replace('_', '/')));
                value[5] ^= 1;
                sig["signature"] = B64u(value);
                expected = [JadesCodes.SignatureInvalid];
                break;
            case "sigTst" or "arcTst":
                var index = what == "sigTst" ? 0 : 3;
                var c = Decode(index);
                var token = Convert.FromBase64String((string)c[what]!["tstTokens"]![0]!["val"]!);
                // Re-timestamp something else with the same TSA: a well-formed, validly signed token over the wrong bytes.
                token = pki.Tsa.Token(SHA256.HashData(token));
                c[what]!["tstTokens"]![0]!["val"] = Convert.ToBase64String(token);
                etsiU[index] = B64u(c.ToJsonString());
                expected = what == "sigTst" ? [JadesCodes.SignatureTimestampImprintMismatch] : [JadesCodes.ArchiveTimestampImprintMismatch];
                break;
            case "xVals":
                var x = Decode(1);
                x["xVals"]!.AsArray().Add(new JsonObject { ["x509Cert"] = new JsonObject { ["val"] = Convert.ToBase64String(new TestPki().Root.GetEncoded()) } });
                etsiU[1] = B64u(x.ToJsonString());
                expected = [JadesCodes.ArchiveTimestampImprintMismatch];
                break;
            case "rVals":
                var r = Decode(2);
                r["rVals"]!["ocspVals"]![0]!["val"] = Convert.ToBase64String(pki.Ocsp(pki.Seal, revokedAt: pki.Now.AddHours(-2)));
                etsiU[2] = B64u(r.ToJsonString());
                expected = [JadesCodes.ArchiveTimestampImprintMismatch];
                break;
            default: // x5c: another certificate in the protected header than the one x5t#S256 names
                var h = JsonNode.Parse(Convert.FromBase64String(Pad(((string)sig["protected"]!).Replace('-', '+').Replace('_', '/'))))!.AsObject();
                h["x5c"] = new JsonArray(Convert.ToBase64String(pki.Ca.GetEncoded()));
                sig["protected"] = B64u(h.ToJsonString());
                // Not bound (x5t#S256 names another certificate); the archive timestamp, over the header, breaks too.
                expected = [JadesCodes.SigningCertificateNotBound, JadesCodes.ArchiveTimestampImprintMismatch];
                Assert.True(Verify(pki, Encoding.UTF8.GetBytes(json.ToJsonString())).Signatures[0].HasCode(JadesCodes.SigningCertificateNotBound));
                break;
        }

        var report = Verify(pki, Encoding.UTF8.GetBytes(json.ToJsonString()));
        Assert.NotEqual(JadesIndication.Passed, report.Indication);
        Assert.Contains(report.Code, expected);
        Assert.True(report.Signatures[0].LevelReached < JadesLevel.BaselineLTA);
    }

    [Fact]
    public void A_wrong_PKCS12_password_is_refused()
    {
        var pki = new TestPki(rsaSeal: true);
        Assert.ThrowsAny<CryptographicException>(() => X509Signer.FromPkcs12(pki.SealPkcs12("right"), "wrong"));
    }

    [Fact]
    public async Task B_T_without_a_TSA_is_refused()
    {
        var pki = new TestPki();
        using var signer = X509Signer.FromPem(pki.SealPem().Certificates, pki.SealPem().Key);
        await Assert.ThrowsAsync<ArgumentException>(() => new JadesSealer(new JadesSealOptions { Level = JadesLevel.BaselineT }).SealAsync(Edc, signer, signer.Certificate));
        await Assert.ThrowsAsync<ArgumentException>(() => new JadesSealer(new JadesSealOptions { Level = JadesLevel.BaselineLT, Timestamper = pki.Tsa }).SealAsync(Edc, signer, signer.Certificate));
    }

    [Fact]
    public void The_HTTP_TSA_client_is_allow_listed_and_HTTPS_only()
    {
        Assert.Throws<ArgumentException>(() => new HttpTimestampClient(new Uri("https://tsa.example/"), new HttpTimestampClientOptions()));
        Assert.Throws<ArgumentException>(() => new HttpTimestampClient(new Uri("http://tsa.example/"), new HttpTimestampClientOptions { AllowedHosts = ["tsa.example"] }));
        Assert.Throws<ArgumentException>(() => new HttpTimestampClient(new Uri("http://127.0.0.1:1/"), new HttpTimestampClientOptions { AllowedHosts = ["127.0.0.1"] }));
        _ = new HttpTimestampClient(new Uri("https://tsa.example/"), new HttpTimestampClientOptions { AllowedHosts = ["TSA.example"] });
    }

    [Fact]
    public async Task Seal_B_T_with_an_RFC_3161_TSA_over_loopback_HTTP()
    {
        var pki = new TestPki();
        using var listener = new HttpListener();
        var port = Random.Shared.Next(20000, 60000);
        var prefix = $"http://127.0.0.1:{port}/tsa/";
        listener.Prefixes.Add(prefix);
        listener.Start();
        var serve = Task.Run(async () =>
        {
            var ctx = await listener.GetContextAsync();
            using var ms = new MemoryStream();
            await ctx.Request.InputStream.CopyToAsync(ms);
            Assert.Equal("application/timestamp-query", ctx.Request.ContentType);
            var response = pki.Tsa.Respond(new TimeStampRequest(ms.ToArray())).GetEncoded();
            ctx.Response.ContentType = "application/timestamp-reply";
            await ctx.Response.OutputStream.WriteAsync(response);
            ctx.Response.Close();
        });
        var client = new HttpTimestampClient(new Uri(prefix), new HttpTimestampClientOptions { AllowedHosts = ["127.0.0.1"], AllowLoopbackHttp = true });
        using var signer = X509Signer.FromPem(pki.SealPem().Certificates, pki.SealPem().Key);
        var jades = await new JadesSealer(new JadesSealOptions { Level = JadesLevel.BaselineT, Timestamper = client, Certificates = [TestPki.Net(pki.Ca)] }).SealAsync(Edc, signer, signer.Certificate);
        await serve;
        var s = Verify(pki, jades, allowMissingRevocation: true).Signatures[0];
        Assert.Equal(JadesIndication.Passed, s.Indication);
        Assert.Equal(JadesLevel.BaselineT, s.LevelReached);
    }

    internal static string B64u(string s) => B64u(Encoding.UTF8.GetBytes(s));

    internal static string B64u(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static string Pad(string s) => s + new string('=', (4 - s.Length % 4) % 4);
}
