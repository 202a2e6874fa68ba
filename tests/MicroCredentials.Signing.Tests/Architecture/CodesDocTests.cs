using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using MicroCredentials.Signing.Cli;
using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.Architecture;

/// <summary>
/// docs/codes.md is generated from the assembly: every public code constant (on a <c>*Codes</c>/<c>*Reasons</c> class
/// or on an exception) with its XML summary, and for error codes the one exit code the CLI gives it. A code added
/// without a summary, or a doc out of date, fails here; <c>MCRED_UPDATE_DOCS=1</c> rewrites the file.
/// </summary>
public sealed partial class CodesDocTests
{
    private static readonly Assembly Core = typeof(MicroCredentialsException).Assembly;

    [Fact]
    public void Every_code_has_one_style_and_a_meaning()
    {
        var codes = Collect();
        Assert.True(codes.Count > 150, $"only {codes.Count} codes found");
        var badStyle = codes.Where(c => !CodeStyle().IsMatch(c.Value)).Select(c => $"{c.Owner}.{c.Name} = {c.Value}").ToList();
        Assert.True(badStyle.Count == 0, "codes not in UPPER_SNAKE style:\n" + string.Join("\n", badStyle));
        var undocumented = codes.Where(c => string.IsNullOrWhiteSpace(c.Summary)).Select(c => $"{c.Owner}.{c.Name}").ToList();
        Assert.True(undocumented.Count == 0, "codes without an XML summary:\n" + string.Join("\n", undocumented));
    }

    [Fact]
    public void One_code_means_one_thing_within_a_family()
    {
        // The same string may be shared across families on purpose (a report code repeating an error code); inside one
        // family two constants with one value would make the table ambiguous.
        var clashes = Collect().GroupBy(c => (c.Family, c.Value)).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key.Value}: {string.Join(", ", g.Select(c => c.Owner + "." + c.Name))}").ToList();
        Assert.True(clashes.Count == 0, string.Join("\n", clashes));
    }

    [Fact]
    public void Docs_codes_md_is_the_generated_table()
    {
        var path = Path.Combine(TestPaths.RepoRoot, "docs", "codes.md");
        var expected = Render(Collect());
        if (Environment.GetEnvironmentVariable("MCRED_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, expected);
        }

        var actual = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "";
        Assert.True(actual == expected, "docs/codes.md is out of date: run `MCRED_UPDATE_DOCS=1 dotnet test --filter CodesDocTests` and commit it.");
    }

    internal sealed record Code(string Family, string Owner, string Name, string Value, string Summary, bool IsError);

    internal static List<Code> Collect()
    {
        var summaries = XmlDocs.Summaries(Core, "F");

        var list = new List<Code>();
        foreach (var type in Core.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            var isException = typeof(MicroCredentialsException).IsAssignableFrom(type);
            if (!isException && !type.Name.EndsWith("Codes", StringComparison.Ordinal) && !type.Name.EndsWith("Reasons", StringComparison.Ordinal))
            {
                continue;
            }

            var owner = type.FullName!["MicroCredentials.Signing.".Length..].Replace('+', '.');
            var family = owner.Split('.')[0];
            var isError = isException || type.Name.EndsWith("ErrorCodes", StringComparison.Ordinal);
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(string)))
            {
                var key = type.FullName!.Replace('+', '.') + "." + field.Name;
                list.Add(new Code(family, owner, field.Name, (string)field.GetRawConstantValue()!, summaries.GetValueOrDefault(key, ""), isError));
            }
        }

        return list;
    }

    private static string Render(List<Code> codes)
    {
        var sb = new StringBuilder();
        sb.Append("# Codes\n\n");
        sb.Append("Every stable code the library reports, generated from the assembly by `Architecture/CodesDocTests` (run it with\n");
        sb.Append("`MCRED_UPDATE_DOCS=1` to rewrite this file; the test fails when the file and the code disagree). Our own codes are\n");
        sb.Append("UPPER_SNAKE; the JSON-LD 1.1 API error codes (`invalid @id value`, `loading remote context failed`, …) are the\n");
        sb.Append("specification's own strings and are reported verbatim in `JsonLdException.Code`.\n\n");
        sb.Append("*Error codes* are the `Code` of a `MicroCredentialsException` (or the `errorCode` of a result); `mcred` exits with\n");
        sb.Append("the one exit code listed (`ExitCodes.OfErrorCode`) whichever command met it: 1 refused, 2 unusable input, 3 a fact\n");
        sb.Append("that could not be established. *Report codes* are findings in a verification report; a report's exit code follows\n");
        sb.Append("its outcome (0 verified, 1 failed, 3 indeterminate).\n");
        foreach (var group in codes.GroupBy(c => c.Owner))
        {
            var first = group.First();
            sb.Append("\n## `").Append(group.Key).Append("` (").Append(first.IsError ? "error codes" : "report codes").Append(")\n\n");
            if (first.IsError)
            {
                sb.Append("| Code | Constant | Exit | Meaning |\n| --- | --- | --- | --- |\n");
            }
            else
            {
                sb.Append("| Code | Constant | Meaning |\n| --- | --- | --- |\n");
            }

            foreach (var c in group)
            {
                sb.Append("| `").Append(c.Value).Append("` | `").Append(c.Name).Append("` | ");
                if (c.IsError)
                {
                    sb.Append(ExitCodes.OfErrorCode(c.Value)).Append(" | ");
                }

                sb.Append(c.Summary).Append(" |\n");
            }
        }

        return sb.ToString();
    }

    [GeneratedRegex("^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")]
    private static partial Regex CodeStyle();

}
