using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X509.Qualified;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tsp;
using Org.BouncyCastle.X509;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace MicroCredentials.Signing.Jades.Tests.Support;

/// <summary>
/// An in-memory test PKI built with BouncyCastle: root CA → issuing CA → seal certificate, an OCSP responder (the
/// issuing CA itself), CRLs, and TSAs. Times are relative to <see cref="Now"/>.
/// </summary>
internal sealed class TestPki
{
    private static readonly SecureRandom Random = new();
    private long _serial = 1000;

    public TestPki(bool rsaSeal = false, bool qualified = true, DateTimeOffset? now = null, int sealYears = 2, int tsaYears = 5, int archiveTsaYears = 25)
    {
        Now = now ?? DateTimeOffset.UtcNow;
        RootKey = Ec();
        Root = Issue("CN=Test Root CA,O=MicroCredentials Test PKI,C=EU", RootKey.Public, null, RootKey.Private, Now.AddYears(-1), Now.AddYears(40), ca: true);
        CaKey = Ec();
        Ca = Issue("CN=Test Issuing CA,O=MicroCredentials Test PKI,C=EU", CaKey.Public, Root, RootKey.Private, Now.AddYears(-1), Now.AddYears(Math.Max(20, sealYears + 1)), ca: true);
        SealKey = rsaSeal ? Rsa() : Ec();
        Seal = Issue("CN=Test University Seal,O=Test University,organizationIdentifier=VATEU-000000,C=EU", SealKey.Public, Ca, CaKey.Private, Now.AddDays(-1), Now.AddYears(sealYears), ca: false, qc: qualified);
        Tsa = new TestTsa(this, "CN=Test TSA 1,O=MicroCredentials Test PKI,C=EU", Now.AddYears(tsaYears));
        Tsa2 = new TestTsa(this, "CN=Test TSA 2 (archive),O=MicroCredentials Test PKI,C=EU", Now.AddYears(archiveTsaYears));
    }

    public DateTimeOffset Now { get; }

    public AsymmetricCipherKeyPair RootKey { get; }

    public BcCertificate Root { get; }

    public AsymmetricCipherKeyPair CaKey { get; }

    public BcCertificate Ca { get; }

    public AsymmetricCipherKeyPair SealKey { get; }

    public BcCertificate Seal { get; set; }

    public TestTsa Tsa { get; }

    public TestTsa Tsa2 { get; }

    public static X509Certificate2 Net(BcCertificate c) => X509CertificateLoader.LoadCertificate(c.GetEncoded());

    public X509Certificate2 RootNet => Net(Root);

    public static AsymmetricCipherKeyPair Ec()
    {
        var g = new ECKeyPairGenerator();
        g.Init(new ECKeyGenerationParameters(Org.BouncyCastle.Asn1.X9.ECNamedCurveTable.GetOid("P-256"), Random));
        return g.GenerateKeyPair();
    }

    public static AsymmetricCipherKeyPair Rsa()
    {
        var g = new RsaKeyPairGenerator();
        g.Init(new RsaKeyGenerationParameters(BigInteger.ValueOf(65537), Random, 2048, 80));
        return g.GenerateKeyPair();
    }

    private static string SigAlg(AsymmetricKeyParameter key) => key is RsaKeyParameters ? "SHA256WITHRSA" : "SHA256WITHECDSA";

