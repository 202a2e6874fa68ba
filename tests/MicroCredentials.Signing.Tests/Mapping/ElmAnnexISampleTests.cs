using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml;
using MicroCredentials.Signing.Mapping;
using MicroCredentials.Signing.Model;
using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.Mapping;

/// <summary>
/// The Commission's ELM v3 Annex I sample: everything it carries for the Annex I elements fits our model, and survives
/// elements → OB 3.0 → elements. (A real ELM export/import is a later issue; this reader lives in the test.)
/// </summary>
public class ElmAnnexISampleTests
{
    private static readonly Dictionary<string, string> Alpha3ToAlpha2 = new() { ["IRL"] = "IE", ["BEL"] = "BE", ["ITA"] = "IT" };
    private static readonly Dictionary<string, string> LanguageNal = new() { ["ENG"] = "en" };

    /// <summary>The three forms of the sample: plain, wrapped for upload, and the payload of the JAdES-signed one (signature not checked).</summary>
    private static JsonObject LoadSample(string file)
    {
        var root = JsonNode.Parse(File.ReadAllText(TestPaths.ConformanceFile("in-the-wild", "elm3-european-learning-model", "samples", file)))!.AsObject();
        return root switch
        {
            _ when root["credential"] is JsonObject wrapped => wrapped,
            _ when root["payload"] is JsonValue payload => JsonNode.Parse((string)payload!)!.AsObject(),
            _ => root,
        };
    }

    internal static MicroCredential FromElm(JsonObject elm, string salt)
    {
        var subject = elm["credentialSubject"]!.AsObject();
        var claim = subject["hasClaim"]!.AsObject();
        var spec = claim["specifiedBy"]!.AsObject();
        var assessment = claim["provenBy"]!.AsObject();
        var body = claim["awardedBy"]!["awardingBody"]!.AsObject();
        var location = body["location"]!.AsObject();
        var email = ((string)subject["contactPoint"]!["emailAddress"]!["id"]!)["mailto:".Length..];

        return new MicroCredential
        {
            // urn:epass:person:1 is neither a DID nor a URL; the e-mail address identifies the learner, hashed.
            Learner = new Learner { EmailHash = IdentityHash.Compute(email, salt), Salt = salt },
            Title = En(claim["title"]),
            IssuerLocations = [new IssuerLocation(Alpha3ToAlpha2[Last(location["address"]!["countryCode"]!["id"])], En(location["spatialCode"]!["prefLabel"]))],
            AwardingBodies = [new AwardingBody((string)body["id"]!, En(body["legalName"]), (string?)body["homepage"]?["contentURL"])],
            DateOfIssuing = DateTimeOffset.Parse((string)elm["validFrom"]!, CultureInfo.InvariantCulture),
            LearningOutcomes = Many(spec["learningOutcome"]).Select(lo => new LearningOutcome
            {
                Text = En(lo["title"]),
                Skills = Many(lo["relatedESCOSkill"]).Concat(Many(lo["relatedSkill"])).Select(s => (string)s["id"]!).ToList(),
            }).ToList(),
            Workload = new Workload(
                En(spec["creditPoint"]!["framework"]!["prefLabel"]) == "European Credit Transfer System"
                    ? decimal.Parse((string)spec["creditPoint"]!["point"]!, CultureInfo.InvariantCulture)
                    : null,
                (decimal)XmlConvert.ToTimeSpan((string)spec["volumeOfLearning"]!).TotalHours),
            Level = new Level(int.Parse(Last(spec["eqfLevel"]!["id"]), CultureInfo.InvariantCulture), Nqf: (string)spec["nqfLevel"]!["id"]!),
            AssessmentType = En(assessment["specifiedBy"]!["dcType"]!["prefLabel"]) + " (" + En(assessment["specifiedBy"]!["mode"]!["prefLabel"]) + ")",
            ParticipationForm = En(spec["mode"]!["prefLabel"]),
            Prerequisites = En(spec["entryRequirement"]!["noteLiteral"]),
            Supervision = En(assessment["idVerification"]!["prefLabel"]) switch
            {
                "Unsupervised without ID Verification" => SupervisionAndIdentityVerification.UnsupervisedNoIdentityVerification,
                "Supervised without ID Verification" => SupervisionAndIdentityVerification.SupervisedNoIdentityVerification,
                _ => SupervisionAndIdentityVerification.SupervisedWithIdentityVerification,
            },
            Grade = new Grade(En(assessment["grade"]!["noteLiteral"]), En(assessment["specifiedBy"]!["gradingScheme"]!["title"])),
            Integration = new Integration((bool)spec["isPartialQualification"]! ? IntegrationKind.Stackable : IntegrationKind.StandAlone),
            FurtherInformation = "Maximum duration: " + (string)spec["maximumDuration"]! + "; learning setting: " + En(spec["learningSetting"]!["prefLabel"]),
            Language = LanguageNal[Last(spec["language"]!["id"])],
            IscedFFields = Many(spec["thematicArea"]).Select(t => Last(t["id"])).ToList(),
        };
    }

