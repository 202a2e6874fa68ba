using System.Text;
using MicroCredentials.Signing.Jades.Tests.Support;
using MicroCredentials.Signing.Keys;
using Org.BouncyCastle.Crypto.Parameters;
using MicroCredentials.Signing.Dids;

namespace MicroCredentials.Signing.Jades.Tests.Sealing;

/// <summary>Any <see cref="ISigner"/> seals: here the core library's own Ed25519 and P-256 key pairs (as an HSM signer would plug in).</summary>
public sealed class ISignerTests
{
    [Theory]
    [InlineData("Ed25519", "EdDSA")]
    [InlineData("P-256", "ES256")]
    [InlineData("P-384", "ES384")]
    public async Task A_core_key_pair_signer_seals_with_its_certificate(string algorithm, string alg)
    {
        var pki = new TestPki();
        using var key = KeyFile.Generate(KeyAlgorithm.FromName(algorithm)!);
        var publicKey = algorithm == "Ed25519"
            ? (Org.BouncyCastle.Crypto.AsymmetricKeyParameter)new Ed25519PublicKeyParameters(key.KeyPair.PublicKey.Bytes.ToArray())
            : EcPublic(key.KeyPair.PublicKey, algorithm);
        var cert = pki.Issue("CN=HSM-style Seal,O=Test University,C=EU", publicKey, pki.Ca, pki.CaKey.Private, pki.Now.AddDays(-1), pki.Now.AddYears(1), ca: false);
        var options = pki.LtOptions(JadesLevel.BaselineLTA) with { OcspResponses = [pki.Ocsp(cert)] };
        var jades = await new JadesSealer(options).SealAsync(Encoding.UTF8.GetBytes("{\"a\":1}"), key.CreateSigner(), TestPki.Net(cert));
        var s = new JadesVerifier(new JadesVerifierOptions { TrustAnchors = [pki.RootNet] }).Verify(jades).Signatures[0];
        Assert.Equal(alg, s.Algorithm);
        Assert.Equal(JadesIndication.Passed, s.Indication);
        Assert.Equal(JadesLevel.BaselineLTA, s.LevelReached);
    }

    [Fact]
    public async Task A_signer_whose_key_is_not_the_certificate_key_is_refused()
    {
        var pki = new TestPki();
        using var key = KeyFile.Generate(KeyAlgorithm.P256);
        await Assert.ThrowsAsync<InvalidOperationException>(() => new JadesSealer().SealAsync("{}"u8.ToArray(), key.CreateSigner(), TestPki.Net(pki.Seal)));
    }

    private static ECPublicKeyParameters EcPublic(PublicKey key, string algorithm)
    {
        var curve = Org.BouncyCastle.Asn1.X9.ECNamedCurveTable.GetByName(algorithm);
        var oid = Org.BouncyCastle.Asn1.X9.ECNamedCurveTable.GetOid(algorithm);
        var point = curve.Curve.DecodePoint(key.Bytes.ToArray());
        return new ECPublicKeyParameters("EC", point, oid);
    }
}

/// <summary>A seal that names its certificate only by <c>x5t#S256</c>: the verifier matches it against a supplied certificate.</summary>
public sealed class X5tOnlyTests
{
    [Fact]
    public async Task The_signing_certificate_comes_from_the_supplied_certificates_by_its_digest()
    {
        var pki = new TestPki();
        using var signer = X509Signer.FromPem(pki.SealPem().Certificates, pki.SealPem().Key);
        var jades = await new JadesSealer(new JadesSealOptions { IncludeX5c = false }).SealAsync("{}"u8.ToArray(), signer, signer.Certificate);
        var none = new JadesVerifier(new JadesVerifierOptions { TrustAnchors = [pki.RootNet] }).Verify(jades).Signatures[0];
        Assert.Equal(JadesCodes.SigningCertificateNotFound, none.Code);
        Assert.Equal(JadesSubIndications.NoSigningCertificateFound, none.SubIndication);
        var supplied = new JadesVerifierOptions { TrustAnchors = [pki.RootNet], Certificates = [TestPki.Net(pki.Seal), TestPki.Net(pki.Ca)], AllowMissingRevocation = true };
        var s = new JadesVerifier(supplied).Verify(jades).Signatures[0];
        Assert.True(s.SignatureIntact);
        Assert.Equal(JadesIndication.Passed, s.Indication);
        // Another certificate with the same subject does not match the digest.
        var other = pki.Issue("CN=Test University Seal,O=Test University,organizationIdentifier=VATEU-000000,C=EU", pki.SealKey.Public, pki.Ca, pki.CaKey.Private, pki.Now.AddDays(-2), pki.Now.AddYears(3), ca: false);
        var wrong = new JadesVerifier(supplied with { Certificates = [TestPki.Net(other), TestPki.Net(pki.Ca)] }).Verify(jades).Signatures[0];
        Assert.Equal(JadesCodes.SigningCertificateNotFound, wrong.Code);
    }
}

/// <summary>The claimed signing time is the signer's clock: after the signature timestamp it only warns.</summary>
public sealed class SigningTimeOrderTests
{
    [Fact]
    public async Task A_claimed_signing_time_after_the_timestamp_warns()
    {
        var pki = new TestPki();
        using var signer = X509Signer.FromPem(pki.SealPem().Certificates, pki.SealPem().Key);
        var options = pki.LtOptions(JadesLevel.BaselineLT) with { SigningTime = DateTimeOffset.UtcNow.AddMinutes(10) };
        var jades = await new JadesSealer(options).SealAsync("{}"u8.ToArray(), signer, signer.Certificate);
        var s = new JadesVerifier(new JadesVerifierOptions { TrustAnchors = [pki.RootNet] }).Verify(jades).Signatures[0];
        Assert.Equal(JadesIndication.Passed, s.Indication);
        Assert.Contains(s.Checks, c => c.Code == JadesCodes.TimestampOrder && c.Severity == JadesSeverity.Warning);
    }
}
