using System.Text;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Canonicalization;
using MicroCredentials.Signing.Rdf;
using MicroCredentials.Signing.Shacl;
using MicroCredentials.Signing.Tests.Canonicalization;
using MicroCredentials.Signing.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace MicroCredentials.Signing.Tests.Shacl;

/// <summary>
/// Differential tests against rdf-validate-shacl 0.6.5 and n3 2.13.12 (tests/interop/shacl-validate.mjs): the same
/// sh:conforms on every SHACL Core suite test and on every EC sample EDC against the EDC profile, each validator given
/// the same N-Quads; and the same triples (RDFC-1.0 canonical form) as n3 for every Turtle file in the conformance data.
/// </summary>
public sealed class ShaclDifferentialTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Same_conforms_as_rdf_validate_shacl_on_the_core_suite()
    {
        var tests = ShaclSuite.Tests.Where(t => !ShaclCoreSuiteTests.Excluded.ContainsKey(t.Id)).ToList();
        var inputs = tests.Select(t => (ShaclSuite.ReadTurtle(t.ShapesFile), ShaclSuite.ReadTurtle(t.DataFile))).ToList();
        var verdicts = await RunOracleAsync(inputs);

        var disagreements = new List<string>();
        int sameResults = 0;
        for (var i = 0; i < tests.Count; i++)
        {
            var ours = ShaclValidator.Create(inputs[i].Item1).Validate(inputs[i].Item2);
            var theirs = verdicts[i];
            Assert.True(theirs["error"] is null, $"{tests[i].Id}: rdf-validate-shacl failed: {theirs["error"]}");
            if ((bool)theirs["conforms"]! != ours.Conforms)
            {
                disagreements.Add($"{tests[i].Id}: ours {ours.Conforms}, rdf-validate-shacl {theirs["conforms"]}");
            }

            if (theirs["results"]!.AsArray().Count == ours.Results.Count)
            {
                sameResults++;
            }
        }

        output.WriteLine($"{tests.Count} suite tests: {tests.Count - disagreements.Count} same conforms, {sameResults} same result count");
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
    }

    [Fact]
    public async Task Same_conforms_as_rdf_validate_shacl_on_the_EC_sample_EDCs()
    {
        var shapes = EdcSamples.FullProfile();
        var validator = ShaclValidator.Create(shapes);
        var inputs = new List<(IReadOnlyList<Quad>, IReadOnlyList<Quad>)>();
        foreach (var sample in EdcSamples.JsonLdSamples)
        {
            inputs.Add((shapes, await EdcSamples.ToRdfAsync(sample)));
        }

        var verdicts = await RunOracleAsync(inputs);
        for (var i = 0; i < inputs.Count; i++)
        {
            var ours = validator.Validate(inputs[i].Item2);
            var theirs = verdicts[i];
            Assert.True(theirs["error"] is null, $"rdf-validate-shacl failed: {theirs["error"]}");
            output.WriteLine($"{Path.GetFileName(EdcSamples.JsonLdSamples[i])}: {inputs[i].Item2.Count} quads; ours conforms={ours.Conforms} ({ours.Results.Count} results), "
                + $"rdf-validate-shacl conforms={theirs["conforms"]} ({theirs["results"]!.AsArray().Count} results)");
            foreach (var r in ours.Results)
            {
                output.WriteLine($"  ours: {r.FocusNode} {r.ResultPath} {r.SourceConstraintComponent[ShaclVocabularyPrefix.Length..]} {r.Value} {string.Join(" ", r.Messages.Select(m => m.Value))}");
            }

            foreach (var r in theirs["results"]!.AsArray())
            {
                output.WriteLine($"  theirs: {r!["focus"]} {r["path"]} {r["component"]} {r["value"]} {string.Join(" ", r["message"]!.AsArray())}");
            }

            Assert.Equal((bool)theirs["conforms"]!, ours.Conforms);
            Assert.Equal(theirs["results"]!.AsArray().Count, ours.Results.Count);
        }
    }

    [Fact]
    public async Task Same_triples_as_n3_for_every_turtle_file_in_the_conformance_data()
    {
        var files = Directory.EnumerateFiles(TestPaths.Conformance, "*.ttl", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count >= 130, $"only {files.Count} Turtle files");
        var stdin = new StringBuilder();
        foreach (var f in files)
        {
            stdin.Append(new JsonObject { ["turtle"] = File.ReadAllText(f), ["base"] = new Uri(f).AbsoluteUri }.ToJsonString()).Append('\n');
        }

        var lines = (await NodeInterop.RunAsync("shacl-validate.mjs", stdin.ToString())).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(files.Count, lines.Length);
        var triples = 0;
        for (var i = 0; i < files.Count; i++)
        {
            var theirs = JsonNode.Parse(lines[i])!;
            Assert.True(theirs["error"] is null, $"{files[i]}: n3 failed: {theirs["error"]}");
            var ours = ShaclSuite.ReadTurtle(files[i]);
            triples += ours.Count;
            var expected = Rdfc10.Canonicalize(NQuads.Parse((string)theirs["nquads"]!)).NQuads;
            Assert.True(expected == Rdfc10.Canonicalize(LowercaseLanguageTags(ours)).NQuads, $"{files[i]}: the triples differ from n3's");
        }

        output.WriteLine($"{files.Count} Turtle files, {triples} triples, all equal to n3's");
    }

    /// <summary>n3 lowercases language tags (RDF 1.1 leaves their case insignificant); the reader keeps them as written.</summary>
    private static List<Quad> LowercaseLanguageTags(IReadOnlyList<Quad> quads) =>
        quads.Select(q => q.Object.Language is { } lang ? q with { Object = RdfTerm.Literal(q.Object.Value, language: lang.ToLowerInvariant()) } : q).ToList();

    private const string ShaclVocabularyPrefix = "http://www.w3.org/ns/shacl#";

    private static async Task<List<JsonNode>> RunOracleAsync(List<(IReadOnlyList<Quad> Shapes, IReadOnlyList<Quad> Data)> inputs)
    {
        var stdin = new StringBuilder();
        foreach (var (shapes, data) in inputs)
        {
            stdin.Append(new JsonObject { ["shapes"] = NQuads.Serialize(shapes), ["data"] = NQuads.Serialize(data) }.ToJsonString()).Append('\n');
        }

        var lines = (await NodeInterop.RunAsync("shacl-validate.mjs", stdin.ToString())).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(inputs.Count, lines.Length);
        return lines.Select(l => JsonNode.Parse(l)!).ToList();
    }
}
