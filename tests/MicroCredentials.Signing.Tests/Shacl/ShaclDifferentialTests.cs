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

            var ourKeys = ours.Results.Select(OracleKey).Order(StringComparer.Ordinal).ToList();
            var theirKeys = theirs["results"]!.AsArray().Select(OracleKey).Order(StringComparer.Ordinal).ToList();
            if (ourKeys.SequenceEqual(theirKeys))
            {
                sameResults++;
            }
            else
            {
                output.WriteLine($"{tests[i].Id}: results differ\n  ours: {string.Join("\n        ", ourKeys)}\n  theirs: {string.Join("\n          ", theirKeys)}");
            }
        }

        output.WriteLine($"{tests.Count} suite tests: {tests.Count - disagreements.Count} same conforms, {sameResults} same results");
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
        // Today the two agree result for result on every test; a difference must be looked at, not absorbed.
        Assert.Equal(tests.Count, sameResults);
    }

    [Fact]
    public async Task Same_report_as_rdf_validate_shacl_on_the_EC_sample_EDCs()
    {
        var shapes = EdcSamples.FullProfile();
        var validator = ShaclValidator.Create(shapes);
        var samples = EdcSamples.AllCredentials();
        Assert.Equal(6, samples.Count);
        var inputs = new List<(IReadOnlyList<Quad>, IReadOnlyList<Quad>)>();
        foreach (var (_, credential) in samples)
        {
            inputs.Add((shapes, await EdcSamples.ToRdfAsync(credential)));
        }

        var verdicts = await RunOracleAsync(inputs);
        var failures = new List<string>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var ours = validator.Validate(inputs[i].Item2);
            var theirs = verdicts[i];
            Assert.True(theirs["error"] is null, $"rdf-validate-shacl failed: {theirs["error"]}");
            output.WriteLine($"{samples[i].Name}: {inputs[i].Item2.Count} quads; conforms {ours.Conforms} / rdf-validate-shacl {theirs["conforms"]}");
            foreach (var r in ours.Results)
            {
                output.WriteLine($"  {r.FocusNode} {r.ResultPath} {r.SourceConstraintComponent[ShaclVocabularyPrefix.Length..]} {r.Value} \"{string.Join(" ", r.Messages.Select(m => m.Value))}\"");
            }

            // What docs/shacl.md reports: the sealed payloads conform (sealing adds issued and the issuer's eIDAS
            // identifier); every unsigned form fails, on issued and/or the issuer's legal identifier.
            Assert.Equal(samples[i].Name.EndsWith("-signed.jsonld (payload)", StringComparison.Ordinal), ours.Conforms);
            if ((bool)theirs["conforms"]! != ours.Conforms)
            {
                failures.Add($"{samples[i].Name}: conforms ours {ours.Conforms}, theirs {theirs["conforms"]}");
            }

            var ourKeys = ours.Results.Select(OracleKey).Order(StringComparer.Ordinal).ToList();
            var theirKeys = theirs["results"]!.AsArray().Select(OracleKey).Order(StringComparer.Ordinal).ToList();
            if (!ourKeys.SequenceEqual(theirKeys))
            {
                failures.Add($"{samples[i].Name}: results differ\n  ours: {string.Join("\n        ", ourKeys)}\n  theirs: {string.Join("\n          ", theirKeys)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
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

    /// <summary>A result as both validators can state it: predicate paths by IRI, any other path or blank node as "_:".</summary>
    private static string OracleKey(ShaclValidationResult r) => string.Join(" | ",
        Term(r.FocusNode), r.ResultPath is { } p && !p.StartsWith('(') && !p.StartsWith('^') ? p : r.ResultPath is null ? "-" : "_:",
        r.Value is { } v ? Term(v) : "-", Term(r.SourceShape), r.SourceConstraintComponent, r.Severity);

    private static string OracleKey(JsonNode? r) => string.Join(" | ",
        (string)r!["focus"]!, (string?)r["path"] ?? "-", (string?)r["value"] ?? "-", (string)r["shape"]!, (string)r["component"]!, (string)r["severity"]!);

    /// <summary>The script's rendering: IRIs in angle brackets, literals quoted with @lang or ^^&lt;datatype&gt;, blank nodes "_:".</summary>
    private static string Term(RdfTerm t) => t.Kind switch
    {
        RdfTermKind.BlankNode => "_:",
        RdfTermKind.Literal => "\"" + t.Value + "\"" + (t.Language is { } l ? "@" + l : "^^<" + t.Datatype + ">"),
        _ => "<" + t.Value + ">",
    };

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
