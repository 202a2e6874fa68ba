using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace MicroCredentials.Signing.Baking;

/// <summary>
/// SVG baking: <c>&lt;openbadges:credential&gt;</c> (namespace <c>https://purl.imsglobal.org/ob/v3p0</c>) as the
/// first child of the root, holding the JSON credential in CDATA or a compact JWS in its <c>verify</c> attribute.
/// XML is read with DTDs prohibited, no resolver and a character cap, so entities are never expanded or fetched.
/// </summary>
internal static class SvgBaking
{
    internal const string Namespace = "https://purl.imsglobal.org/ob/v3p0";

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public static BakedCredential Extract(ReadOnlySpan<byte> svg, BakingLimits limits)
    {
        string? found = null;
        string? bearer = null;
        var isJwt = false;
        var elements = 0;
        Run(svg, limits, reader =>
        {
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (++elements > limits.MaxChunkCount)
                {
                    throw new BakingException(BakingException.TooManyChunks, $"The SVG has more than {limits.MaxChunkCount} elements.");
                }

                if (!IsCredentialBearing(reader.LocalName, reader.NamespaceURI, reader.Prefix))
                {
                    continue;
                }

                if (bearer is not null)
                {
                    throw new BakingException(BakingException.Ambiguous, $"The SVG holds more than one credential-bearing element ({bearer} and {Describe(reader)}).");
                }

                bearer = Describe(reader);
                if (reader.LocalName != "credential" || reader.NamespaceURI != Namespace)
                {
                    continue; // refused after the scan, unless a second bearer makes the image ambiguous first
                }

                var verify = reader.GetAttribute("verify");
                var otherVerify = 0;
                if (reader.MoveToFirstAttribute())
                {
                    do
                    {
                        if (reader.LocalName == "verify" && reader.NamespaceURI.Length > 0)
                        {
                            otherVerify++;
                        }
                    }
                    while (reader.MoveToNextAttribute());
                    reader.MoveToElement();
                }

                var text = new StringBuilder();
                if (!reader.IsEmptyElement)
                {
                    var depth = reader.Depth;
                    while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
                    {
                        if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
                        {
                            text.Append(reader.Value);
                            if (text.Length > limits.MaxCredentialBytes)
                            {
                                throw new BakingException(BakingException.ChunkTooLarge, $"The baked credential is longer than {limits.MaxCredentialBytes} characters.");
                            }
                        }
                        else if (reader.NodeType == XmlNodeType.Element)
                        {
                            throw new BakingException(BakingException.Malformed, "openbadges:credential holds markup instead of a credential.");
                        }
                    }
                }

                var content = text.ToString().Trim();

                // A reader preferring the attribute and one preferring the content (or a prefixed verify) would disagree.
                if ((verify is not null ? 1 : 0) + (content.Length > 0 ? 1 : 0) + otherVerify > 1)
                {
                    throw new BakingException(BakingException.Ambiguous, "openbadges:credential holds a credential in more than one place (verify attribute and content).");
                }

                isJwt = verify is not null;
                found = isJwt ? verify!.Trim() : content;
                CheckSize(found, limits);
            }
        });

        if (bearer is not null && found is null)
        {
            throw new BakingException(BakingException.NotFound, $"The SVG holds {bearer}, not an Open Badges 3.0 openbadges:credential element.");
        }

        if (string.IsNullOrEmpty(found))
        {
            throw new BakingException(BakingException.NotFound, "The SVG holds no openbadges:credential element with content.");
        }

