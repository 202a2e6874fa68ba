using MicroCredentials.Signing.Schemas.Validation;
using Xunit;

namespace MicroCredentials.Signing.Tests.Schemas;

/// <summary>
/// One xunit case per JSON-Schema-Test-Suite test: every required test (top-level files) of 2019-09 and 2020-12, and the
/// optional/format files of the formats the validator asserts, run with format assertion on.
/// </summary>
public class JsonSchemaConformanceTests
{
    public static TheoryData<string, string, int, int, string> Required() => Data(JsonSchemaTestSuite.RequiredFiles);

    public static TheoryData<string, string, int, int, string> OptionalFormats() => Data(JsonSchemaTestSuite.FormatFiles);

    [Theory]
    [MemberData(nameof(Required))]
    public void Required_suite_test_passes(string draft, string file, int group, int test, string description) =>
        Check(SuiteCase.Of(draft, file, group, test), description);

    [Theory]
    [MemberData(nameof(OptionalFormats))]
    public void Format_suite_test_passes_with_format_assertion(string draft, string file, int group, int test, string description) =>
        Check(SuiteCase.Of(draft, file, group, test), description);

    [Fact]
    public void Every_exclusion_names_an_optional_test_that_still_fails()
    {
        var all = new[] { SchemaDraft.Draft201909, SchemaDraft.Draft202012 }
            .SelectMany(d => JsonSchemaTestSuite.Cases(d, JsonSchemaTestSuite.FormatFiles(d)))
            .ToDictionary(c => c.Key, StringComparer.Ordinal);
        foreach (var (key, reason) in JsonSchemaTestSuite.Excluded)
        {
            Assert.True(all.TryGetValue(key, out var c), $"excluded test not found among the asserted format files: {key}");
            Assert.False(string.IsNullOrWhiteSpace(reason));
            var (expected, verdict, _) = JsonSchemaTestSuite.Run(c!);
            Assert.True(expected != verdict, $"excluded test now passes; remove the exclusion: {key}");
        }
    }

    [Fact]
    public void Both_drafts_have_the_expected_number_of_required_tests()
    {
        // Guards against the data silently shrinking (a missing file would otherwise just mean fewer cases).
        Assert.Equal(1259, JsonSchemaTestSuite.Cases(SchemaDraft.Draft201909, JsonSchemaTestSuite.RequiredFiles(SchemaDraft.Draft201909)).Count());
        Assert.Equal(1299, JsonSchemaTestSuite.Cases(SchemaDraft.Draft202012, JsonSchemaTestSuite.RequiredFiles(SchemaDraft.Draft202012)).Count());
    }

    private static TheoryData<string, string, int, int, string> Data(Func<SchemaDraft, IEnumerable<string>> files)
    {
        var data = new TheoryData<string, string, int, int, string>();
        foreach (var draft in new[] { SchemaDraft.Draft201909, SchemaDraft.Draft202012 })
        {
            foreach (var c in JsonSchemaTestSuite.Cases(draft, files(draft)))
            {
                if (!JsonSchemaTestSuite.Excluded.ContainsKey(c.Key))
                {
                    data.Add(JsonSchemaTestSuite.Draft(draft), c.File, c.Group, c.Test, c.Description);
                }
            }
        }

        return data;
    }

    private static void Check(SuiteCase c, string description)
    {
        var (expected, verdict, errors) = JsonSchemaTestSuite.Run(c);
        Assert.True(expected == verdict, $"{c.Key}: expected {(expected ? "valid" : "invalid")} ({description})");
        Assert.True(verdict == (errors == 0), $"{c.Key}: the verdict ({verdict}) and the error walk ({errors} errors) disagree");
    }
}