    public BcCertificate Issue(string subject, AsymmetricKeyParameter publicKey, BcCertificate? issuer, AsymmetricKeyParameter issuerKey,
        DateTimeOffset from, DateTimeOffset to, bool ca, bool qc = false, bool tsa = false)
    {
        var g = new X509V3CertificateGenerator();
        g.SetSerialNumber(BigInteger.ValueOf(Interlocked.Increment(ref _serial)));
        g.SetSubjectDN(new X509Name(subject));
        g.SetIssuerDN(issuer?.SubjectDN ?? new X509Name(subject));
        g.SetNotBefore(from.UtcDateTime);
        g.SetNotAfter(to.UtcDateTime);
        g.SetPublicKey(publicKey);
        g.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(ca));
        g.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(ca ? KeyUsage.KeyCertSign | KeyUsage.CrlSign : KeyUsage.DigitalSignature | KeyUsage.NonRepudiation));
        if (tsa)
        {
            g.AddExtension(X509Extensions.ExtendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeID.id_kp_timeStamping));
        }

        if (qc)
        {
            // QcCompliance and QcType eseal (ETSI EN 319 412-5).
            g.AddExtension(X509Extensions.QCStatements, false, new DerSequence(
                new QCStatement(new DerObjectIdentifier("0.4.0.1862.1.1")),
                new QCStatement(new DerObjectIdentifier("0.4.0.1862.1.6"), new DerSequence(new DerObjectIdentifier("0.4.0.1862.1.6.2")))));
        }

        return g.Generate(new Asn1SignatureFactory(SigAlg(issuerKey), issuerKey, Random));
    }

    /// <summary>An OCSP response of the issuing CA about <paramref name="cert"/>: good, or revoked at <paramref name="revokedAt"/>.</summary>
    public byte[] Ocsp(BcCertificate cert, DateTimeOffset? revokedAt = null, DateTimeOffset? producedAt = null, BcCertificate? issuer = null, AsymmetricKeyParameter? issuerKey = null)
    {
        issuer ??= Ca;
        issuerKey ??= CaKey.Private;
        var gen = new BasicOcspRespGenerator(new RespID(issuer.SubjectDN));
        var id = new CertificateID(CertificateID.DigestSha1, issuer, cert.SerialNumber);
        var at = (producedAt ?? DateTimeOffset.UtcNow).UtcDateTime;
        CertificateStatus? status = revokedAt is { } r ? new RevokedStatus(r.UtcDateTime, CrlReason.KeyCompromise) : CertificateStatus.Good;
        gen.AddResponse(id, status, at, at.AddDays(7), null);
        var basic = gen.Generate(new Asn1SignatureFactory(SigAlg(issuerKey), issuerKey, Random), null, at);
        return new OCSPRespGenerator().Generate(OCSPRespGenerator.Successful, basic).GetEncoded();
    }

    /// <summary>A CRL of the root about the issuing CA (and any <paramref name="revoked"/> serials).</summary>
    public byte[] RootCrl(params (BigInteger Serial, DateTimeOffset When)[] revoked)
    {
        var g = new X509V2CrlGenerator();
        g.SetIssuerDN(Root.SubjectDN);
        var now = DateTimeOffset.UtcNow.UtcDateTime;
        g.SetThisUpdate(now);
        g.SetNextUpdate(now.AddDays(7));
        foreach (var (serial, when) in revoked)
        {
            g.AddCrlEntry(serial, when.UtcDateTime, CrlReason.KeyCompromise);
        }

        g.AddExtension(X509Extensions.CrlNumber, false, new CrlNumber(BigInteger.One));
        return g.Generate(new Asn1SignatureFactory(SigAlg(RootKey.Private), RootKey.Private, Random)).GetEncoded();
    }

    /// <summary>The seal certificate and key as PKCS#12 (with the issuing CA and root), protected by <paramref name="password"/>.</summary>
    public byte[] SealPkcs12(string password)
    {
        var store = new Pkcs12StoreBuilder().Build();
        store.SetKeyEntry("seal", new AsymmetricKeyEntry(SealKey.Private), [new X509CertificateEntry(Seal), new X509CertificateEntry(Ca), new X509CertificateEntry(Root)]);
        using var ms = new MemoryStream();
        store.Save(ms, password.ToCharArray(), Random);
        return ms.ToArray();
    }

    /// <summary>The seal certificate and its PKCS#8 private key as PEM.</summary>
    public (string Certificates, string Key) SealPem()
    {
        static string Pem(string label, byte[] der) => $"-----BEGIN {label}-----\n{Convert.ToBase64String(der, Base64FormattingOptions.InsertLineBreaks)}\n-----END {label}-----\n";
        var key = PrivateKeyInfoFactory.CreatePrivateKeyInfo(SealKey.Private).GetEncoded();
        return (Pem("CERTIFICATE", Seal.GetEncoded()) + Pem("CERTIFICATE", Ca.GetEncoded()), Pem("PRIVATE KEY", key));
    }

    /// <summary>A certificate as PEM (for <see cref="X509Signer.FromPem"/> with the seal key).</summary>
    public static string SealPemOf(BcCertificate cert) => $"-----BEGIN CERTIFICATE-----\n{Convert.ToBase64String(cert.GetEncoded())}\n-----END CERTIFICATE-----\n";

    /// <summary>Options for a B-LT/B-LTA seal: chain, TSA certificates, a good OCSP response for the seal certificate and the root's CRL.</summary>
    public JadesSealOptions LtOptions(JadesLevel level) => new()
    {
        Level = level,
        Timestamper = Tsa,
        ArchiveTimestamper = Tsa2,
        Certificates = [Net(Ca), Net(Root), Net(Tsa.Certificate), Net(Tsa2.Certificate)],
        OcspResponses = [Ocsp(Seal)],
        Crls = [RootCrl()],
    };
}

/// <summary>An in-memory RFC 3161 TSA (BouncyCastle's TimeStampTokenGenerator) issued by the test root.</summary>
internal sealed class TestTsa : ITimestampClient
{
    private static readonly SecureRandom Random = new();
    private readonly AsymmetricCipherKeyPair _key;
    private long _serial;

    public TestTsa(TestPki pki, string subject, DateTimeOffset notAfter)
    {
        _key = TestPki.Ec();
        Certificate = pki.Issue(subject, _key.Public, pki.Root, pki.RootKey.Private, pki.Now.AddYears(-1), notAfter, ca: false, tsa: true);
    }

    public BcCertificate Certificate { get; }

    /// <summary>When set, the genTime the TSA claims (to build past or future timestamps).</summary>
    public DateTimeOffset? FixedTime { get; set; }

    public int Calls { get; private set; }

    public Task<byte[]> TimestampAsync(byte[] sha256Digest, CancellationToken cancellationToken = default) => Task.FromResult(Token(sha256Digest));

    public byte[] Token(byte[] sha256Digest)
    {
        Calls++;
        var req = new TimeStampRequestGenerator();
        req.SetCertReq(true);
        var request = req.Generate(TspAlgorithms.Sha256, sha256Digest, BigInteger.ValueOf(Interlocked.Increment(ref _serial)));
        return Respond(request).TimeStampToken.GetEncoded();
    }

    public TimeStampResponse Respond(TimeStampRequest request)
    {
        var infoGen = new SignerInfoGeneratorBuilder().Build(new Asn1SignatureFactory("SHA256WITHECDSA", _key.Private, Random), Certificate);
        var gen = new TimeStampTokenGenerator(infoGen, Asn1DigestFactory.Get(Org.BouncyCastle.Asn1.Nist.NistObjectIdentifiers.IdSha256), new DerObjectIdentifier("1.2.3.4.1"), true);
        gen.SetCertificates(Org.BouncyCastle.Utilities.Collections.CollectionUtilities.CreateStore(new[] { Certificate }));
        var respGen = new TimeStampResponseGenerator(gen, TspAlgorithms.Allowed);
        return respGen.Generate(request, BigInteger.ValueOf(Interlocked.Increment(ref _serial)), (FixedTime ?? DateTimeOffset.UtcNow).UtcDateTime);
    }
}
