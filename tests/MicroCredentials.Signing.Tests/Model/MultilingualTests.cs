using System.Text.Json.Nodes;
using MicroCredentials.Signing.Mapping;
using MicroCredentials.Signing.Mapping.Edc;
using MicroCredentials.Signing.Model;
using MicroCredentials.Signing.Tests.Mapping;
using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.Model;

/// <summary>Multilingual title, description, learning outcomes and awarding-body names (issue 15 §2).</summary>
public class MultilingualTests
{
    [Fact]
    public void Translation_tags_must_be_bcp47_and_texts_not_blank()
    {
        var e = MappingSamples.Load("minimal-valid.json") with
        {
            TitleTranslations = Translations.Of([KeyValuePair.Create("de", "Titel"), KeyValuePair.Create("not a tag", "x"), KeyValuePair.Create("fr", " ")]),
        };
        var problems = MicroCredentialValidator.Validate(e).Problems.Select(p => p.Path + " " + p.Code).ToList();
        Assert.Contains("titleTranslations.not a tag LANGUAGE_INVALID", problems);
        Assert.Contains("titleTranslations.fr TEXT_EMPTY", problems);
        Assert.DoesNotContain(problems, p => p.StartsWith("titleTranslations.de", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_translations_are_named_only_for_the_languages_asked_for()
    {
        var e = MappingSamples.Load("eu-concepts-valid.json");
        Assert.True(MicroCredentialValidator.Validate(e).IsValid);
        Assert.Empty(MicroCredentialValidator.MissingTranslations(e, ["en"]));
        Assert.Equal(["learningOutcomes[0].textTranslations.es"], MicroCredentialValidator.MissingTranslations(e, ["es"]).Select(p => p.Path));
        var missing = MicroCredentialValidator.MissingTranslations(e, ["ca"]).Select(p => p.Path).ToList();
        // Catalan is there for the title only.
        Assert.Equal(["descriptionTranslations.ca", "learningOutcomes[0].textTranslations.ca", "learningOutcomes[1].textTranslations.ca", "awardingBodies[0].nameTranslations.ca"], missing);
        Assert.All(MicroCredentialValidator.MissingTranslations(e, ["ca"]), p => Assert.Equal(MicroCredentialValidator.Codes.TranslationMissing, p.Code));
    }

    [Fact]
    public void Ob3_keeps_plain_strings_and_adds_language_maps_that_expand_as_language_tagged_values()
    {
        var credential = OpenBadgesMapper.ToCredential(MappingSamples.Load("eu-concepts-valid.json"), MappingSamples.Options(VcDataModelVersion.V2));
        var achievement = credential["credentialSubject"]!["achievement"]!;
        Assert.Equal("Data literacy for public administration", (string)achievement["name"]!);
        Assert.Equal("Alfabetización de datos para la administración pública", (string)achievement["nameTranslations"]!["es"]!);
        Assert.Equal("Universidad de Valencia (ejemplo)", (string)credential["issuer"]!["nameTranslations"]!["es"]!);
        var outcome = ModelInterop.Expand([("multilingual", (JsonNode)credential)]).Single();
        Assert.True(outcome.Ok, outcome.Error);
        var expanded = outcome.Expanded!.ToJsonString();
        Assert.Contains("\"@language\":\"ca\"", expanded, StringComparison.Ordinal);
        Assert.Contains("https://w3id.org/mcred/vocab#targetDescriptionTranslations", expanded, StringComparison.Ordinal);
        Assert.Contains("Presentar un an", expanded, StringComparison.Ordinal);
        Assert.True(MicroCredentials.Signing.Schemas.CredentialSchemaValidator.Default.Validate(credential).Valid);
    }

    [Fact]
    public void The_completeness_report_names_missing_translations_only_when_asked()
    {
        var credential = OpenBadgesMapper.ToCredential(MappingSamples.Load("eu-concepts-valid.json"), MappingSamples.Options(VcDataModelVersion.V2));
        var read = OpenBadgesMapper.FromCredential(credential);
        Assert.Empty(read.MissingTranslations);
        var asked = read.WithRequiredLanguages(["en", "es"]);
        Assert.Equal(["learningOutcomes[0].textTranslations.es"], asked.MissingTranslations.Select(p => p.Path));
        Assert.True(asked.IsComplete);
        Assert.Equal(read.MissingElements, asked.MissingElements);
    }

    [Fact]
    public void Elm_language_maps_are_read_as_translations()
    {
        var edc = JsonNode.Parse(File.ReadAllText(TestPaths.ConformanceFile("in-the-wild", "elm3-european-learning-model", "samples", "Sample-MC-Annex1-unsigned.jsonld")))!.AsObject();
        var claim = edc["credentialSubject"]!["hasClaim"]!;
        claim["title"]!["fr"] = "Création de micro-certifications numériques";
        var e = EdcReader.FromCredential(edc).Elements;
        Assert.Equal("Digital micro-credential creation", e.Title);
        Assert.Equal("Création de micro-certifications numériques", e.TitleTranslations["fr"]);
    }
}
