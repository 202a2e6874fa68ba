using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Jades.Tests.Support;
using MicroCredentials.Signing.TestSupport;

namespace MicroCredentials.Signing.Jades.Tests.InTheWild;

/// <summary>
/// The JAdES-sealed European Digital Credentials found in the wild: the Commission's ELM 3 samples (sealed 2023 with a
/// test seal certificate that expired on 2025-05-10 and DSS test TSAs) and MyNextID's EDC (sigT without iat, 2026).
/// </summary>
public sealed class InTheWildSealTests
{
    private const string Annex1 = "in-the-wild/elm3-european-learning-model/samples/Sample-MC-Annex1-signed.jsonld";
    private const string CertOfPart = "in-the-wild/elm3-european-learning-model/samples/Sample-CertOfPart-signed.jsonld";
    private const string MyNextId = "in-the-wild/mynextid-credentials/microcredential-v1/edc/edc-mc-signed.jsonld";
    private const string MyNextIdJwt = "in-the-wild/mynextid-credentials/microcredential-v1/open-badge/open-badge-mc-signed.jwt";

    public static TheoryData<string> Sealed => [Annex1, CertOfPart, MyNextId];

    private static byte[] Bytes(string file) => File.ReadAllBytes(TestPaths.ConformanceFile(file));

