using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace MicroCredentials.Signing.Tests.Architecture;

/// <summary>The summaries of an assembly's XML documentation file, as one line of Markdown each (for the generated docs).</summary>
internal static partial class XmlDocs
{
    /// <summary>Member id without its kind prefix (e.g. <c>T:</c>, <c>F:</c>) → summary text.</summary>
    public static Dictionary<string, string> Summaries(Assembly assembly, string kind)
    {
        var docs = XDocument.Load(Path.ChangeExtension(assembly.Location, ".xml"));
        return docs.Descendants("member")
            .Where(m => ((string?)m.Attribute("name"))?.StartsWith(kind + ":", StringComparison.Ordinal) == true)
            .ToDictionary(m => ((string)m.Attribute("name")!)[(kind.Length + 1)..], m => Text(m.Element("summary")), StringComparer.Ordinal);
    }

    private static string Text(XElement? summary)
    {
        if (summary is null)
        {
            return "";
        }

        var text = string.Concat(summary.Nodes().Select(n => n switch
        {
            XText t => t.Value,
            XElement { Name.LocalName: "see" } e when e.Attribute("cref") is { } cref => "`" + cref.Value[(cref.Value.LastIndexOfAny(['.', ':']) + 1)..] + "`",
            XElement { Name.LocalName: "see" } e when e.Attribute("langword") is { } w => "`" + w.Value + "`",
            XElement { Name.LocalName: "c" } e => "`" + e.Value + "`",
            XElement e => e.Value,
            _ => "",
        }));
        return Whitespace().Replace(text, " ").Trim().Replace("|", "\\|", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
