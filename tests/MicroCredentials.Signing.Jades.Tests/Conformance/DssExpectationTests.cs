using System.Text.Json.Nodes;
using MicroCredentials.Signing.Jades.Tests.Support;

namespace MicroCredentials.Signing.Jades.Tests.Conformance;

/// <summary>
/// Every assertion of <c>expectations.json</c> about DSS's JAdES test files, reproduced with <see cref="JadesVerifier"/>.
/// DSS's tests assert technical checks (signature intact, imprints, structure, detected format), not final indications;
/// so do these. Without a trust anchor, a file that passes every technical check is indeterminate (never passed).
/// </summary>
public sealed class DssExpectationTests
{
    public static TheoryData<string> DssSignatures => Expectations.Files(e => (string)e["source"]! == "dss" && (string)e["kind"]! == "signature");

    public static TheoryData<string> NotJws => Expectations.Files(e => (string)e["kind"]! is "signing-input" or "signature-policy" or "evidence-record");

    internal static JadesReport Verify(string file, JadesVerifierOptions? options = null)
    {
        var e = Expectations.Entry(file);
        options ??= new JadesVerifierOptions();
        options = options with { DetachedContents = Expectations.DetachedFor(file) };
        return new JadesVerifier(options).Verify(File.ReadAllBytes(Expectations.PathOf(e)));
    }

    [Theory]
    [MemberData(nameof(DssSignatures))]
    public void Signature_intact_as_DSS_asserts(string file)
    {
        var e = Expectations.Entry(file);
        var report = Verify(file);
        var expected = e["signatureIntact"]?.GetValue<bool>();
        if (expected is null)
        {
            // DSS does not validate these (parse error or conversion fixture): assert what was checked here.
            var checkedHere = (string?)e["checkedHere"]?["jwsSignature"];
            if ((string)e["category"]! == "parse-error")
            {
                Assert.Equal(JadesIndication.Failed, report.Indication);
                Assert.Equal(JadesSubIndications.FormatFailure, report.SubIndication);
                Assert.Empty(report.Signatures);
            }
            else
            {
                Assert.NotNull(checkedHere);
                Assert.Equal(checkedHere!.StartsWith("verifies", StringComparison.Ordinal), report.Signatures[0].SignatureIntact);
            }

            return;
        }

        Assert.Equal(expected.Value, report.Signatures.Count > 0 && report.Signatures.All(s => s.SignatureIntact));
        if (!expected.Value)
        {
            Assert.Equal(JadesIndication.Failed, report.Indication);
        }
    }

