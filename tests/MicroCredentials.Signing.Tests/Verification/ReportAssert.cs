using System.Text.Json.Nodes;
using MicroCredentials.Signing.Verification;
using Xunit;

namespace MicroCredentials.Signing.Tests.Verification;

/// <summary>Asserts a report against a checked-in outcome: <c>{verdict, failures[], warnings[]}</c>.</summary>
internal static class ReportAssert
{
    public static void Matches(VerificationReport report, JsonObject expected, string name)
    {
        var verdict = (string)expected["verdict"]!;
        var dump = Describe(report);
        switch (verdict)
        {
            case "valid":
                Assert.True(report.Verified, $"{name}: expected valid\n{dump}");
                Assert.True(!report.Warnings.Any(w => w.Check != VerificationSteps.EuCompleteness), $"{name}: expected no warning besides EU completeness\n{dump}");
                break;
            case "warning":
                Assert.True(report.Verified, $"{name}: expected valid with warnings\n{dump}");
                Assert.True(report.Warnings.Any(w => w.Check != VerificationSteps.EuCompleteness), $"{name}: expected a warning\n{dump}");
                break;
            case "invalid":
                Assert.False(report.Verified, $"{name}: expected invalid\n{dump}");
                Assert.True(expected["failures"] is JsonArray { Count: > 0 }, $"{name}: an invalid outcome must name the failing check");
                break;
            default:
                throw new InvalidOperationException($"{name}: unknown verdict '{verdict}'");
        }

        AssertPresent(report, expected["failures"], CheckStatus.Failed, name, dump);
        AssertPresent(report, expected["warnings"], CheckStatus.Warning, name, dump);
    }

    public static string Describe(VerificationReport report) =>
        string.Join("\n", report.Checks.Select(c => $"  {c.Status,-8} {c.Check,-15} {c.Code} {c.Path} :: {c.Message}"));

    private static void AssertPresent(VerificationReport report, JsonNode? list, CheckStatus status, string name, string dump)
    {
        foreach (var item in (list as JsonArray ?? []).OfType<JsonObject>())
        {
            var check = (string)item["check"]!;
            var code = (string)item["code"]!;
            var path = (string?)item["path"];
            var fragment = (string?)item["messageContains"];
            Assert.True(
                report.Checks.Any(c => c.Status == status && c.Check == check && c.Code == code && (path is null || c.Path == path) && (fragment is null || c.Message.Contains(fragment, StringComparison.Ordinal))),
                $"{name}: expected {status} {check} {code} {path} {fragment}\n{dump}");
        }
    }
}
