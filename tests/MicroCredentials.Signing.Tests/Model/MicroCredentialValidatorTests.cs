using System.Text.Json.Nodes;
using MicroCredentials.Signing.Model;
using MicroCredentials.Signing.Schemas;
using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.Model;

public class MicroCredentialValidatorTests
{
    private static string Sample(string file) => File.ReadAllText(TestPaths.RepoFile("samples", "elements", file));

    [Theory]
    [InlineData("minimal-valid.json")]
    [InlineData("rich-valid.json")]
    public void Valid_samples_have_no_problems_and_pass_the_elements_schema(string file)
    {
        var elements = MicroCredentialJson.Parse(Sample(file));
        var result = MicroCredentialValidator.Validate(elements);
        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        var schema = CredentialSchemaValidator.Default.ValidateElements(JsonNode.Parse(Sample(file))!);
        Assert.True(schema.Valid, string.Join("; ", schema.Errors));
    }

    [Fact]
    public void Rich_and_eu_concepts_samples_use_every_element_of_the_elements_schema()
    {
        // rich-valid.json has every Annex I element; eu-concepts-valid.json the EU-vocabulary elements added since
        // (learning setting and schedule, structured QA, EQF kind, stackability links, legal identifier).
        var schema = JsonNode.Parse(File.ReadAllText(TestPaths.RepoFile("schemas", "elements", "micro-credential-elements.schema.json")))!;
        var defined = new SortedSet<string>(StringComparer.Ordinal);
        CollectPropertyPaths(schema, string.Empty, defined);
        var used = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var sample in new[] { "rich-valid.json", "eu-concepts-valid.json" })
        {
            CollectInstancePaths(JsonNode.Parse(MicroCredentialJson.Serialize(MicroCredentialJson.Parse(Sample(sample))))!, string.Empty, used);
        }

