using MicroCredentials.Signing.Shacl;
using Xunit;
using Xunit.Abstractions;

namespace MicroCredentials.Signing.Tests.Shacl;

/// <summary>
/// Every test of the W3C SHACL Core suite: the same sh:conforms, and the same multiset of results (focus node, result
/// path, value, source shape, constraint component, severity; blank nodes compared as "some blank node"). sh:resultMessage
/// is not compared, as the suite allows. Tests left out are in <see cref="Excluded"/>, each with its reason, and are
/// asserted to still exist so the list cannot drift.
/// </summary>
public sealed class ShaclCoreSuiteTests(ITestOutputHelper output)
{
    /// <summary>Suite tests not run, with why (mirrored in docs/shacl.md).</summary>
    internal static readonly IReadOnlyDictionary<string, string> Excluded = new Dictionary<string, string>(StringComparer.Ordinal)
    {
    };

    public static TheoryData<string> TestIds()
    {
        var data = new TheoryData<string>();
        foreach (var t in ShaclSuite.Tests)
        {
            if (!Excluded.ContainsKey(t.Id))
            {
                data.Add(t.Id);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TestIds))]
    public void Core_suite_test_passes(string id)
    {
        var test = ShaclSuite.Tests.Single(t => t.Id == id);
        var validator = ShaclValidator.Create(ShaclSuite.ReadTurtle(test.ShapesFile));
        var report = validator.Validate(ShaclSuite.ReadTurtle(test.DataFile));

        var actual = report.Results.Select(ShaclSuite.Key).Order(StringComparer.Ordinal).ToList();
        var expected = test.ExpectedResults.Order(StringComparer.Ordinal).ToList();
        output.WriteLine("expected:\n  " + string.Join("\n  ", expected) + "\nactual:\n  " + string.Join("\n  ", actual));
        Assert.Equal(test.Conforms, report.Conforms);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Suite_is_complete_and_every_exclusion_names_a_real_test()
    {
        var ids = ShaclSuite.Tests.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        Assert.True(ids.Count >= 98, $"only {ids.Count} tests found in the manifests");
        Assert.All(Excluded.Keys, id => Assert.Contains(id, ids));
        output.WriteLine($"{ids.Count} tests, {ids.Count - Excluded.Count} run, {Excluded.Count} excluded");
    }
}
