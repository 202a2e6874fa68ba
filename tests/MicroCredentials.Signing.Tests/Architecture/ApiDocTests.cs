using System.Reflection;
using System.Text;
using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.Architecture;

/// <summary>
/// docs/api.md is the core's public surface, one section per capability, generated from the assembly: a type made
/// public (or internal) shows up in review as a change to that page. <c>MCRED_UPDATE_DOCS=1</c> rewrites it.
/// </summary>
public sealed class ApiDocTests
{
    private static readonly Assembly Core = typeof(MicroCredentialsException).Assembly;

    // The flow a newcomer reads first; the rest of the page follows the layering of docs/architecture.md.
    private static readonly string[] FlowTypes =
    [
        "Model.MicroCredential", "Model.MicroCredentialJson", "Dids.KeyFile", "Issuance.CredentialIssuer",
        "Verification.CredentialVerifier", "Verification.VerificationReport",
    ];

    [Fact]
    public void Docs_api_md_is_the_generated_public_surface()
    {
        var path = Path.Combine(TestPaths.RepoRoot, "docs", "api.md");
        var expected = Render();
        if (Environment.GetEnvironmentVariable("MCRED_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, expected);
        }

        var actual = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "";
        Assert.True(actual == expected, "docs/api.md is out of date: run `MCRED_UPDATE_DOCS=1 dotnet test --filter ApiDocTests` and commit it.");
    }

    [Fact]
    public void The_flow_types_are_public()
    {
        foreach (var name in FlowTypes)
        {
            Assert.NotNull(Core.GetType("MicroCredentials.Signing." + name, throwOnError: false));
        }
    }

    [Fact]
    public void Public_classes_are_sealed_static_or_abstract()
    {
        // Inheritance is a promise; only the types designed for it (abstract bases) make it.
        var open = Core.GetExportedTypes()
            .Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract && !typeof(Delegate).IsAssignableFrom(t))
            .Select(t => t.FullName)
            .ToList();
        Assert.True(open.Count == 0, "unsealed public classes: " + string.Join(", ", open));
    }

    private static string Render()
    {
        var summaries = XmlDocs.Summaries(Core, "T");
        var layers = LayeringTests.ReadLayers();
        var types = Core.GetExportedTypes().Where(t => !t.IsNested).ToList();

        var sb = new StringBuilder();
        sb.Append("# Public API of `MicroCredentials.Signing`\n\n");
        sb.Append("Generated from the assembly by `Architecture/ApiDocTests` (`MCRED_UPDATE_DOCS=1` rewrites it; the test fails when\n");
        sb.Append("this page and the code disagree). One section per capability, lowest layer first (docs/architecture.md).\n\n");
        sb.Append("**The flow:** `MicroCredentialJson.Parse` → `MicroCredential` → `CredentialIssuer.IssueAsync(elements, KeyFile.CreateSigner())`\n");
        sb.Append("→ signed OB 3.0 credential → `CredentialVerifier.VerifyAsync` → `VerificationReport`.\n\n");
        sb.Append("Public top-level types: **").Append(types.Count).Append("**.\n");
        foreach (var group in types.GroupBy(t => Capability(t.Namespace!)).OrderBy(g => layers.GetValueOrDefault(g.Key, 99)).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            sb.Append("\n## ").Append(group.Key).Append(" (").Append(group.Count()).Append(")\n\n");
            foreach (var type in group.OrderBy(t => t.FullName, StringComparer.Ordinal))
            {
                sb.Append("- `").Append(DisplayName(type)).Append("` ").Append(Kind(type));
                if (summaries.TryGetValue(type.FullName!, out var summary) && summary.Length > 0)
                {
                    sb.Append(": ").Append(FirstSentence(summary));
                }

                sb.Append('\n');
            }
        }

        return sb.ToString();
    }

    private static string Capability(string ns) =>
        ns == "MicroCredentials.Signing" ? "(root)" : ns["MicroCredentials.Signing.".Length..].Split('.')[0];

    private static string DisplayName(Type type)
    {
        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? name : name[..tick] + "<" + string.Join(", ", type.GetGenericArguments().Select(a => a.Name)) + ">";
    }

    private static string Kind(Type type) => type switch
    {
        { IsInterface: true } => "(interface)",
        { IsEnum: true } => "(enum)",
        { IsValueType: true } => "(struct)",
        { IsAbstract: true, IsSealed: true } => "(static)",
        _ when type.GetMethod("<Clone>$") is not null => "(record)",
        { IsAbstract: true } => "(abstract)",
        _ => "(class)",
    };

    private static string FirstSentence(string summary)
    {
        var end = summary.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? summary : summary[..(end + 1)];
    }
}
