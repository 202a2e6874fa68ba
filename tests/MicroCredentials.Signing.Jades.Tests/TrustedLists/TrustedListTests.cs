using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;
using MicroCredentials.Signing.Jades.Tests.Support;

namespace MicroCredentials.Signing.Jades.Tests.TrustedLists;

/// <summary>ETSI TS 119 612 trusted lists generated and signed here: loading, list signature, status history, qualification.</summary>
public sealed class TrustedListTests
{
    private const string Ns = "http://uri.etsi.org/02231/v2#";
    private static readonly byte[] Edc = Encoding.UTF8.GetBytes("{\"type\":[\"VerifiableCredential\",\"EuropeanDigitalCredential\"]}");

    internal sealed record Service(string Type, string Name, X509Certificate2[] Certificates, (string Status, DateTimeOffset Start)[] History);

    /// <summary>A list signer: a self-signed RSA certificate with its key.</summary>
    internal static X509Certificate2 ListSigner(string name = "CN=Test Scheme Operator TL Signer")
    {
        using var rsa = RSA.Create(2048);
        var req = new CertificateRequest(name, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
    }

    /// <summary>A signed trusted list (enveloped XML-DSig over the whole document).</summary>
    internal static byte[] Build(X509Certificate2 signer, params Service[] services)
    {
        var doc = new XmlDocument { PreserveWhitespace = true };
        XmlElement E(XmlNode parent, string name, string? text = null)
        {
            var e = doc.CreateElement("tsl", name, Ns);
            if (text is not null)
            {
                e.InnerText = text;
            }

            parent.AppendChild(e);
            return e;
        }

        var root = doc.CreateElement("tsl", "TrustServiceStatusList", Ns);
        root.SetAttribute("Id", "tsl");
        doc.AppendChild(root);
        var scheme = E(root, "SchemeInformation");
        E(scheme, "TSLVersionIdentifier", "6");
        E(scheme, "TSLSequenceNumber", "1");
        E(E(scheme, "SchemeOperatorName"), "Name", "Test Supervisory Body");
        E(scheme, "SchemeTerritory", "EU");
        E(scheme, "ListIssueDateTime", DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-ddTHH:mm:ssZ"));
        E(E(scheme, "NextUpdate"), "dateTime", DateTimeOffset.UtcNow.AddMonths(6).ToString("yyyy-MM-ddTHH:mm:ssZ"));
        var tsp = E(E(root, "TrustServiceProviderList"), "TrustServiceProvider");
        E(E(E(tsp, "TSPInformation"), "TSPName"), "Name", "Test Trust Service Provider");
        var svcs = E(tsp, "TSPServices");
        foreach (var s in services)
        {
            var svc = E(svcs, "TSPService");
            var ordered = s.History.OrderByDescending(h => h.Start).ToList();
            void Info(XmlElement parent, (string Status, DateTimeOffset Start) h)
            {
                E(parent, "ServiceTypeIdentifier", s.Type);
                E(E(parent, "ServiceName"), "Name", s.Name);
                var id = E(parent, "ServiceDigitalIdentity");
                foreach (var c in s.Certificates)
                {
                    E(E(id, "DigitalId"), "X509Certificate", Convert.ToBase64String(c.RawData));
                }

                E(parent, "ServiceStatus", h.Status);
                E(parent, "StatusStartingTime", h.Start.ToString("yyyy-MM-ddTHH:mm:ssZ"));
            }

            Info(E(svc, "ServiceInformation"), ordered[0]);
            if (ordered.Count > 1)
            {
                var history = E(svc, "ServiceHistory");
                foreach (var h in ordered.Skip(1))
                {
                    Info(E(history, "ServiceHistoryInstance"), h);
                }
            }
        }

        var signed = new SignedXml(doc) { SigningKey = signer.GetRSAPrivateKey() };
        signed.SignedInfo!.SignatureMethod = SignedXml.XmlDsigRSASHA256Url;
        var reference = new Reference("") { DigestMethod = SignedXml.XmlDsigSHA256Url };
        reference.AddTransform(new XmlDsigEnvelopedSignatureTransform());
        reference.AddTransform(new XmlDsigExcC14NTransform());
        signed.AddReference(reference);
        var keyInfo = new KeyInfo();
        keyInfo.AddClause(new KeyInfoX509Data(signer));
        signed.KeyInfo = keyInfo;
        signed.ComputeSignature();
        root.AppendChild(doc.ImportNode(signed.GetXml(), true));
        return Encoding.UTF8.GetBytes(doc.OuterXml);
    }

    private static readonly DateTimeOffset Long = DateTimeOffset.UtcNow.AddYears(-3);

    private static Service[] Granted(TestPki pki) =>
    [
        new(TrustedService.TypeCaQc, "Test QC CA", [TestPki.Net(pki.Root)], [(TrustedService.StatusGranted, Long)]),
        new(TrustedService.TypeQtst, "Test QTST", [TestPki.Net(pki.Tsa.Certificate), TestPki.Net(pki.Tsa2.Certificate)], [(TrustedService.StatusGranted, Long)]),
    ];

    private static async Task<byte[]> SealAsync(TestPki pki, JadesLevel level = JadesLevel.BaselineLTA)
    {
        using var signer = X509Signer.FromPem(pki.SealPem().Certificates, pki.SealPem().Key);
        return await new JadesSealer(pki.LtOptions(level)).SealAsync(Edc, signer, signer.Certificate);
    }

    [Fact]
    public void A_signed_list_loads_with_its_services_and_history()
    {
        var pki = new TestPki();
        using var signer = ListSigner();
        var list = TrustedList.Load(Build(signer, Granted(pki)), [signer]);
        Assert.Equal("EU", list.Territory);
        Assert.Equal("Test Supervisory Body", list.SchemeOperator);
        Assert.Equal(2, list.Services.Count);
        Assert.True(list.Services[0].IsCertificateAuthority);
        Assert.True(list.Services[1].IsTimestampAuthority);
        Assert.True(list.Services[0].IsGrantedAt(DateTimeOffset.UtcNow));
        Assert.False(list.Services[0].IsGrantedAt(Long.AddDays(-1)));
    }

    [Fact]
    public async Task A_seal_whose_CA_is_a_granted_QC_service_is_qualified()
    {
        var pki = new TestPki(qualified: true);
        using var signer = ListSigner();
        var list = TrustedList.Load(Build(signer, Granted(pki)), [signer]);
        var s = new JadesVerifier(new JadesVerifierOptions { TrustedLists = [list] }).Verify(await SealAsync(pki)).Signatures[0];
        Assert.Equal(JadesIndication.Passed, s.Indication);
        Assert.Equal("QUALIFIED", s.Qualification);
        Assert.All(s.Timestamps, t => Assert.True(t.Trusted));
    }

    [Fact]
    public async Task A_seal_certificate_without_QcCompliance_is_advanced()
    {
        var pki = new TestPki(qualified: false);
        using var signer = ListSigner();
        var list = TrustedList.Load(Build(signer, Granted(pki)), [signer]);
        var s = new JadesVerifier(new JadesVerifierOptions { TrustedLists = [list] }).Verify(await SealAsync(pki)).Signatures[0];
        Assert.Equal(JadesIndication.Passed, s.Indication);
        Assert.Equal("ADVANCED", s.Qualification);
    }

    [Fact]
    public async Task A_service_whose_status_expired_before_the_seal_gives_no_chain()
    {
        var pki = new TestPki();
        using var signer = ListSigner();
        var services = Granted(pki);
        services[0] = services[0] with { History = [(TrustedService.StatusGranted, Long), (TrustedService.StatusWithdrawn, DateTimeOffset.UtcNow.AddDays(-30))] };
        var list = TrustedList.Load(Build(signer, services), [signer]);
        var s = new JadesVerifier(new JadesVerifierOptions { TrustedLists = [list] }).Verify(await SealAsync(pki)).Signatures[0];
        Assert.Equal(JadesIndication.Indeterminate, s.Indication);
        Assert.Equal(JadesSubIndications.NoCertificateChainFound, s.SubIndication);
        Assert.Equal(JadesCodes.TrustedServiceNotGranted, s.Code);
        Assert.Contains("withdrawn", s.Checks.First(c => c.Code == JadesCodes.TrustedServiceNotGranted).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_withdrawn_after_the_timestamped_seal_still_vouches_for_it()
    {
        var pki = new TestPki();
        using var signer = ListSigner();
        var services = Granted(pki);
        var withdrawn = DateTimeOffset.UtcNow.AddYears(1);
        services[0] = services[0] with { History = [(TrustedService.StatusGranted, Long), (TrustedService.StatusWithdrawn, withdrawn)] };
        var list = TrustedList.Load(Build(signer, services), [signer]);
        var at = DateTimeOffset.UtcNow.AddYears(3);
        var s = new JadesVerifier(new JadesVerifierOptions { TrustedLists = [list], ValidationTime = at }).Verify(await SealAsync(pki)).Signatures[0];
        Assert.Equal(JadesIndication.Passed, s.Indication);
        Assert.True(s.ControlTime < withdrawn);
        Assert.Equal(TrustedService.StatusWithdrawn, list.Services[0].StatusAt(at));
    }

    [Fact]
    public void A_list_changed_after_signing_is_refused()
    {
        var pki = new TestPki();
        using var signer = ListSigner();
        var xml = Encoding.UTF8.GetString(Build(signer, Granted(pki))).Replace("Test QTST", "Evil QTST", StringComparison.Ordinal);
        var ex = Assert.Throws<TrustedListException>(() => TrustedList.Load(Encoding.UTF8.GetBytes(xml), [signer]));
        Assert.Equal("TL_SIGNATURE_INVALID", ex.Code);
    }

    [Fact]
    public void A_list_signed_by_another_key_is_refused()
    {
        var pki = new TestPki();
        using var signer = ListSigner();
        using var configured = ListSigner("CN=The Real TL Signer");
        var ex = Assert.Throws<TrustedListException>(() => TrustedList.Load(Build(signer, Granted(pki)), [configured]));
        Assert.Equal("TL_SIGNATURE_INVALID", ex.Code);
        Assert.Equal("TL_SIGNER_UNKNOWN", Assert.Throws<TrustedListException>(() => TrustedList.Load(Build(signer, Granted(pki)), [])).Code);
    }

    [Fact]
    public void An_unsigned_list_or_a_DTD_is_refused()
    {
        var unsigned = "<tsl:TrustServiceStatusList xmlns:tsl=\"http://uri.etsi.org/02231/v2#\"><tsl:SchemeInformation/></tsl:TrustServiceStatusList>"u8.ToArray();
        using var signer = ListSigner();
        Assert.Equal("TL_SIGNATURE_INVALID", Assert.Throws<TrustedListException>(() => TrustedList.Load(unsigned, [signer])).Code);
        var dtd = "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><x>&a;</x>"u8.ToArray();
        Assert.Equal("TL_MALFORMED", Assert.Throws<TrustedListException>(() => TrustedList.Load(dtd, [signer])).Code);
        Assert.Equal("TL_MALFORMED", Assert.Throws<TrustedListException>(() => TrustedList.Load("<a/>"u8.ToArray(), [signer])).Code);
    }
}
