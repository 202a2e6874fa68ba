using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;

namespace MicroCredentials.Signing.Jades;

/// <summary>A trusted-list loading failure, with a stable code (<c>TL_MALFORMED</c>, <c>TL_SIGNATURE_INVALID</c>, <c>TL_SIGNER_UNKNOWN</c>).</summary>
public sealed class TrustedListException(string code, string message) : Exception(message)
{
    /// <summary>The stable code.</summary>
    public string Code { get; } = code;
}

/// <summary>One status period of a trust service: the status URI and when it began.</summary>
/// <param name="Status">An ETSI TS 119 612 status URI, e.g. <c>http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted</c>.</param>
/// <param name="Start">The <c>StatusStartingTime</c>.</param>
public sealed record TrustedServiceStatus(string Status, DateTimeOffset Start);

/// <summary>A trust service of a trusted list: its type, name, certificates and status history.</summary>
public sealed class TrustedService
{
    /// <summary>Service type of a CA issuing qualified certificates.</summary>
    public const string TypeCaQc = "http://uri.etsi.org/TrstSvc/Svctype/CA/QC";

    /// <summary>Service type of a qualified timestamping authority.</summary>
    public const string TypeQtst = "http://uri.etsi.org/TrstSvc/Svctype/TSA/QTST";

    /// <summary>Service type of a (non-qualified) timestamping authority.</summary>
    public const string TypeTsa = "http://uri.etsi.org/TrstSvc/Svctype/TSA";

    /// <summary>Status "granted" (eIDAS).</summary>
    public const string StatusGranted = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted";

    /// <summary>Status "withdrawn" (eIDAS).</summary>
    public const string StatusWithdrawn = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/withdrawn";

    private static readonly HashSet<string> GrantedLike =
    [
        StatusGranted,
        "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/recognisedatnationallevel",
        // Pre-eIDAS (Directive 1999/93/EC) statuses that counted as trusted.
        "http://uri.etsi.org/TrstSvc/Svcstatus/undersupervision",
        "http://uri.etsi.org/TrstSvc/Svcstatus/accredited",
        "http://uri.etsi.org/TrstSvc/Svcstatus/supervisionincessation",
    ];

    internal TrustedService(string provider, string name, string type, IReadOnlyList<X509Certificate2> certificates, IReadOnlyList<TrustedServiceStatus> history)
    {
        Provider = provider;
        Name = name;
        Type = type;
        Certificates = certificates;
        History = history;
    }

    /// <summary>The trust service provider's name.</summary>
    public string Provider { get; }

    /// <summary>The service name.</summary>
    public string Name { get; }

    /// <summary>The service type URI.</summary>
    public string Type { get; }

    /// <summary>The service's digital identities (certificates).</summary>
    public IReadOnlyList<X509Certificate2> Certificates { get; }

    /// <summary>Every status period, newest first.</summary>
    public IReadOnlyList<TrustedServiceStatus> History { get; }

    /// <summary>True for CA/QC services (anchors for seal certificates).</summary>
    public bool IsCertificateAuthority => Type == TypeCaQc || Type == "http://uri.etsi.org/TrstSvc/Svctype/CA/PKC";

    /// <summary>True for TSA/QTST and TSA services (anchors for timestamps).</summary>
    public bool IsTimestampAuthority => Type == TypeQtst || Type == TypeTsa || Type.StartsWith(TypeTsa + "/", StringComparison.Ordinal);

    /// <summary>The status in force at <paramref name="time"/>, or null before the first period.</summary>
    public string? StatusAt(DateTimeOffset time) => History.Where(h => h.Start <= time).OrderByDescending(h => h.Start).FirstOrDefault()?.Status;

    /// <summary>True when the status in force at <paramref name="time"/> is granted (or an equivalent earlier status).</summary>
    public bool IsGrantedAt(DateTimeOffset time) => StatusAt(time) is { } s && GrantedLike.Contains(s);
}

