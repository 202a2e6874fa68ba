using System.Text.Json.Nodes;
using MicroCredentials.Signing.Mapping;
using MicroCredentials.Signing.Model;
using MicroCredentials.Signing.Tests.Mapping;
using Xunit;

namespace MicroCredentials.Signing.Tests.Model;

/// <summary>The EU controlled vocabularies: lenient resolution, concepts in the model, validation, OB 3.0 mapping.</summary>
public class VocabularyTests
{
    public static TheoryData<string, string, string> Resolutions() => new()
    {
        { "credit-points", "ECTS", "http://data.europa.eu/snb/education-credit/6fcec5c5af" },
        { "credit-points", "European Credit Transfer System", "http://data.europa.eu/snb/education-credit/6fcec5c5af" },
        { "modes", "online", "http://data.europa.eu/snb/learning-assessment/920fbb3cbe" },
        { "modes", "Onsite", "http://data.europa.eu/snb/learning-assessment/9191af2ed9" },
        { "modes", "blended", "http://data.europa.eu/snb/learning-assessment/e92d221e4d" },
        { "countries", "DE", "http://publications.europa.eu/resource/authority/country/DEU" },
        { "countries", "DEU", "http://publications.europa.eu/resource/authority/country/DEU" },
        { "countries", "Germany", "http://publications.europa.eu/resource/authority/country/DEU" },
        { "languages", "de", "http://publications.europa.eu/resource/authority/language/DEU" },
        { "languages", "nl-NL", "http://publications.europa.eu/resource/authority/language/NLD" },
        { "languages", "ENG", "http://publications.europa.eu/resource/authority/language/ENG" },
        { "eqf", "6", "http://data.europa.eu/snb/eqf/6" },
        { "eqf", "EQF level 4", "http://data.europa.eu/snb/eqf/4" },
        { "isced-f", "0613", "http://data.europa.eu/snb/isced-f/0613" },
        { "assessment-types", "Written exam", "http://data.europa.eu/snb/assessment/6e6cb2cc78" },
        { "assessment-types", "https://data.europa.eu/snb/assessment/4f03b91c0e", "http://data.europa.eu/snb/assessment/4f03b91c0e" },
        { "learning-settings", "non-formal", "http://data.europa.eu/snb/learning-setting/e207a81fc7" },
        { "nqf", "RQF Level 6", "http://data.europa.eu/snb/qdr/c_c392e7a2" },
        { "file-types", "image/png", "http://publications.europa.eu/resource/authority/file-type/PNG" },
    };

    [Theory]
    [MemberData(nameof(Resolutions))]
    public void A_label_code_or_uri_resolves_to_the_concept(string vocabulary, string value, string uri)
    {
        var v = Vocabularies.All.Single(x => x.Name == vocabulary);
        var concept = v.Resolve(value);
        Assert.NotNull(concept);
        Assert.Equal(uri, concept.Uri);
        Assert.Same(v, concept.Vocabulary);
        Assert.True(v.Contains(concept));
    }

    [Theory]
    [InlineData("modes", "sometimes")]
    [InlineData("countries", "XX")]
    [InlineData("languages", "xx-YY")]
    [InlineData("eqf", "9")]
    [InlineData("credit-points", "hours")]
    public void An_unknown_value_resolves_to_nothing(string vocabulary, string value)
    {
        Assert.Null(Vocabularies.All.Single(x => x.Name == vocabulary).Resolve(value));
    }

    [Fact]
    public void Every_vocabulary_has_its_scheme_and_concepts_with_labels()
    {
        foreach (var v in Vocabularies.All)
        {
            Assert.NotEmpty(v.Concepts);
            Assert.All(v.Concepts, c => Assert.False(string.IsNullOrWhiteSpace(c.Label)));
            Assert.All(v.Concepts, c => Assert.StartsWith(v.BaseUri, c.Uri!, StringComparison.Ordinal));
        }

        Assert.Equal("http://data.europa.eu/snb/assessment/25831c2", Vocabularies.AssessmentTypes.SchemeUri);
        Assert.Equal("http://publications.europa.eu/resource/authority/country", Vocabularies.Countries.SchemeUri);
        Assert.Equal(8, Vocabularies.Eqf.Concepts.Count);
        Assert.Equal(8175, Vocabularies.Languages.Concepts.Count);
        Assert.Equal("European Credit Transfer System", Vocabularies.Ects.Label);
    }

