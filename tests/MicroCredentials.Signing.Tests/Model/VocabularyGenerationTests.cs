using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.Model;

/// <summary>
/// The checked-in vocabularies (<c>schemas/vocabularies/*.tsv</c>) are exactly what <see cref="VocabularyGenerator"/>
/// makes of the EU XSDs. Set <c>MCRED_REGENERATE_VOCABULARIES=1</c> to rewrite them (then review and commit the diff).
/// </summary>
public class VocabularyGenerationTests
{
    public static TheoryData<string, string> Sources()
    {
        var data = new TheoryData<string, string>();
        foreach (var (name, xsd) in VocabularyGenerator.Sources)
        {
            data.Add(name, xsd);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Checked_in_vocabulary_equals_the_one_regenerated_from_the_xsd(string name, string xsd)
    {
        var generated = VocabularyGenerator.Generate(TestPaths.ConformanceFile("elm3", "xsd", "loq", "cv", xsd));
        var path = TestPaths.RepoFile("schemas", "vocabularies", name + ".tsv");
        if (Environment.GetEnvironmentVariable("MCRED_REGENERATE_VOCABULARIES") == "1")
        {
            File.WriteAllText(path, generated);
        }

        Assert.True(File.Exists(path), $"{path} is missing; run this test with MCRED_REGENERATE_VOCABULARIES=1");
        Assert.True(generated == File.ReadAllText(path), $"{path} differs from what {xsd} generates; run this test with MCRED_REGENERATE_VOCABULARIES=1 and commit the result");
    }

    [Fact]
    public void Every_generated_vocabulary_file_has_a_source()
    {
        var files = Directory.EnumerateFiles(TestPaths.RepoFile("schemas", "vocabularies"), "*.tsv").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
        Assert.Equal(VocabularyGenerator.Sources.Select(s => s.Name).Order(StringComparer.Ordinal), files);
    }
}