    [Theory]
    [InlineData("Sample-MC-Annex1-unsigned.jsonld")]
    [InlineData("Sample-MC-Annex1-unsigned-uploadable.json")]
    [InlineData("Sample-MC-Annex1-signed.jsonld")]
    public void Every_Annex_I_element_of_the_ELM_sample_fits_the_model_and_survives_OB_mapping(string file)
    {
        var elm = LoadSample(file);
        var elements = FromElm(elm, "elm-test-salt");

        // The sample carries every Annex I element except the type of quality assurance (it has no accreditation).
        var problems = MicroCredentialValidator.Validate(elements).Problems;
        Assert.Equal(["qualityAssurance ELEMENT_MISSING"], problems.Select(p => p.Path + " " + p.Code));

        Assert.Equal("Digital micro-credential creation", elements.Title);
        Assert.Equal(new IssuerLocation("IE", "Dublin city"), elements.IssuerLocations.Single());
        Assert.Equal(new AwardingBody("urn:epass:org:1", "University of Zed", "https://uniz.edu"), elements.AwardingBodies.Single());
        Assert.Equal(new Workload(2m, 60m), elements.Workload);
        Assert.Equal(new Level(6, null, "http://data.europa.eu/snb/qdr/c_c392e7a2"), elements.Level);
        Assert.Equal(2, elements.LearningOutcomes.Count);
        Assert.Equal([3, 3], elements.LearningOutcomes.Select(o => o.Skills.Count));
        Assert.Equal(["003", "0688"], elements.IscedFFields);
        Assert.Equal(new Grade("Pass", "Standard grading"), elements.Grade);
        Assert.Equal(SupervisionAndIdentityVerification.UnsupervisedNoIdentityVerification, elements.Supervision);
        Assert.Equal(IntegrationKind.StandAlone, elements.Integration!.Kind);
        var mailto = (string)elm["credentialSubject"]!["contactPoint"]!["emailAddress"]!["id"]!;
        Assert.StartsWith("mailto:ana.andromeda", mailto, StringComparison.Ordinal);
        Assert.True(IdentityHash.Matches(mailto["mailto:".Length..], "elm-test-salt", elements.Learner!.EmailHash!));
        Assert.DoesNotContain("andromeda", MicroCredentialJson.Serialize(elements), StringComparison.Ordinal);

        foreach (var version in new[] { VcDataModelVersion.V2, VcDataModelVersion.V1_1 })
        {
            var credential = OpenBadgesMapper.ToCredential(elements, MappingSamples.Options(version) with { AllowIncomplete = true });
            var read = OpenBadgesMapper.FromCredential(credential);
            Assert.Equal(MicroCredentialJson.Serialize(elements), MicroCredentialJson.Serialize(read.Elements));
            Assert.Equal(["qualityAssurance"], read.MissingElements);
            var expansion = ModelInterop.Expand([("elm " + version, (JsonNode)credential)]).Single();
            Assert.True(expansion.Ok, expansion.Error);
        }
    }

    private static string En(JsonNode? langMap) => (string)langMap!["en"]!;

    private static string Last(JsonNode? iri) => ((string)iri!).Split('/')[^1];

    private static IEnumerable<JsonObject> Many(JsonNode? node) => node switch
    {
        JsonArray a => a.OfType<JsonObject>(),
        JsonObject o => [o],
        _ => [],
    };
}