        return new BakedCredential(BadgeImageFormat.Svg, found, isJwt);
    }

    public static byte[] Bake(ReadOnlySpan<byte> svg, string credentialText, bool isJwt, BakingLimits limits)
    {
        CheckSize(credentialText, limits);
        XDocument document = null!;
        var elements = 0;
        Run(svg, limits, reader =>
        {
            document = XDocument.Load(new CountingReader(reader, limits, () => ++elements), LoadOptions.PreserveWhitespace);
        });

        var root = document.Root ?? throw new BakingException(BakingException.Malformed, "The SVG has no root element.");
        XNamespace ob = Namespace;
        root.Descendants()
            .Where(e => IsCredentialBearing(e.Name.LocalName, e.Name.NamespaceName, e.GetPrefixOfNamespace(e.Name.Namespace) ?? ""))
            .ToList()
            .ForEach(e => e.Remove());
        if (root.Attribute(XNamespace.Xmlns + "openbadges") is null)
        {
            root.SetAttributeValue(XNamespace.Xmlns + "openbadges", Namespace);
        }

        var credential = isJwt
            ? new XElement(ob + "credential", new XAttribute("verify", credentialText))
            : new XElement(ob + "credential", new XCData(credentialText));
        root.AddFirst(credential);

        using var output = new MemoryStream();
        using (var writer = XmlWriter.Create(output, new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(false),
            OmitXmlDeclaration = document.Declaration is null,
            Indent = false,
        }))
        {
            document.Save(writer);
        }

        var baked = output.ToArray();
        if (baked.Length > limits.MaxImageBytes)
        {
            throw new BakingException(BakingException.TooLarge, $"The baked image would be {baked.Length} bytes; the limit is {limits.MaxImageBytes}.");
        }

        return baked;
    }

    /// <summary>
    /// True for an element any badge reader might take for a baked credential: <c>credential</c> (OB 3.0) or
    /// <c>assertion</c> (OB 2.0) in an Open Badges namespace, or under the conventional <c>openbadges</c> prefix
    /// whatever it is bound to, since readers that match on the qualified name never look at the binding.
    /// </summary>
    private static bool IsCredentialBearing(string localName, string namespaceUri, string prefix) =>
        localName is "credential" or "assertion"
        && (prefix == "openbadges"
            || namespaceUri.Contains("openbadges.org", StringComparison.OrdinalIgnoreCase)
            || namespaceUri.Contains("purl.imsglobal.org/ob/", StringComparison.OrdinalIgnoreCase));

    private static string Describe(XmlReader reader) => $"<{reader.Name}> in namespace '{reader.NamespaceURI}'";

    private static void CheckSize(string text, BakingLimits limits)
    {
        if (text.Length > limits.MaxCredentialBytes || Encoding.UTF8.GetByteCount(text) > limits.MaxCredentialBytes)
        {
            throw new BakingException(BakingException.ChunkTooLarge, $"The baked credential is larger than {limits.MaxCredentialBytes} bytes.");
        }
    }

    private static void Run(ReadOnlySpan<byte> svg, BakingLimits limits, Action<XmlReader> action)
    {
        if (svg.Length > limits.MaxImageBytes)
        {
            throw new BakingException(BakingException.TooLarge, $"The image is {svg.Length} bytes; the limit is {limits.MaxImageBytes}.");
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(svg);
        }
        catch (DecoderFallbackException ex)
        {
            throw new BakingException(BakingException.Malformed, "The SVG is not UTF-8.", ex);
        }

        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = limits.MaxImageBytes,
            MaxCharactersFromEntities = 1024,
            IgnoreProcessingInstructions = true,
            CloseInput = true,
        };
        try
        {
            using var reader = XmlReader.Create(new StringReader(text.TrimStart('\uFEFF')), settings);
            action(reader);
        }
        catch (XmlException ex) when (HasDoctype(text))
        {
            throw new BakingException(BakingException.DtdProhibited, "The SVG has a document type declaration; DTDs are prohibited.", ex);
        }
        catch (XmlException ex)
        {
            throw new BakingException(BakingException.Malformed, "The SVG is not well-formed XML: " + ex.Message, ex);
        }
    }

    // The reader has already refused the document; this only picks the more precise code.
    private static bool HasDoctype(string text) => text.Contains("<!DOCTYPE", StringComparison.Ordinal);

    /// <summary>Counts elements while XDocument loads, so a huge flat SVG is refused at the limit.</summary>
    private sealed class CountingReader(XmlReader inner, BakingLimits limits, Func<int> increment) : XmlReader
    {
        public override int AttributeCount => inner.AttributeCount;

        public override string BaseURI => inner.BaseURI;

        public override int Depth => inner.Depth;

        public override bool EOF => inner.EOF;

        public override bool IsEmptyElement => inner.IsEmptyElement;

        public override string LocalName => inner.LocalName;

        public override string NamespaceURI => inner.NamespaceURI;

        public override XmlNameTable NameTable => inner.NameTable;

        public override XmlNodeType NodeType => inner.NodeType;

        public override string Prefix => inner.Prefix;

        public override ReadState ReadState => inner.ReadState;

        public override string Value => inner.Value;

        public override string GetAttribute(int i) => inner.GetAttribute(i);

        public override string? GetAttribute(string name) => inner.GetAttribute(name);

        public override string? GetAttribute(string name, string? namespaceURI) => inner.GetAttribute(name, namespaceURI);

        public override string? LookupNamespace(string prefix) => inner.LookupNamespace(prefix);

        public override bool MoveToAttribute(string name) => inner.MoveToAttribute(name);

        public override bool MoveToAttribute(string name, string? ns) => inner.MoveToAttribute(name, ns);

        public override bool MoveToElement() => inner.MoveToElement();

        public override bool MoveToFirstAttribute() => inner.MoveToFirstAttribute();

        public override bool MoveToNextAttribute() => inner.MoveToNextAttribute();

        public override bool Read()
        {
            var read = inner.Read();
            if (read && inner.NodeType == XmlNodeType.Element && increment() > limits.MaxChunkCount)
            {
                throw new BakingException(BakingException.TooManyChunks, $"The SVG has more than {limits.MaxChunkCount} elements.");
            }

            return read;
        }

        public override bool ReadAttributeValue() => inner.ReadAttributeValue();

        public override void ResolveEntity() => inner.ResolveEntity();
    }
}
