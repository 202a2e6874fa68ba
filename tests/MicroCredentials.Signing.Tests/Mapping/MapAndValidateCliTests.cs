using System.Text.Json.Nodes;
using MicroCredentials.Signing.Cli;
using MicroCredentials.Signing.Mapping;
using MicroCredentials.Signing.Model;
using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.Mapping;

public sealed class MapAndValidateCliTests : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("mcred-model-cli-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    private static Task<(int Code, string Out, string Err)> Run(params string[] args) =>
        CliRunner.RunAsync(args);

    private static string Sample(string file) => TestPaths.RepoFile("samples", "elements", file);

    [Theory]
    [InlineData("2.0", "https://www.w3.org/ns/credentials/v2", "validFrom")]
    [InlineData("1.1", "https://www.w3.org/2018/credentials/v1", "issuanceDate")]
    public async Task Map_elements_writes_an_unsigned_credential(string vc, string context, string dateProperty)
    {
        var output = Path.Combine(temp, "cred.json");
        var (code, _, err) = await Run("map", "--elements", Sample("rich-valid.json"), "--vc", vc, "--out", output, "--credential-id", "urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427");

        Assert.Equal(0, code);
        Assert.Contains("wrote", err, StringComparison.Ordinal);
        var credential = JsonNode.Parse(File.ReadAllText(output))!;
        Assert.Equal(context, (string)credential["@context"]![0]!);
        // The extension's terms inline (issue 15 §5), not the unpublished https://w3id.org/mcred/v1.
        Assert.True(JsonNode.DeepEquals(OpenBadgesMapper.ExtensionContext(), credential["@context"]![2]), credential["@context"]![2]!.ToJsonString());
        Assert.NotNull(credential[dateProperty]);
        Assert.Equal("urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427", (string)credential["id"]!);
        Assert.Equal("MicroCredential", (string)credential["credentialSubject"]!["achievement"]!["achievementType"]!);
    }

    [Fact]
    public async Task Map_from_credential_detects_an_edc_and_reports_it()
    {
        var annex = TestPaths.ConformanceFile("in-the-wild", "elm3-european-learning-model", "samples", "Sample-MC-Annex1-signed.jsonld");
        var (code, stdout, _) = await Run("map", "--from-credential", annex);
        Assert.Equal(0, code);
        var report = JsonNode.Parse(stdout)!;
        Assert.Equal("edc", (string)report["format"]!);
        Assert.True((bool)report["claimsMicroCredential"]!);
        Assert.Equal(["qualityAssurance"], report["missingElements"]!.AsArray().Select(m => (string)m!));
        Assert.Equal("http://data.europa.eu/snb/assessment/de4d165a6c", (string)report["elements"]!["assessmentType"]!);

        var output = Path.Combine(temp, "ob3.json");
        Assert.Equal(0, (await Run("map", "--elements", Sample("rich-valid.json"), "--out", output)).Code);
        Assert.Equal("ob3", (string)JsonNode.Parse((await Run("map", "--from-credential", output)).Out)!["format"]!);
    }

    [Fact]
    public async Task Map_round_trip_through_the_cli_reports_a_complete_micro_credential()
    {
        var output = Path.Combine(temp, "cred.json");
        Assert.Equal(0, (await Run("map", "--elements", Sample("rich-valid.json"), "--out", output)).Code);

        var (code, stdout, _) = await Run("map", "--from-credential", output);

        Assert.Equal(0, code);
        var report = JsonNode.Parse(stdout)!;
        Assert.True((bool)report["complete"]!);
        Assert.Empty(report["missingElements"]!.AsArray());
        Assert.Equal(
            MicroCredentialJson.Serialize(MicroCredentialJson.Parse(File.ReadAllText(Sample("rich-valid.json")))),
            MicroCredentialJson.Serialize(MicroCredentialJson.FromNode(report["elements"])));
    }

    [Fact]
    public async Task Map_from_a_thin_credential_lists_the_missing_elements()
    {
        var (code, stdout, _) = await Run("map", "--from-credential",
            TestPaths.ConformanceFile("in-the-wild", "mynextid-credentials", "microcredential-v1", "open-badge", "open-badge-mc-example.json"));
        Assert.Equal(0, code);
        var report = JsonNode.Parse(stdout)!;
        Assert.False((bool)report["complete"]!);
        Assert.Equal(["issuerLocations", "assessmentType", "participationForm", "qualityAssurance"],
            report["missingElements"]!.AsArray().Select(m => (string)m!));
        Assert.Contains(report["notes"]!.AsArray(), n => (string)n!["code"]! == "CREDITS_UNIT_ASSUMED");
    }

    [Fact]
    public async Task Map_refuses_invalid_elements_with_exit_1_and_the_problems()
    {
        var (code, stdout, err) = await Run("map", "--elements", Sample("invalid-values.json"));
        Assert.Equal(1, code);
        Assert.Contains("problem", err, StringComparison.Ordinal);
        var problems = JsonNode.Parse(stdout)!["problems"]!.AsArray();
        Assert.Contains(problems, p => (string)p!["code"]! == "LEVEL_EQF_OUT_OF_RANGE");
    }

    [Theory]
    [InlineData("map")]
    [InlineData("map --elements a.json --from-credential b.json")]
    [InlineData("map --elements /nonexistent/el.json")]
    [InlineData("map --elements {SAMPLE} --vc 3.0")]
    [InlineData("validate")]
    [InlineData("validate --in /nonexistent/cred.json")]
    public async Task Usage_errors_and_unreadable_input_exit_2(string commandLine)
    {
        var (code, _, err) = await Run(commandLine.Replace("{SAMPLE}", Sample("minimal-valid.json"), StringComparison.Ordinal).Split(' '));
        Assert.Equal(2, code);
        Assert.NotEmpty(err);
    }

    [Fact]
    public async Task Map_rejects_a_document_that_is_not_an_elements_document_with_exit_2()
    {
        var file = Path.Combine(temp, "bad.json");
        await File.WriteAllTextAsync(file, "{\"title\": 42}");
        var (code, _, err) = await Run("map", "--elements", file);
        Assert.Equal(2, code);
        Assert.Contains("JSON_TYPE", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_exits_0_for_a_valid_credential_and_1_for_an_invalid_one()
    {
        var output = Path.Combine(temp, "cred.json");
        Assert.Equal(0, (await Run("map", "--elements", Sample("minimal-valid.json"), "--with-schema", "--out", output)).Code);
        var (ok, okOut, _) = await Run("validate", "--in", output);
        Assert.Equal(0, ok);
        Assert.True((bool)JsonNode.Parse(okOut)!["valid"]!);

        var (bad, badOut, _) = await Run("validate", "--in", TestPaths.ConformanceFile("openbadges-3.0", "validator-samples", "ob30", "simple-err-type.json"));
        Assert.Equal(1, bad);
        Assert.Contains(JsonNode.Parse(badOut)!["errors"]!.AsArray(), e => (string)e!["keyword"]! == "contains");
    }

    [Fact]
    public async Task Validate_exits_2_for_malformed_json()
    {
        var file = Path.Combine(temp, "broken.json");
        await File.WriteAllTextAsync(file, "{ not json");
        Assert.Equal(2, (await Run("validate", "--in", file)).Code);
    }
}