        defined.Remove("$schema");
        Assert.Empty(defined.Except(used));
        Assert.True(defined.Count >= 35, $"only {defined.Count} element paths found in the schema");
    }

    public static TheoryData<string, string[]> InvalidSamples() => new()
    {
        {
            "invalid-missing-elements.json",
            ["issuerLocations element.missing", "awardingBodies element.missing", "dateOfIssuing element.missing", "learningOutcomes element.missing",
             "workload element.missing", "assessmentType element.missing", "participationForm element.missing", "qualityAssurance element.missing"]
        },
        {
            "invalid-values.json",
            ["learner.id learner.id.invalid", "issuerLocations[0].country country.invalid", "issuerLocations[1].region region.country-mismatch",
             "awardingBodies[0].id awarding-body.id.invalid", "learningOutcomes[1].skills[0] learning-outcome.skill.invalid",
             "learningOutcomes[2] learning-outcome.empty", "workload.ects workload.ects.negative", "workload.hours workload.hours.zero",
             "level.eqf level.eqf.out-of-range", "qualityAssurance.url url.invalid", "language language.invalid", "iscedF[0] isced-f.invalid"]
        },
        {
            "invalid-learner-email-in-clear.json",
            ["learner.emailHash learner.email.not-hashed", "learner.salt learner.email.salt-missing", "qualityAssurance.description element.missing"]
        },
        {
            "invalid-level.json",
            ["awardingBodies[1].id awarding-body.duplicate", "dateOfIssuing date.invalid", "level.qfEhea level.qf-ehea.eqf-mismatch", "grade.value element.missing"]
        },
    };

    [Theory]
    [MemberData(nameof(InvalidSamples))]
    public void Invalid_sample_reports_exactly_its_known_problems(string file, string[] expected)
    {
        var result = MicroCredentialValidator.Validate(MicroCredentialJson.Parse(Sample(file)));
        Assert.Equal(expected.Order(StringComparer.Ordinal), result.Problems.Select(p => p.Path + " " + p.Code).Order(StringComparer.Ordinal));
        Assert.All(result.Problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Message)));
    }

    [Fact]
    public void Every_invalid_sample_file_is_covered()
    {
        var files = Directory.EnumerateFiles(TestPaths.RepoFile("samples", "elements"), "invalid-*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(files, InvalidSamples().Select(d => (string)d[0]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Invalid_samples_are_also_rejected_by_the_elements_schema_except_semantic_only_rules()
    {
        // invalid-level.json breaks only rules a JSON Schema cannot express (duplicate ids, EQF/QF-EHEA consistency, year).
        foreach (var file in new[] { "invalid-missing-elements.json", "invalid-values.json", "invalid-learner-email-in-clear.json" })
        {
            Assert.False(CredentialSchemaValidator.Default.ValidateElements(JsonNode.Parse(Sample(file))!).Valid, file);
        }
    }

    [Fact]
    public void Empty_model_reports_every_mandatory_element_and_never_throws()
    {
        var result = MicroCredentialValidator.Validate(new MicroCredential());
        Assert.Equal(
            ["assessmentType", "awardingBodies", "dateOfIssuing", "issuerLocations", "learner", "learningOutcomes", "participationForm", "qualityAssurance", "title", "workload"],
            result.Problems.Where(p => p.Code == "element.missing").Select(p => p.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Undefined_enum_values_are_reported_not_thrown()
    {
        var elements = MicroCredentialJson.Parse(Sample("minimal-valid.json")) with
        {
            Supervision = (SupervisionAndIdentityVerification)42,
            Integration = new Integration((IntegrationKind)7),
            Level = new Level(QfEhea: (QfEheaCycle)9),
        };
        var codes = MicroCredentialValidator.Validate(elements).Problems.Select(p => p.Path + " " + p.Code).ToList();
        Assert.Contains("supervision enum.undefined", codes);
        Assert.Contains("integration.kind enum.undefined", codes);
        Assert.Contains("level.qfEhea enum.undefined", codes);
    }

    [Fact]
    public void Identity_hash_follows_the_OB_rule_and_matches_the_rich_sample()
    {
        var learner = MicroCredentialJson.Parse(Sample("rich-valid.json")).Learner!;
        Assert.True(IdentityHash.Matches("ana.andromeda@email.com", learner.Salt!, learner.EmailHash!));
        Assert.False(IdentityHash.Matches("ana.andromeda@email.co", learner.Salt!, learner.EmailHash!));
        var hash = IdentityHash.Compute("x@example.org", "salt");
        Assert.True(IdentityHash.IsSha256Hash(hash));
        Assert.Equal(
            "sha256$" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData("x@example.orgsalt"u8)).ToLowerInvariant(),
            hash);
        Assert.NotEqual(IdentityHash.NewSalt(), IdentityHash.NewSalt());
    }

    [Theory]
    [InlineData("{\"title\": 5}", "json.type", "$.title")]
    [InlineData("{\"titel\": \"x\"}", "json.unknown-property", "$.titel")]
    [InlineData("{\"supervision\": \"sometimes\"}", "json.enum", "$.supervision")]
    [InlineData("{\"level\": {\"eqf\": 6.5}}", "json.type", "$.level.eqf")]
    [InlineData("{\"dateOfIssuing\": \"2025-01-01\"}", "json.date", "$.dateOfIssuing")]
    [InlineData("{\"learningOutcomes\": {}}", "json.type", "$.learningOutcomes")]
    [InlineData("[1]", "json.type", "$")]
    [InlineData("{", "json.syntax", "$")]
    public void Unreadable_documents_throw_a_coded_format_exception(string json, string code, string path)
    {
        var ex = Assert.Throws<MicroCredentialFormatException>(() => MicroCredentialJson.Parse(json));
        Assert.Equal(code, ex.Code);
        Assert.Equal(path, ex.Path);
    }

    [Fact]
    public void Serialize_then_parse_is_identity_on_the_samples()
    {
        foreach (var file in Directory.EnumerateFiles(TestPaths.RepoFile("samples", "elements"), "*.json"))
        {
            var once = MicroCredentialJson.Serialize(MicroCredentialJson.Parse(File.ReadAllText(file)));
            Assert.Equal(once, MicroCredentialJson.Serialize(MicroCredentialJson.Parse(once)));
        }
    }

    private static void CollectPropertyPaths(JsonNode? schema, string prefix, SortedSet<string> into)
    {
        if (schema is not JsonObject o)
        {
            return;
        }

        if (o["properties"] is JsonObject properties)
        {
            foreach (var (name, sub) in properties)
            {
                var path = prefix.Length == 0 ? name : prefix + "." + name;
                into.Add(path);
                CollectPropertyPaths(sub, path, into);
            }
        }

        if (o["items"] is JsonObject items)
        {
            CollectPropertyPaths(items, prefix, into);
        }
    }

    private static void CollectInstancePaths(JsonNode? node, string prefix, SortedSet<string> into)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    var path = prefix.Length == 0 ? name : prefix + "." + name;
                    into.Add(path);
                    CollectInstancePaths(value, path, into);
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    CollectInstancePaths(item, prefix, into);
                }

                break;
        }
    }
}