    [Theory]
    [MemberData(nameof(Sealed))]
    public void Signature_value_and_every_timestamp_verify_as_checked_here(string file)
    {
        var e = Expectations.Entry(file);
        var report = new JadesVerifier().Verify(Bytes(file));
        var s = Assert.Single(report.Signatures);
        Assert.True(s.SignatureIntact);
        Assert.Equal(e["signatureIntact"]!.GetValue<bool>(), s.SignatureIntact);
        var expected = Expectations.CheckedTimestamps(e);
        Assert.Equal(expected.Select(t => (t.Type, t.Imprint, t.Signature)), s.Timestamps.Select(t => (t.Type, t.ImprintIntact, t.SignatureIntact)));
        Assert.All(s.Timestamps, t => Assert.Equal(JadesCodes.Ok, t.Code));
        Assert.Equal("json", report.Serialization);
        // b64 false: the verified payload is the credential JSON itself.
        Assert.StartsWith("{", Encoding.UTF8.GetString(report.Payload.Span), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Sealed))]
    public void Without_a_trust_anchor_never_passed(string file)
    {
        var report = new JadesVerifier().Verify(Bytes(file));
        Assert.NotEqual(JadesIndication.Passed, report.Indication);
        Assert.True(report.Signatures[0].HasCode(JadesCodes.NoTrustAnchor));
    }

    [Theory]
    [InlineData(Annex1)]
    [InlineData(CertOfPart)]
    public void Elm_seal_is_B_LTA_and_indeterminate_without_anchor(string file)
    {
        var s = new JadesVerifier().Verify(Bytes(file)).Signatures[0];
        Assert.Equal(JadesIndication.Indeterminate, s.Indication);
        Assert.Equal(JadesSubIndications.NoCertificateChainFound, s.SubIndication);
        Assert.Equal(JadesLevel.BaselineLTA, s.Format);
        Assert.Equal(JadesLevel.BaselineLTA, s.LevelReached);
        Assert.Contains("CN=TEST SEAL", s.CertificateSubject, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2023, 9, 27, 11, 54, 17, TimeSpan.Zero), file == Annex1 ? s.SigningTime : new DateTimeOffset(2023, 9, 27, 11, 54, 17, TimeSpan.Zero));
        Assert.NotNull(s.TimestampedTime);
    }

    [Theory]
    [InlineData(Annex1)]
    [InlineData(CertOfPart)]
    public void Elm_seal_today_is_out_of_bounds_because_the_last_archive_timestamp_was_never_renewed(string file)
    {
        // The roots the file leads to: Nowina's test root-ca (TSA) and ANF's eSeal CA (the ANF Global Root is not in the file).
        var report = new JadesVerifier(new JadesVerifierOptions { TrustAnchors = ElmAnchors(file) }).Verify(Bytes(file));
        var s = report.Signatures[0];
        Assert.Equal(JadesIndication.Indeterminate, s.Indication);
        Assert.Equal(JadesSubIndications.OutOfBoundsNoPoe, s.SubIndication);
        Assert.Equal(JadesCodes.CertificateExpired, s.Code);
        // Why: good-tsa expired on 2023-12-13, so the arcTst proves nothing today, and the seal certificate expired on 2025-05-10.
        Assert.Contains(s.Checks, c => c.Code == JadesCodes.TimestampCertificateUntrusted && c.Message.Contains("good-tsa", StringComparison.Ordinal) && c.Message.Contains("2023-12-13", StringComparison.Ordinal));
        Assert.Contains("2025-05-10", s.Checks.First(c => c.Code == JadesCodes.CertificateExpired).Message, StringComparison.Ordinal);
        Assert.All(s.Timestamps, t => Assert.False(t.Trusted));
    }

    [Theory]
    [InlineData(Annex1)]
    [InlineData(CertOfPart)]
    public void Elm_seal_validated_while_its_archive_timestamp_was_current_passes_at_the_timestamped_time(string file)
    {
        var report = new JadesVerifier(new JadesVerifierOptions { TrustAnchors = ElmAnchors(file), ValidationTime = new DateTimeOffset(2023, 10, 1, 0, 0, 0, TimeSpan.Zero) }).Verify(Bytes(file));
        var s = report.Signatures[0];
        Assert.Equal(JadesIndication.Passed, s.Indication);
        Assert.Equal(s.TimestampedTime, s.ControlTime);
        Assert.All(s.Timestamps, t => Assert.True(t.Trusted));
        Assert.Contains(s.Checks, c => c.Message.Contains("not revoked", StringComparison.Ordinal) && c.Message.Contains("OCSP", StringComparison.Ordinal));
        Assert.Null(s.Qualification); // anchors supplied by the caller, not a trusted list
    }

    [Fact]
    public void Elm_seal_passes_until_its_TSA_expires_and_a_tampered_archive_timestamp_fails()
    {
        // 2023-12-01: the last day range in which good-tsa (and so the arcTst) is still current. Tampering with one
        // base64url character of the archive timestamp component breaks it.
        var bytes = Bytes(Annex1);
        var ok = new JadesVerifier(new JadesVerifierOptions { TrustAnchors = ElmAnchors(Annex1), ValidationTime = new DateTimeOffset(2023, 12, 1, 0, 0, 0, TimeSpan.Zero) }).Verify(bytes);
        Assert.Equal(JadesIndication.Passed, ok.Indication);
        var json = JsonNode.Parse(bytes)!;
        var etsiU = json["signatures"]![0]!["header"]!["etsiU"]!.AsArray();
        var arc = (string)etsiU[3]!;
        etsiU[3] = arc[..40] + (arc[40] == 'A' ? 'B' : 'A') + arc[41..];
        var tampered = new JadesVerifier(new JadesVerifierOptions { TrustAnchors = ElmAnchors(Annex1) }).Verify(Encoding.UTF8.GetBytes(json.ToJsonString()));
        Assert.Equal(JadesIndication.Failed, tampered.Indication);
    }

    [Fact]
    public void MyNextId_seal_has_no_iat_so_it_is_not_a_baseline_signature()
    {
        var s = new JadesVerifier().Verify(Bytes(MyNextId)).Signatures[0];
        Assert.Equal(JadesIndication.Failed, s.Indication);
        Assert.Equal(JadesSubIndications.FormatFailure, s.SubIndication);
        Assert.Equal(JadesCodes.SigningTimeInvalid, s.Code);
        Assert.Equal(JadesLevel.None, s.Format);
        Assert.True(s.SignatureIntact);
        Assert.Equal(new DateTimeOffset(2026, 1, 12, 7, 12, 23, TimeSpan.Zero), s.SigningTime);
        Assert.Contains("CN=VELOCERT OU", s.CertificateSubject, StringComparison.Ordinal);
    }

    [Fact]
    public void MyNextId_seal_with_its_roots_configured_reports_the_path_it_would_have()
    {
        var bytes = Bytes(MyNextId);
        var roots = Certificates(bytes).Where(c => c.SubjectName.RawData.AsSpan().SequenceEqual(c.IssuerName.RawData)).ToList();
        Assert.Equal(2, roots.Count); // Halcom Root Certificate Authority and DSS's self-signed-tsa
        var s = new JadesVerifier(new JadesVerifierOptions { TrustAnchors = roots }).Verify(bytes).Signatures[0];
        Assert.Equal(JadesCodes.SigningTimeInvalid, s.Code);
        // The timestamps are trusted with the demo TSA as anchor; the seal certificate is covered by the Halcom CRL,
        // but the Halcom intermediate has no revocation value in rVals.
        Assert.All(s.Timestamps, t => Assert.True(t.Trusted));
        Assert.Contains(s.Checks, c => c.Message.Contains("CN=VELOCERT OU", StringComparison.Ordinal) && c.Message.Contains("not revoked", StringComparison.Ordinal));
        Assert.Contains(s.Checks, c => c.Code == JadesCodes.RevocationMissing && c.Message.Contains("Halcom CA PO e-seal 2", StringComparison.Ordinal));
    }

    [Fact]
    public void MyNextId_open_badge_jwt_is_only_a_jose_header()
    {
        var report = new JadesVerifier().Verify(Bytes(MyNextIdJwt));
        Assert.Equal(JadesIndication.Failed, report.Indication);
        Assert.Equal(JadesCodes.Malformed, report.Code);
    }

    [Theory]
    [MemberData(nameof(Sealed))]
    public void A_changed_credential_breaks_the_seal(string file)
    {
        var json = JsonNode.Parse(Bytes(file))!;
        json["payload"] = ((string)json["payload"]!).Replace("\"id\"", "\"ID\"", StringComparison.Ordinal);
        var s = new JadesVerifier().Verify(Encoding.UTF8.GetBytes(json.ToJsonString())).Signatures[0];
        Assert.False(s.SignatureIntact);
        Assert.Equal(JadesIndication.Failed, s.Indication);
        Assert.True(s.HasCode(JadesCodes.SignatureInvalid));
    }

    private static List<X509Certificate2> ElmAnchors(string file) =>
        [.. Certificates(Bytes(file)).Where(c => c.Subject.EndsWith("CN=root-ca", StringComparison.Ordinal) || c.Subject.StartsWith("CN=ANF AC Qualified Certificates for eSeal,", StringComparison.Ordinal))];

    /// <summary>Every certificate of the file's x5c and xVals.</summary>
    internal static List<X509Certificate2> Certificates(byte[] bytes)
    {
        static byte[] B64u(string s) => Convert.FromBase64String(s.Replace('-', '+').Replace('_', '/') + new string('=', (4 - s.Length % 4) % 4));
        var list = new List<X509Certificate2>();
        foreach (var s in JsonNode.Parse(bytes)!["signatures"]!.AsArray())
        {
            var prot = JsonNode.Parse(B64u((string)s!["protected"]!))!;
            list.AddRange(prot["x5c"]!.AsArray().Select(x => X509CertificateLoader.LoadCertificate(Convert.FromBase64String((string)x!))));
            foreach (var u in s["header"]!["etsiU"]!.AsArray())
            {
                if (JsonNode.Parse(B64u((string)u!))!["xVals"] is JsonArray xv)
                {
                    list.AddRange(xv.Select(x => X509CertificateLoader.LoadCertificate(Convert.FromBase64String((string)x!["x509Cert"]!["val"]!))));
                }
            }
        }

        return list;
    }
}
