using System.Text.Json.Nodes;
using MicroCredentials.Signing.Mapping;
using MicroCredentials.Signing.Schemas;
using MicroCredentials.Signing.Tests.Mapping;
using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.Schemas;

public class CredentialSchemaValidatorTests
{
    private static readonly JsonObject Expectations = JsonNode.Parse(File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "TestData", "Schemas", "ob30-schema-expectations.json")))!.AsObject();

    public static TheoryData<string> Ob30Samples()
    {
        var data = new TheoryData<string>();
        foreach (var (key, _) in Expectations)
        {
            if (!key.StartsWith('_'))
            {
                data.Add(key);
            }
        }

        return data;
    }

    [Fact]
    public void Expectations_cover_every_sample_credential_on_disk()
    {
        var root = TestPaths.ConformanceFile("openbadges-3.0");
        var onDisk = Directory.EnumerateFiles(Path.Combine(root, "validator-samples", "ob30"), "*.json", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "examples"), "*.json"))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => f != "examples/index.json")
            .Order(StringComparer.Ordinal);
        var listed = Expectations.Select(p => p.Key).Where(k => !k.StartsWith('_')).Order(StringComparer.Ordinal);
        Assert.Equal(onDisk, listed);
    }

    [Theory]
    [MemberData(nameof(Ob30Samples))]
    public void Ob30_sample_has_the_expected_schema_outcome(string sample)
    {
        var expectation = Expectations[sample]!.AsObject();
        var credential = JsonNode.Parse(File.ReadAllText(TestPaths.ConformanceFile(["openbadges-3.0", .. sample.Split('/')])))!;

        var result = CredentialSchemaValidator.Default.Validate(credential);

        var reported = result.Errors.Select(e => e.Path + " " + e.Keyword).ToList();
        Assert.True((string)expectation["schema"]! == (result.Valid ? "valid" : "invalid"),
            $"{sample}: expected {expectation["schema"]}, got {string.Join(" | ", reported)}");
        foreach (var expected in expectation["errors"]?.AsArray().Select(e => (string)e!) ?? [])
        {
            Assert.Contains(expected, reported);
        }
    }

    [Fact]
    public void Vc11_reading_still_requires_the_issuance_date_and_a_known_base_context()
    {
        var credential = JsonNode.Parse(File.ReadAllText(TestPaths.ConformanceFile("openbadges-3.0", "validator-samples", "ob30", "simple_v1.json")))!.AsObject();
        credential.Remove("issuanceDate");
        Assert.Contains(CredentialSchemaValidator.Default.Validate(credential).Errors, e => e.Path == "$.validFrom" && e.Keyword == "required");

        credential = JsonNode.Parse(File.ReadAllText(TestPaths.ConformanceFile("openbadges-3.0", "validator-samples", "ob30", "simple_v1.json")))!.AsObject();
        credential["@context"]![0] = "https://example.org/not-a-vc-context";
        Assert.Contains(CredentialSchemaValidator.Default.Validate(credential).Errors, e => e.Path == "$.@context[0]" && e.Keyword == "enum");
    }

    [Fact]
    public void Single_proof_object_is_still_checked_against_the_proof_class()
    {
        var credential = JsonNode.Parse(File.ReadAllText(TestPaths.ConformanceFile("openbadges-3.0", "validator-samples", "ob30", "simple-did-web-method.json")))!.AsObject();
        Assert.True(CredentialSchemaValidator.Default.Validate(credential).Valid);
        credential["proof"]!.AsObject().Remove("type");
        Assert.False(CredentialSchemaValidator.Default.Validate(credential).Valid);
    }

    [Fact]
    public void Contains_violation_is_caught()
    {
        var credential = JsonNode.Parse(File.ReadAllText(TestPaths.ConformanceFile("openbadges-3.0", "validator-samples", "ob30", "simple.json")))!;
        credential["type"] = new JsonArray("VerifiableCredential", "SomethingElse");
        var result = CredentialSchemaValidator.Default.Validate(credential);
        Assert.Contains(result.Errors, e => e.Path == "$.type" && e.Keyword == "contains");
    }

    [Fact]
    public void Unknown_credential_schema_url_is_reported_not_fetched()
    {
        var credential = OpenBadgesMapper.ToCredential(MappingSamples.Load("minimal-valid.json"), MappingSamples.Options(VcDataModelVersion.V2, schema: true));
        credential["credentialSchema"]!.AsArray().Add(new JsonObject { ["id"] = "http://127.0.0.1:9/never-fetched.json", ["type"] = "1EdTechJsonSchemaValidator2019" });
        var result = CredentialSchemaValidator.Default.Validate(credential);
        var error = Assert.Single(result.Errors);
        Assert.Equal("schema.unknown-url", error.Keyword);
        Assert.Equal("$.credentialSchema[1].id", error.Path);
    }

    [Fact]
    public void Both_published_urls_of_the_achievement_schema_map_to_the_bundled_file()
    {
        foreach (var variant in new[] { "json", "json-ld" })
        {
            var credential = OpenBadgesMapper.ToCredential(MappingSamples.Load("minimal-valid.json"), MappingSamples.Options(VcDataModelVersion.V2, schema: true));
            credential["credentialSchema"]![0]!["id"] = $"https://purl.imsglobal.org/spec/ob/v3p0/schema/{variant}/ob_v3p0_achievementcredential_schema.json";
            var result = CredentialSchemaValidator.Default.Validate(credential);
            Assert.True(result.Valid, string.Join("; ", result.Errors));
            Assert.Contains(result.SchemasApplied, s => s.Contains("ob_v3p0_achievementcredential_schema", StringComparison.Ordinal));
        }
    }

    public static TheoryData<string> SampleCredentialNames() => new(MappingSamples.Credentials().Select(c => c.Name));

    [Theory]
    [MemberData(nameof(SampleCredentialNames))]
    public void Every_mapped_sample_passes_the_bundled_schemas(string name)
    {
        var credential = MappingSamples.Credentials().Single(c => c.Name == name).Credential;
        var result = CredentialSchemaValidator.Default.Validate(credential);
        // VC 1.1 output is validated as its VC 2.0 reading (see CredentialSchemaValidator), so both versions must pass.
        Assert.True(result.Valid, string.Join("; ", result.Errors));
        Assert.Contains("https://w3id.org/mcred/schemas/mcred-extension.schema.json", result.SchemasApplied);
    }

    [Fact]
    public void Extension_schema_rejects_a_bad_extension_value()
    {
        var credential = OpenBadgesMapper.ToCredential(MappingSamples.Load("rich-valid.json"), MappingSamples.Options(VcDataModelVersion.V2));
        credential["credentialSubject"]!["achievement"]!["supervisionAndIdentityVerification"] = "sometimes";
        credential["credentialSubject"]!["achievement"]!["creditUnit"] = "hours";
        var result = CredentialSchemaValidator.Default.Validate(credential);
        Assert.Contains(result.Errors, e => e.Path == "$.credentialSubject.achievement.supervisionAndIdentityVerification" && e.Keyword == "enum");
        Assert.Contains(result.Errors, e => e.Path == "$.credentialSubject.achievement.creditUnit" && e.Keyword == "enum");
    }
}