    [Fact]
    public void A_string_assigned_to_an_element_resolves_to_its_concept()
    {
        var e = new MicroCredential { AssessmentType = "portfolio", ParticipationForm = "onsite", LearningSetting = "formal", Level = new Level(6, null, "RQF Level 6") };
        Assert.Equal("http://data.europa.eu/snb/assessment/4f03b91c0e", e.AssessmentType!.Uri);
        Assert.Equal("Presential", e.ParticipationForm!.Label);
        Assert.Equal("formal learning", e.LearningSetting!.Label);
        Assert.Equal("http://data.europa.eu/snb/qdr/c_c392e7a2", e.Level!.Nqf!.Uri);
        Assert.Equal("http://data.europa.eu/snb/eqf/6", e.Level.EqfConcept!.Uri);
        var free = e with { AssessmentType = "Capstone project" };
        Assert.False(free.AssessmentType!.IsConcept);
        Assert.Same(Vocabularies.AssessmentTypes, free.AssessmentType.Vocabulary);
    }

    [Fact]
    public void Country_language_and_isced_f_give_their_concepts()
    {
        var e = MappingSamples.Load("eu-concepts-valid.json");
        Assert.Equal("ES", e.IssuerLocations[0].Country);
        Assert.Equal("http://publications.europa.eu/resource/authority/country/ESP", e.IssuerLocations[0].CountryConcept!.Uri);
        Assert.Equal("http://publications.europa.eu/resource/authority/language/ENG", e.LanguageConcept!.Uri);
        Assert.Equal(["http://data.europa.eu/snb/isced-f/0311"], e.IscedFConcepts.Select(c => c.Uri));
        Assert.Equal("ES", e.QualityAssurance!.Body!.Country);
        Assert.Equal("http://data.europa.eu/snb/accreditation/bb4618238e", e.QualityAssurance.Type!.Uri);
    }

