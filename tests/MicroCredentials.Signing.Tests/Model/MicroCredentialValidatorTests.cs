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
            ["issuerLocations ELEMENT_MISSING", "awardingBodies ELEMENT_MISSING", "dateOfIssuing ELEMENT_MISSING", "learningOutcomes ELEMENT_MISSING",
             "workload ELEMENT_MISSING", "assessmentType ELEMENT_MISSING", "participationForm ELEMENT_MISSING", "qualityAssurance ELEMENT_MISSING"]
        },
        {
            "invalid-values.json",
            ["learner.id LEARNER_ID_INVALID", "issuerLocations[0].country COUNTRY_INVALID", "issuerLocations[1].region REGION_COUNTRY_MISMATCH",
             "awardingBodies[0].id AWARDING_BODY_ID_INVALID", "learningOutcomes[1].skills[0] LEARNING_OUTCOME_SKILL_INVALID",
             "learningOutcomes[2] LEARNING_OUTCOME_EMPTY", "workload.ects WORKLOAD_ECTS_NEGATIVE", "workload.hours WORKLOAD_HOURS_ZERO",
             "level.eqf LEVEL_EQF_OUT_OF_RANGE", "qualityAssurance.url URL_INVALID", "language LANGUAGE_INVALID", "iscedF[0] ISCED_F_INVALID"]
        },
        {
            "invalid-learner-email-in-clear.json",
            ["learner.emailHash LEARNER_EMAIL_NOT_HASHED", "learner.salt LEARNER_EMAIL_SALT_MISSING", "qualityAssurance.description ELEMENT_MISSING"]
        },
        {
            "invalid-level.json",
            ["awardingBodies[1].id AWARDING_BODY_DUPLICATE", "dateOfIssuing DATE_INVALID", "level.qfEhea LEVEL_QF_EHEA_EQF_MISMATCH", "grade.value ELEMENT_MISSING"]
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
            result.Problems.Where(p => p.Code == "ELEMENT_MISSING").Select(p => p.Path).Order(StringComparer.Ordinal));
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
        Assert.Contains("supervision ENUM_UNDEFINED", codes);
        Assert.Contains("integration.kind ENUM_UNDEFINED", codes);
        Assert.Contains("level.qfEhea ENUM_UNDEFINED", codes);
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
    [InlineData("{\"title\": 5}", "JSON_TYPE", "$.title")]
    [InlineData("{\"titel\": \"x\"}", "JSON_UNKNOWN_PROPERTY", "$.titel")]
    [InlineData("{\"supervision\": \"sometimes\"}", "JSON_ENUM", "$.supervision")]
    [InlineData("{\"level\": {\"eqf\": 6.5}}", "JSON_TYPE", "$.level.eqf")]
    [InlineData("{\"dateOfIssuing\": \"2025-01-01\"}", "JSON_DATE", "$.dateOfIssuing")]
    [InlineData("{\"learningOutcomes\": {}}", "JSON_TYPE", "$.learningOutcomes")]
    [InlineData("[1]", "JSON_TYPE", "$")]
    [InlineData("{", "JSON_SYNTAX", "$")]
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