/// <summary>
/// An ETSI TS 119 612 trusted list whose XML signature was checked against the caller's list-signer certificates.
/// Pointers to other lists (a List of Trusted Lists) are not followed: load each national list the verifier needs.
/// </summary>
public sealed class TrustedList
{
    private const string Ns = "http://uri.etsi.org/02231/v2#";

    private TrustedList(string territory, string operatorName, DateTimeOffset? issued, DateTimeOffset? nextUpdate, IReadOnlyList<TrustedService> services)
    {
        Territory = territory;
        SchemeOperator = operatorName;
        IssueTime = issued;
        NextUpdate = nextUpdate;
        Services = services;
    }

    /// <summary>The scheme territory (country code, or <c>EU</c>).</summary>
    public string Territory { get; }

    /// <summary>The scheme operator's name.</summary>
    public string SchemeOperator { get; }

    /// <summary><c>ListIssueDateTime</c>.</summary>
    public DateTimeOffset? IssueTime { get; }

    /// <summary><c>NextUpdate</c>.</summary>
    public DateTimeOffset? NextUpdate { get; }

    /// <summary>Every service of every provider.</summary>
    public IReadOnlyList<TrustedService> Services { get; }

    /// <summary>Reads a trusted list and checks its enveloped XML signature against <paramref name="listSigners"/>.</summary>
    /// <exception cref="TrustedListException">Not a trusted list, no valid signature, or signed by none of the list signers.</exception>
    public static TrustedList Load(byte[] xml, IReadOnlyList<X509Certificate2> listSigners)
    {
        ArgumentNullException.ThrowIfNull(xml);
        ArgumentNullException.ThrowIfNull(listSigners);
        if (listSigners.Count == 0)
        {
            throw new TrustedListException("TL_SIGNER_UNKNOWN", "no list-signer certificate configured: a trusted list is only used when its signature is checked");
        }

        if (xml.Length > 64 * 1024 * 1024)
        {
            throw new TrustedListException("TL_MALFORMED", "the trusted list exceeds 64 MiB");
        }

        var doc = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        try
        {
            using var stream = new MemoryStream(xml);
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersFromEntities = 0 });
            doc.Load(reader);
        }
        catch (XmlException ex)
        {
            throw new TrustedListException("TL_MALFORMED", "the trusted list is not XML: " + ex.Message);
        }

        var root = doc.DocumentElement;
        if (root is null || root.LocalName != "TrustServiceStatusList" || root.NamespaceURI != Ns)
        {
            throw new TrustedListException("TL_MALFORMED", "not an ETSI TS 119 612 TrustServiceStatusList");
        }

        CheckSignature(doc, root, listSigners);
        var nsm = new XmlNamespaceManager(doc.NameTable);
        nsm.AddNamespace("tsl", Ns);
        var territory = root.SelectSingleNode("tsl:SchemeInformation/tsl:SchemeTerritory", nsm)?.InnerText.Trim() ?? "";
        var op = root.SelectSingleNode("tsl:SchemeInformation/tsl:SchemeOperatorName/tsl:Name", nsm)?.InnerText.Trim() ?? "";
        var issued = Time(root.SelectSingleNode("tsl:SchemeInformation/tsl:ListIssueDateTime", nsm));
        var next = Time(root.SelectSingleNode("tsl:SchemeInformation/tsl:NextUpdate/tsl:dateTime", nsm));
        var services = new List<TrustedService>();
        foreach (XmlElement tsp in root.SelectNodes("tsl:TrustServiceProviderList/tsl:TrustServiceProvider", nsm)!)
        {
            var provider = tsp.SelectSingleNode("tsl:TSPInformation/tsl:TSPName/tsl:Name", nsm)?.InnerText.Trim() ?? "";
            foreach (XmlElement svc in tsp.SelectNodes("tsl:TSPServices/tsl:TSPService", nsm)!)
            {
                var info = svc.SelectSingleNode("tsl:ServiceInformation", nsm) as XmlElement
                    ?? throw new TrustedListException("TL_MALFORMED", "a TSPService without ServiceInformation");
                var type = info.SelectSingleNode("tsl:ServiceTypeIdentifier", nsm)?.InnerText.Trim() ?? "";
                var name = info.SelectSingleNode("tsl:ServiceName/tsl:Name", nsm)?.InnerText.Trim() ?? "";
                var certs = new List<X509Certificate2>();
                foreach (XmlNode c in info.SelectNodes("tsl:ServiceDigitalIdentity/tsl:DigitalId/tsl:X509Certificate", nsm)!)
                {
                    try
                    {
                        certs.Add(LoadCertificate(Convert.FromBase64String(c.InnerText.Trim())));
                    }
                    catch (Exception ex) when (ex is FormatException or System.Security.Cryptography.CryptographicException)
                    {
                        throw new TrustedListException("TL_MALFORMED", $"service \"{name}\" has an unreadable certificate");
                    }
                }

                var history = new List<TrustedServiceStatus>();
                AddStatus(info, nsm, history);
                foreach (XmlElement h in svc.SelectNodes("tsl:ServiceHistory/tsl:ServiceHistoryInstance", nsm)!)
                {
                    AddStatus(h, nsm, history);
                }

                services.Add(new TrustedService(provider, name, type, certs, [.. history.OrderByDescending(h => h.Start)]));
            }
        }

        return new TrustedList(territory, op, issued, next, services);
    }

    private static void AddStatus(XmlElement e, XmlNamespaceManager nsm, List<TrustedServiceStatus> history)
    {
        var status = e.SelectSingleNode("tsl:ServiceStatus", nsm)?.InnerText.Trim();
        var start = Time(e.SelectSingleNode("tsl:StatusStartingTime", nsm));
        if (status is null || start is null)
        {
            throw new TrustedListException("TL_MALFORMED", "a service status without ServiceStatus or StatusStartingTime");
        }

        history.Add(new TrustedServiceStatus(status, start.Value));
    }

    private static DateTimeOffset? Time(XmlNode? node) =>
        node is null ? null
        : DateTimeOffset.TryParse(node.InnerText.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t
        : throw new TrustedListException("TL_MALFORMED", $"unreadable date-time \"{node.InnerText}\"");

    private static void CheckSignature(XmlDocument doc, XmlElement root, IReadOnlyList<X509Certificate2> listSigners)
    {
        var signatures = root.GetElementsByTagName("Signature", SignedXml.XmlDsigNamespaceUrl);
        if (signatures.Count != 1 || signatures[0]!.ParentNode != root)
        {
            throw new TrustedListException("TL_SIGNATURE_INVALID", "a trusted list has exactly one enveloped ds:Signature, child of the root");
        }

        var signed = new SignedXml(doc);
        signed.LoadXml((XmlElement)signatures[0]!);
        var rootId = root.GetAttribute("Id");
        var references = signed.SignedInfo!.References.Cast<Reference>().ToList();
        // The signature must cover the whole list: an enveloped reference to the document or to the root's Id.
        if (!references.Any(r => r.Uri == "" || (rootId.Length > 0 && r.Uri == "#" + rootId)))
        {
            throw new TrustedListException("TL_SIGNATURE_INVALID", "the signature does not reference the whole trusted list");
        }

        foreach (var signer in listSigners)
        {
            if (signed.CheckSignature(signer, true))
            {
                return;
            }
        }

        throw new TrustedListException("TL_SIGNATURE_INVALID", "the trusted list's XML signature does not verify with any configured list-signer certificate");
    }

    internal static X509Certificate2 LoadCertificate(byte[] der)
    {
#if NET9_0_OR_GREATER
        return X509CertificateLoader.LoadCertificate(der);
#else
        return new X509Certificate2(der);
#endif
    }
}