    [Theory]
    [MemberData(nameof(DssSignatures))]
    public void Timestamps_as_DSS_asserts_and_as_checked_here(string file)
    {
        var e = Expectations.Entry(file);
        var expected = Expectations.CheckedTimestamps(e);
        var report = Verify(file);
        var actual = report.Signatures.SelectMany(s => s.Timestamps).ToList();
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Type, actual[i].Type);
            Assert.Equal(expected[i].Imprint, actual[i].ImprintIntact);
            Assert.Equal(expected[i].Signature, actual[i].SignatureIntact);
            Assert.NotNull(actual[i].Time);
        }

        if (expected.Any(t => !t.Imprint))
        {
            Assert.Equal(JadesIndication.Failed, report.Indication);
            // A mixed-form etsiU is refused as a structure error before its timestamps count.
            Assert.Equal(report.Code == JadesCodes.EtsiUInvalid ? JadesSubIndications.FormatFailure : JadesSubIndications.HashFailure, report.SubIndication);
        }
    }

    [Theory]
    [MemberData(nameof(DssSignatures))]
    public void Category_outcome(string file)
    {
        var e = Expectations.Entry(file);
        var report = Verify(file);
        var first = report.Signatures.FirstOrDefault();
        switch ((string)e["category"]!)
        {
            case "valid":
                // Every technical check passes; with no anchor configured the answer is indeterminate, never passed.
                Assert.All(report.Signatures, s =>
                {
                    Assert.Equal(JadesIndication.Indeterminate, s.Indication);
                    Assert.Equal(JadesCodes.NoTrustAnchor, s.Code);
                    Assert.DoesNotContain(s.Checks, c => c.Severity == JadesSeverity.Failure && c.Code != JadesCodes.NoTrustAnchor);
                });
                break;
            case "invalid-signature":
                Assert.Equal(JadesIndication.Failed, report.Indication);
                Assert.True(first is null || !first.SignatureIntact || first.HasCode(JadesCodes.DetachedDigestMismatch));
                break;
            case "invalid-timestamp":
                Assert.Equal(JadesIndication.Failed, report.Indication);
                Assert.Contains(report.Signatures.SelectMany(s => s.Timestamps), t => t.Code != JadesCodes.Ok);
                break;
            case "invalid-counter-signature":
                Assert.True(first!.SignatureIntact);
                Assert.True(first.HasCode(JadesCodes.CounterSignatureInvalid));
                break;
            case "invalid-structure":
                Assert.Equal(JadesIndication.Failed, report.Indication);
                Assert.Equal(JadesCodes.EtsiUInvalid, report.Code);
                Assert.Contains("etsiU", first!.Checks.First(c => c.Code == JadesCodes.EtsiUInvalid).Message, StringComparison.Ordinal);
                break;
            case "policy-digest-unverifiable":
                Assert.True(first!.HasCode(JadesCodes.SignaturePolicyDigestUnknown));
                Assert.Equal(JadesCodes.NoTrustAnchor, first.Code);
                break;
            case "not-etsi":
                Assert.All(report.Signatures, s => Assert.Equal(JadesLevel.None, s.Format));
                Assert.Equal(JadesIndication.Failed, report.Indication);
                Assert.Equal(JadesSubIndications.FormatFailure, report.SubIndication);
                Assert.True(report.Code is JadesCodes.CritInvalid or JadesCodes.SigningTimeInvalid);
                break;
            case "parse-error":
                Assert.Equal(JadesIndication.Failed, report.Indication);
                Assert.Empty(report.Signatures);
                break;
            case "not-validated":
                Assert.NotEmpty(report.Signatures);
                break;
            default:
                Assert.Fail("unknown category " + e["category"]);
                break;
        }
    }

    [Theory]
    [MemberData(nameof(DssSignatures))]
    public void Level_as_DSS_detects(string file)
    {
        var e = Expectations.Entry(file);
        var level = (string?)e["level"];
        var report = Verify(file);
        if (level is null)
        {
            // No level asserted: the detected format still follows the components present.
            Assert.All(report.Signatures, s => Assert.True(s.Format is JadesLevel.None || s.LevelReached <= s.Format));
            return;
        }

        var formats = report.Signatures.Select(s => JadesReport.LevelName(s.Format)).ToList();
        switch (level)
        {
            case "JSON_NOT_ETSI":
                Assert.All(formats, f => Assert.Equal("NOT_ETSI", f));
                break;
            case "B-LT and B-LTA":
                Assert.Equal(["B-LT", "B-LTA"], formats);
                break;
            default:
                Assert.All(formats, f => Assert.Equal(level, f));
                break;
        }
    }

    [Fact]
    public void Malformed_and_empty_serializations_fail_with_their_codes()
    {
        Assert.Equal(JadesCodes.Malformed, Verify("validation/malformed-jades-serialization.json").Code);
        Assert.Equal(JadesCodes.NoSignatures, Verify("validation/jws-serialization-no-signatures.json").Code);
        Assert.Equal(JadesCodes.PayloadInvalid, Verify("validation/serialization-wrong-payload-type.json").Code);
        var dup = Verify("validation/jades-with-double-sigt.json");
        Assert.Equal(JadesCodes.DuplicateHeader, dup.Code);
        Assert.Contains("An entry for 'sigT' already exists", dup.Checks[0].Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(NotJws))]
    public void Files_that_are_not_JWS_are_not_claimed(string file)
    {
        var report = new JadesVerifier().Verify(File.ReadAllBytes(Expectations.PathOf(Expectations.Entry(file))));
        Assert.Equal(JadesIndication.Failed, report.Indication);
        Assert.Equal(JadesCodes.Malformed, report.Code);
        Assert.Empty(report.Signatures);
    }

    [Theory]
    [InlineData("validation/jades-detached-by-uri-encoded-pars.json")]
    [InlineData("validation/jades-detached-by-uri-hash-encoded-pars.json")]
    [InlineData("validation/jades-flattened-BpB-detached-objectByURIHash.json")]
    [InlineData("validation/simple-detached.json")]
    public void Detached_contents_are_what_is_signed(string file)
    {
        Assert.True(Verify(file).Signatures[0].SignatureIntact);
        var detached = Expectations.DetachedFor(file);
        var missing = new JadesVerifier().Verify(File.ReadAllBytes(Expectations.PathOf(Expectations.Entry(file))));
        Assert.Equal(JadesIndication.Indeterminate, missing.Indication);
        Assert.Equal(JadesSubIndications.SignedDataNotFound, missing.SubIndication);

        // One byte changed in one document: the digest (or, for ObjectIdByURI, the signature) no longer matches.
        var altered = detached.ToDictionary(k => k.Key, v => v.Value);
        var key = altered.Keys.First();
        var bytes = altered[key].ToArray();
        bytes[^1] ^= 1;
        altered[key] = bytes;
        var report = new JadesVerifier(new JadesVerifierOptions { DetachedContents = altered }).Verify(File.ReadAllBytes(Expectations.PathOf(Expectations.Entry(file))));
        Assert.Equal(JadesIndication.Failed, report.Indication);
        Assert.True(report.Code is JadesCodes.DetachedDigestMismatch or JadesCodes.SignatureInvalid, report.Code);
    }

    [Fact]
    public void Wrong_x5c_header_is_a_structure_error_and_no_signing_certificate()
    {
        var s = Verify("validation/jades-wrong-x5c-header.json").Signatures[0];
        Assert.False(s.SignatureIntact);
        Assert.Contains(s.Checks, c => c.Code == JadesCodes.X5cInvalid && c.Message.Contains("x5c", StringComparison.Ordinal));
        Assert.Equal(JadesIndication.Failed, s.Indication);
    }

    [Fact]
    public void Unsupported_algorithm_is_a_clean_failure()
    {
        var s = Verify("validation/jades-unsupported-signature-algorithm.json").Signatures[0];
        Assert.Equal(JadesCodes.AlgorithmUnsupported, s.Code);
        Assert.Equal(JadesSubIndications.CryptoConstraintsFailure, s.SubIndication);
    }

    [Theory]
    [InlineData("validation/jades-t-copied-sigtst.json", "sigTst")]
    [InlineData("validation/jades-lta-copied-arctst.json", "arcTst")]
    [InlineData("validation/jades-two-sigs-copied-tst.json", "sigTst")]
    public void Copied_timestamps_fail_with_their_own_code(string file, string type)
    {
        var report = Verify(file);
        var copied = report.Signatures.SelectMany(s => s.Timestamps).Single(t => t.Code == JadesCodes.TimestampCopied);
        Assert.Equal(type, copied.Type);
        Assert.False(copied.ImprintIntact);
        Assert.True(copied.SignatureIntact);
        Assert.Equal(JadesCodes.TimestampCopied, report.Code);
    }

    [Theory]
    [InlineData("validation/jades-flattened-BpT-broken-sigTst.json", JadesCodes.SignatureTimestampImprintMismatch)]
    [InlineData("validation/jades-lta-broken-arcTst.json", JadesCodes.ArchiveTimestampImprintMismatch)]
    [InlineData("validation/jades-with-sigAndRefsTst-without-dot.json", JadesCodes.ValidationDataTimestampImprintMismatch)]
    public void Broken_timestamps_fail_with_their_type_code(string file, string code) => Assert.Equal(code, Verify(file).Code);

    [Theory]
    [InlineData("validation/jades-t-duplicated-sigtst.json")]
    [InlineData("validation/jades-b-copied-cnttst.json")]
    public void Duplicated_timestamps_are_tolerated_with_a_warning(string file)
    {
        var s = Verify(file).Signatures[0];
        Assert.Contains(s.Checks, c => c.Code == JadesCodes.TimestampDuplicated && c.Severity == JadesSeverity.Warning);
        Assert.Equal(JadesCodes.NoTrustAnchor, s.Code);
    }

    [Fact]
    public void Level_reached_stops_below_a_failing_timestamp()
    {
        Assert.Equal(JadesLevel.BaselineLT, Verify("validation/jades-lta-copied-arctst.json").Signatures[0].LevelReached);
        Assert.Equal(JadesLevel.BaselineB, Verify("validation/jades-t-copied-sigtst.json").Signatures[0].LevelReached);
        Assert.Equal(JadesLevel.BaselineLTA, Verify("validation/jades-lta.json").Signatures[0].LevelReached);
        Assert.Equal(JadesLevel.BaselineLTA, Verify("validation/jades-triple-LTA.json").Signatures[0].LevelReached);
    }

    [Fact]
    public void Signing_certificate_from_xVals_when_only_x5t_o_is_signed()
    {
        var s = Verify("validation/jades-b-with-xvals.json").Signatures[0];
        Assert.True(s.SignatureIntact);
        Assert.NotNull(s.CertificateSubject);
    }
}