    [Fact]
    public void A_concept_of_the_wrong_vocabulary_is_reported_with_the_vocabulary_it_should_come_from()
    {
        var e = MappingSamples.Load("minimal-valid.json") with { AssessmentType = "http://data.europa.eu/snb/eqf/6", ParticipationForm = "http://data.europa.eu/snb/learning-assessment/0000000000" };
        var problems = MicroCredentialValidator.Validate(e).Problems;
        var wrong = Assert.Single(problems, p => p.Path == "assessmentType");
        Assert.Equal(MicroCredentialValidator.Codes.ConceptWrongVocabulary, wrong.Code);
        Assert.Contains(Vocabularies.AssessmentTypes.Title, wrong.Message, StringComparison.Ordinal);
        Assert.Contains(Vocabularies.Eqf.Title, wrong.Message, StringComparison.Ordinal);
        var unknown = Assert.Single(problems, p => p.Path == "participationForm");
        Assert.Equal(MicroCredentialValidator.Codes.ConceptUnknown, unknown.Code);
        Assert.Contains(Vocabularies.Modes.Title, unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Free_text_is_allowed_and_is_no_problem()
    {
        var e = MappingSamples.Load("minimal-valid.json") with { AssessmentType = "Capstone project", ParticipationForm = "mostly in the lab" };
        Assert.True(MicroCredentialValidator.Validate(e).IsValid);
    }

    [Fact]
    public void Ob3_credential_carries_the_concept_uris_in_alignments_and_the_credit_unit()
    {
        var credential = OpenBadgesMapper.ToCredential(MappingSamples.Load("eu-concepts-valid.json"), MappingSamples.Options(VcDataModelVersion.V2));
        var achievement = credential["credentialSubject"]!["achievement"]!;
        var alignments = achievement["alignment"]!.AsArray().Select(a => ((string)a!["targetType"]!, (string)a["targetUrl"]!, (string?)a["targetFramework"])).ToList();
        Assert.Contains(("ext:AssessmentType", "http://data.europa.eu/snb/assessment/6e6cb2cc78", Vocabularies.AssessmentTypes.Title), alignments);
        Assert.Contains(("ext:ParticipationForm", "http://data.europa.eu/snb/learning-assessment/920fbb3cbe", Vocabularies.Modes.Title), alignments);
        Assert.Contains(("ext:LearningSetting", "http://data.europa.eu/snb/learning-setting/e207a81fc7", Vocabularies.LearningSettings.Title), alignments);
        Assert.Contains(("ext:QualityAssuranceType", "http://data.europa.eu/snb/accreditation/bb4618238e", Vocabularies.AccreditationTypes.Title), alignments);
        Assert.Equal(Vocabularies.Ects.Uri, (string)achievement["creditUnit"]!);
        Assert.Equal("written examination", (string)achievement["assessmentType"]!);
        Assert.Equal("ESQ4618001D", (string)credential["issuer"]!["otherIdentifier"]![0]!["identifier"]!);
        Assert.Equal(["urn:uuid:0a7c7f3e-1b8f-4f61-9d0c-2f3c4b5a6d7e"], achievement["stackableIsPartOf"]!.AsArray().Select(n => (string)n!));
    }

    [Theory]
    [InlineData(VcDataModelVersion.V2)]
    [InlineData(VcDataModelVersion.V1_1)]
    public void Concepts_sample_expands_without_dropped_terms_in_jsonld_js_and_passes_the_ob_schema(VcDataModelVersion version)
    {
        var credential = OpenBadgesMapper.ToCredential(MappingSamples.Load("eu-concepts-valid.json"), MappingSamples.Options(version, schema: true));
        var outcome = ModelInterop.Expand([("eu-concepts", (JsonNode)credential)]).Single();
        Assert.True(outcome.Ok, outcome.Error);
        var result = MicroCredentials.Signing.Schemas.CredentialSchemaValidator.Default.Validate(credential);
        Assert.True(result.Valid, string.Join("; ", result.Errors));
        foreach (var term in new[] { "eqfLevelKind", "learningSetting", "learningSchedule", "qualityAssuranceType", "qualityAssuranceRegisterEntry", "qualityAssuranceBody", "stackableIsPartOf", "stackableCanBeCombinedWith" })
        {
            Assert.Contains($"\"https://w3id.org/mcred/vocab#{term}\"", outcome.Expanded!.ToJsonString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Free_strings_from_other_issuers_map_with_a_note_naming_the_concept_or_none()
    {
        var credential = OpenBadgesMapper.ToCredential(MappingSamples.Load("minimal-valid.json"), MappingSamples.Options(VcDataModelVersion.V2));
        var achievement = credential["credentialSubject"]!["achievement"]!.AsObject();
        achievement.Remove("alignment");
        achievement["assessmentType"] = "Written exam";
        achievement["participationForm"] = "by carrier pigeon";
        // Not ours any more: drop the extension context so the reader treats it as another issuer's credential.
        credential["@context"]!.AsArray().RemoveAt(credential["@context"]!.AsArray().Count - 1);
        credential["credentialSubject"]!["achievement"]!["achievementType"] = "MicroCredential";
        var read = OpenBadgesMapper.FromCredential(JsonNode.Parse(credential.ToJsonString())!.AsObject());
        Assert.Equal("http://data.europa.eu/snb/assessment/6e6cb2cc78", read.Elements.AssessmentType!.Uri);
        Assert.Contains(read.Notes, n => n.Code == "CONCEPT_RESOLVED" && n.Message.Contains("written examination", StringComparison.Ordinal) && n.Message.Contains("6e6cb2cc78", StringComparison.Ordinal));
        Assert.False(read.Elements.ParticipationForm!.IsConcept);
        Assert.Contains(read.Notes, n => n.Code == "CONCEPT_UNRESOLVED" && n.Message.Contains(Vocabularies.Modes.Title, StringComparison.Ordinal));
    }

    [Fact]
    public void Old_credentials_with_the_credit_unit_token_still_read_as_ects()
    {
        var credential = OpenBadgesMapper.ToCredential(MappingSamples.Load("minimal-valid.json"), MappingSamples.Options(VcDataModelVersion.V2));
        credential["credentialSubject"]!["achievement"]!["creditUnit"] = "ECTS";
        var read = OpenBadgesMapper.FromCredential(credential);
        Assert.NotNull(read.Elements.Workload!.Ects);
        Assert.DoesNotContain(read.Notes, n => n.Code == "CREDITS_UNIT_UNKNOWN");
    }

    [Fact]
    public void Elements_json_writes_concepts_as_uris_and_still_reads_strings()
    {
        var e = MappingSamples.Load("eu-concepts-valid.json");
        var node = MicroCredentialJson.ToNode(e);
        Assert.Equal("http://data.europa.eu/snb/assessment/6e6cb2cc78", (string)node["assessmentType"]!);
        Assert.Equal("ES", (string)node["issuerLocations"]![0]!["country"]!);
        Assert.Equal(MicroCredentialJson.Serialize(e), MicroCredentialJson.Serialize(MicroCredentialJson.FromNode(node)));
    }
}
