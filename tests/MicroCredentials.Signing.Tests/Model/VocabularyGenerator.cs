using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace MicroCredentials.Signing.Tests.Model;

/// <summary>
/// Generates <c>schemas/vocabularies/*.tsv</c> (embedded in the library, read by <c>Vocabularies</c>) from the EU
/// controlled vocabularies in <c>../shared/conformance/elm3/xsd/loq/cv/*.xsd</c>: one line per <c>xs:enumeration</c>,
/// the concept URI (after the common base) and its English label (<c>xs:documentation</c>, whitespace collapsed).
/// The first two lines are <c>scheme</c> (the XSD's target namespace, the concept scheme URI) and <c>base</c>.
/// </summary>
internal static partial class VocabularyGenerator
{
    /// <summary>Vocabulary file name (without .tsv) → source XSD file name.</summary>
    public static IReadOnlyList<(string Name, string Xsd)> Sources { get; } =
    [
        ("eqf", "eqf.xsd"),
        ("nqf", "nqf.xsd"),
        ("isced-f", "isced-f.xsd"),
        ("credit-points", "credit-points.xsd"),
        ("assessment-types", "europass-learning-assessment-types.xsd"),
        ("modes", "europass-modes.xsd"),
        ("learning-settings", "europass-learning-setting-types.xsd"),
        ("learning-schedules", "europass-learning-schedule-types.xsd"),
        ("countries", "country.xsd"),
        ("languages", "language.xsd"),
        ("credential-types", "europass-credential-types.xsd"),
        ("accreditation-types", "europass-accreditation-types.xsd"),
        ("content-encodings", "europass-content-encoding-types.xsd"),
        ("file-types", "file-type.xsd"),
    ];

    private static readonly XNamespace Xs = "http://www.w3.org/2001/XMLSchema";

    /// <summary>The generated file content for one XSD.</summary>
    public static string Generate(string xsdPath)
    {
        var doc = XDocument.Load(xsdPath);
        var scheme = (string?)doc.Root!.Attribute("targetNamespace") ?? throw new InvalidDataException(xsdPath + ": no targetNamespace");
        var concepts = doc.Descendants(Xs + "enumeration")
            .Select(e => (Uri: (string)e.Attribute("value")!, Label: Collapse((string?)e.Descendants(Xs + "documentation").FirstOrDefault() ?? string.Empty)))
            .OrderBy(c => c.Uri, StringComparer.Ordinal)
            .ToList();
        var first = concepts[0].Uri;
        var common = first[..(first.LastIndexOf('/') + 1)];
        foreach (var (uri, _) in concepts)
        {
            while (!uri.StartsWith(common, StringComparison.Ordinal))
            {
                common = common[..(common.TrimEnd('/').LastIndexOf('/') + 1)];
            }
        }

        var sb = new StringBuilder();
        sb.Append("scheme\t").Append(scheme).Append('\n');
        sb.Append("base\t").Append(common).Append('\n');
        foreach (var (uri, label) in concepts)
        {
            sb.Append(uri[common.Length..]).Append('\t').Append(label).Append('\n');
        }

        return sb.ToString();
    }

    private static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex("\\s+")]
    private static partial Regex Whitespace();
}
