using System.Text.Json.Nodes;
using MicroCredentials.Signing.Rdf;
using MicroCredentials.Signing.Shacl;
using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.Shacl;

/// <summary><c>mcred validate --shacl</c>: the report as JSON, exit 0 conforms, 1 not, 2 unusable input.</summary>
public sealed class ShaclCliTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("mcred-shacl-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public async Task EC_sample_EDC_fails_the_full_profile_on_issued_and_the_issuer_legal_identifier()
    {
        var map = Path.Combine(dir, "contexts.json");
        File.WriteAllText(map, new JsonObject { [EdcSamples.EdcContextUrl] = EdcSamples.ContextFile }.ToJsonString());

        var (exit, stdout, stderr) = await CliRunner.RunAsync(
            "validate", "--shacl", EdcSamples.FullShapes, "--shacl", EdcSamples.NoCvShapes, "--in", EdcSamples.JsonLdSamples[1], "--context-map", map);

        Assert.Equal(1, exit);
        Assert.Contains("2 SHACL validation result(s)", stderr, StringComparison.Ordinal);
        var report = JsonNode.Parse(stdout)!;
        Assert.False((bool)report["conforms"]!);
        var results = report["results"]!.AsArray();
        Assert.Equal(2, results.Count);
        var issued = Assert.Single(results, r => (string?)r!["resultPath"] == "<https://www.w3.org/2018/credentials#issued>")!;
        Assert.Equal("http://www.w3.org/ns/shacl#MinCountConstraintComponent", (string)issued["sourceConstraintComponent"]!);
        Assert.Equal("<urn:credential:3ef0ac26-9a1f-41c6-871b-2b82e670907b>", (string)issued["focusNode"]!);
        Assert.Null(issued["value"]);
        var issuer = Assert.Single(results, r => (string?)r!["resultPath"] == "<https://www.w3.org/2018/credentials#issuer>")!;
        Assert.Equal("<urn:epass:org:1>", (string)issuer["value"]!);
        Assert.Equal("http://www.w3.org/ns/shacl#NodeConstraintComponent", (string)issuer["sourceConstraintComponent"]!);
    }

    [Fact]
    public async Task A_term_the_contexts_drop_is_named_in_a_note()
    {
        var map = Path.Combine(dir, "contexts.json");
        File.WriteAllText(map, new JsonObject { [EdcSamples.EdcContextUrl] = EdcSamples.ContextFile }.ToJsonString());

        // The EC's credential-sample.jsonld spells eIDAS\u0399dentifier with a Greek capital iota: JSON-LD drops it.
        var (exit, _, stderr) = await CliRunner.RunAsync(
            "validate", "--shacl", EdcSamples.FullShapes, "--shacl", EdcSamples.NoCvShapes, "--in", EdcSamples.JsonLdSamples[2], "--context-map", map);

        Assert.Equal(1, exit);
        Assert.True(stderr.StartsWith("note: JSONLD_SAFE_MODE_DROPPED_PROPERTY", StringComparison.Ordinal), stderr);
        Assert.Contains("eIDAS\u0399dentifier", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Conforming_turtle_data_exits_zero_and_nquads_data_gives_the_same_report()
    {
        var test = ShaclSuite.Tests.First(t => t.Conforms && t.DataFile != t.ShapesFile);
        var (exit, stdout, _) = await CliRunner.RunAsync("validate", "--shacl", test.ShapesFile, "--in", test.DataFile);
        Assert.Equal(0, exit);
        Assert.True((bool)JsonNode.Parse(stdout)!["conforms"]!);
        Assert.Empty(JsonNode.Parse(stdout)!["results"]!.AsArray());

        var failing = ShaclSuite.Tests.First(t => t.Id == "node/class-001");
        var nq = Path.Combine(dir, "data.nq");
        File.WriteAllText(nq, NQuads.Serialize(ShaclSuite.ReadTurtle(failing.DataFile)));
        var fromTurtle = await CliRunner.RunAsync("validate", "--shacl", failing.ShapesFile, "--in", failing.DataFile);
        var fromNQuads = await CliRunner.RunAsync("validate", "--shacl", failing.ShapesFile, "--in", nq);
        Assert.Equal(1, fromTurtle.Exit);
        Assert.Equal(1, fromNQuads.Exit);
        Assert.Equal(2, JsonNode.Parse(fromTurtle.Out)!["results"]!.AsArray().Count);
        Assert.Equal(fromTurtle.Out, fromNQuads.Out);
    }

    [Fact]
    public async Task Turtle_sample_credential_gets_the_library_report()
    {
        var data = TestPaths.ConformanceFile("elm3", "rdf", "samples", "credential-sample-turtle.ttl");
        var expected = ShaclValidator.Create(EdcSamples.FullProfile()).Validate(ShaclSuite.ReadTurtle(data));

        var (exit, stdout, _) = await CliRunner.RunAsync("validate", "--shacl", EdcSamples.FullShapes, "--shacl", EdcSamples.NoCvShapes, "--in", data);

        Assert.Equal(expected.Conforms ? 0 : 1, exit);
        Assert.Equal(expected.Results.Count, JsonNode.Parse(stdout)!["results"]!.AsArray().Count);
    }

    [Fact]
    public async Task Ill_formed_shape_is_unusable_input()
    {
        var shapes = Write("bad.ttl", "@prefix sh: <http://www.w3.org/ns/shacl#> .\n<urn:s> sh:targetNode <urn:a> ; sh:path <urn:p> ; sh:minCount \"many\" .\n");
        var data = Write("data.ttl", "<urn:a> <urn:p> <urn:b> .\n");

        var (exit, stdout, stderr) = await CliRunner.RunAsync("validate", "--shacl", shapes, "--in", data);

        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.Contains(ShaclErrorCodes.IllFormedShape, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_turtle_data_names_the_code_line_and_column()
    {
        var shapes = Write("shapes.ttl", "@prefix sh: <http://www.w3.org/ns/shacl#> .\n<urn:s> sh:targetNode <urn:a> ; sh:class <urn:C> .\n");
        var data = Write("broken.ttl", "<urn:a> <urn:p> <urn:b> .\n<urn:a> <urn:p> \"unterminated .\n");

        var (exit, _, stderr) = await CliRunner.RunAsync("validate", "--shacl", shapes, "--in", data);

        Assert.Equal(2, exit);
        Assert.Contains("broken.ttl", stderr, StringComparison.Ordinal);
        Assert.True(stderr.Contains("TURTLE_SYNTAX: Turtle line 2:32: line break in a short string", StringComparison.Ordinal), stderr);
    }

    [Fact]
    public async Task Context_map_without_shacl_is_a_usage_error()
    {
        var cred = Write("cred.json", "{}");
        var (exit, _, stderr) = await CliRunner.RunAsync("validate", "--in", cred, "--context-map", cred);
        Assert.Equal(2, exit);
        Assert.Contains("--context-map applies only with --shacl", stderr, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
