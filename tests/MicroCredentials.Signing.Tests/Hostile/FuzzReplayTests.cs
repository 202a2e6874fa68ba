using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.Hostile;

/// <summary>
/// Replays every seed of the fuzzing corpus and every past fuzzing finding through the same targets the SharpFuzz
/// harness runs: a finding that comes back, or a seed that starts escaping the documented errors, fails here.
/// </summary>
public sealed class FuzzReplayTests
{
    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        foreach (var root in new[] { CorpusRoot, FindingsRoot })
        {
            foreach (var dir in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
            {
                foreach (var file in Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal))
                {
                    data.Add(Path.GetFileName(dir), Path.GetRelativePath(TestPaths.RepoRoot, file));
                }
            }
        }

        return data;
    }

    private static string CorpusRoot => TestPaths.RepoFile("tests", "MicroCredentials.Signing.Fuzz", "corpus");

    private static string FindingsRoot => TestPaths.RepoFile("tests", "MicroCredentials.Signing.Tests", "Hostile", "Findings");

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Input_stays_within_the_targets_documented_errors(string target, string relativePath)
    {
        var fuzzTarget = FuzzTargets.Find(target);
        Assert.True(fuzzTarget is not null, $"folder '{target}' names no fuzz target");
        fuzzTarget.Run(File.ReadAllBytes(Path.Combine(TestPaths.RepoRoot, relativePath)));
    }

    [Fact]
    public void Every_target_has_a_seed_corpus()
    {
        foreach (var t in FuzzTargets.All)
        {
            var dir = Path.Combine(CorpusRoot, t.Name);
            Assert.True(Directory.Exists(dir) && Directory.EnumerateFiles(dir).Any(), $"no seeds in {dir}");
        }
    }
}
