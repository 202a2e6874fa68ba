using System.Text.Json.Nodes;
using MicroCredentials.Signing.Mapping;
using MicroCredentials.Signing.Model;
using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.Mapping;

/// <summary>Reading the EU elements out of real issuers' OB 3.0 credentials (../shared/conformance/in-the-wild).</summary>
public class InTheWildTests
{
    private static string Wild(params string[] parts) => TestPaths.ConformanceFile(["in-the-wild", .. parts]);

    private static JsonObject Load(params string[] parts) => JsonNode.Parse(File.ReadAllText(Wild(parts)))!.AsObject();

    public static TheoryData<string> EdubadgesCredentials()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(Wild("edubadges-obv3-examples", "credentials"), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(f));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EdubadgesCredentials))]
    public void Edubadges_credential_is_read_as_json_and_flagged_unsignable(string file)
    {
        var read = OpenBadgesMapper.FromCredential(Load("edubadges-obv3-examples", "credentials", file));

        Assert.Contains(read.Notes, n => n.Code == "CONTEXT_NOT_SIGNABLE");
        Assert.NotNull(read.Elements.Title);
        Assert.NotEmpty(read.Elements.AwardingBodies);
        if (file.StartsWith("theed_", StringComparison.Ordinal))
        {
            // The fictional Naboo issuer uses the user-assigned code XX, which validation rejects.
            Assert.Equal("XX", read.Elements.IssuerLocations.Single().Country);
            Assert.Contains(read.Problems, p => p.Code == MicroCredentialValidator.Codes.CountryInvalid);
        }
        else
        {
            Assert.Equal("NL", read.Elements.IssuerLocations.Single().Country);
        }

        if (!file.Contains("extracurricular", StringComparison.Ordinal))
        {
            Assert.NotNull(read.Elements.Level?.Eqf);
        }

        // edubadges carries learning outcomes only as a criteria narrative, which is not taken as explicit outcomes.
        Assert.Contains("learningOutcomes", read.AbsentAnnexIElements);
        Assert.Contains(read.Notes, n => n.Code == "LEARNING_OUTCOMES_CRITERIA_ONLY");
        if (file.Contains("_microcredential_", StringComparison.Ordinal))
        {
            // edubadges marks a micro-credential only by its credentialSchema (.../schemas/microcredential*.json).
            Assert.True(read.ClaimsMicroCredential);
            Assert.Contains("learningOutcomes", read.MissingElements);
            Assert.DoesNotContain(read.Notes, n => n.Code == "MICRO_CREDENTIAL_NOT_CLAIMED");
        }
        else
        {
            // Regular and extracurricular badges claim nothing: information, not eleven missing elements.
            Assert.False(read.ClaimsMicroCredential);
            Assert.False(read.IsComplete);
            Assert.Empty(read.MissingElements);
            Assert.Contains(read.Notes, n => n.Code == "MICRO_CREDENTIAL_NOT_CLAIMED" && n.Message.StartsWith("information: not an EU micro-credential", StringComparison.Ordinal));
        }
        if (file.Contains("microcredential", StringComparison.Ordinal) && file.Contains("full", StringComparison.Ordinal))
        {
            Assert.NotNull(read.Elements.AssessmentType);
            Assert.NotNull(read.Elements.ParticipationForm);
            Assert.NotNull(read.Elements.Supervision);
            Assert.NotNull(read.Elements.Workload);
            Assert.NotNull(read.Elements.Grade);
        }
    }

    [Fact]
    public void Edubadges_uvh_microcredential_maps_every_carried_element()
    {
        var read = OpenBadgesMapper.FromCredential(Load("edubadges-obv3-examples", "credentials", "uvh_at_microcredential_full_1.json"));
        var e = read.Elements;
        Assert.Equal("https://example.com/students/stu-7Z6X5W", e.Learner!.Id);
        Assert.Equal("Microcredential Basisomzetting Kat naar Koffiezetapparaat", e.Title);
        Assert.Equal(new IssuerLocation("NL"), e.IssuerLocations.Single());
        Assert.Equal(new AwardingBody("https://example.com/issuers/iss-9Z8Y7X", "Universiteit van Harderwijk"), e.AwardingBodies.Single());
        Assert.Equal(DateTimeOffset.Parse("2024-08-30T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), e.DateOfIssuing);
        Assert.Equal(new Workload(3.0m), e.Workload);
        Assert.Equal(new Level(4), e.Level);
        // Free strings that name no EU concept stay free text, with a note naming the vocabulary.
        Assert.Equal(Concept.FreeText("testing", Vocabularies.AssessmentTypes), e.AssessmentType);
        Assert.Equal(Concept.FreeText("onsite or blended", Vocabularies.Modes), e.ParticipationForm);
        Assert.Contains(read.Notes, n => n.Code == "CONCEPT_UNRESOLVED" && n.Path.EndsWith(".assessmentType", StringComparison.Ordinal)
            && n.Message.Contains(Vocabularies.AssessmentTypes.Title, StringComparison.Ordinal));
        Assert.Equal(new QualityAssurance("Accreditatie van de opleiding door de Wijze Raad van de Magiërs (AV-7381)", "https://data.example.com/decisions/AV-7381"), e.QualityAssurance);
        Assert.Equal(SupervisionAndIdentityVerification.SupervisedWithIdentityVerification, e.Supervision);
        Assert.Equal(new Grade("8.5", "Final Project Grade"), e.Grade);
        Assert.Equal("nl-NL", e.Language);
        Assert.Equal(["learningOutcomes"], read.MissingElements);
        Assert.Contains(read.Notes, n => n.Code == "EQF_NON_EU_URI");
    }

    [Fact]
    public void Edubadges_supervision_conflict_is_noted()
    {
        var read = OpenBadgesMapper.FromCredential(Load("edubadges-obv3-examples", "credentials", "mbob_eo_eov_extracurricular_full.json"));
        Assert.Equal(SupervisionAndIdentityVerification.SupervisedNoIdentityVerification, read.Elements.Supervision);
        Assert.Contains(read.Notes, n => n.Code == "SUPERVISION_CONFLICT");
        Assert.NotNull(read.Elements.Workload?.Hours);
    }

    [Fact]
    public void Edubadges_context_really_is_broken_as_json_ld()
    {
        var context = Load("edubadges-obv3-examples", "contexts", "educredential.json");
        var credential = Load("edubadges-obv3-examples", "credentials", "uvh_at_microcredential_full_1.json");
        var url = credential["@context"]!.AsArray().Select(c => (string)c!).Single(c => c.Contains("educredential", StringComparison.Ordinal));
        var outcome = ModelInterop.Expand([("edubadges", (JsonNode)credential, new JsonObject { [url] = context })]).Single();
        Assert.False(outcome.Ok);
        Assert.Contains("scoped context", outcome.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Surf_learning_outcome_proposal_yields_outcomes_with_skills()
    {
        var read = OpenBadgesMapper.FromCredential(Load("educredentials-credential-converter", "ob3", "uvh_at_microcredential_full_edtech_proposal_LO.json"));
        var outcomes = read.Elements.LearningOutcomes;
        Assert.Equal(2, outcomes.Count);
        Assert.StartsWith("- Student understands", outcomes[0].Text, StringComparison.Ordinal);
        Assert.Equal(["http://data.europa.eu/esco/skill/d207a30b-2f80-4138-9b77-f88d549b8768", "https://publications.europa.eu/resource/authority/snb/dcf/860966ekgo"], outcomes[0].Skills);
        Assert.Equal(["http://data.europa.eu/snb/dcf/34v10n662m"], outcomes[1].Skills);
        Assert.Contains(read.Notes, n => n.Code == "SOURCE_LO_PROPOSAL");
        Assert.Equal(3.0m, read.Elements.Workload?.Ects);
        Assert.Empty(read.MissingElements);
    }

    [Fact]
    public void MyNextId_thin_form_is_read_with_unit_assumption()
    {
        var read = OpenBadgesMapper.FromCredential(Load("mynextid-credentials", "microcredential-v1", "open-badge", "open-badge-mc-example.json"));
        var e = read.Elements;
        Assert.Equal("sha256$ba91252f3fdc7162f4b7389bc63b828c7e1f9eff8a9fd43d290551bee49b56ae", e.Learner!.EmailHash);
        Assert.Equal("ea332060-e", e.Learner.Salt);
        Assert.Equal(new Workload(5m), e.Workload);
        Assert.Contains(read.Notes, n => n.Code == "CREDITS_UNIT_ASSUMED");
        Assert.Equal(["Develop test procedures", "Analyse test data"], e.LearningOutcomes.Select(o => o.Text));
        Assert.Equal("en", e.Language);
        Assert.Equal("NETIS d.o.o.", e.AwardingBodies.Single().Name);
        Assert.Equal(["assessmentType", "issuerLocations", "participationForm", "qualityAssurance"], read.MissingElements.Order(StringComparer.Ordinal));
    }

    public static TheoryData<string> SignedRealCredentials() => new()
    {
        "obf-openbadgefactory/obf-cloudnativebergen-test-badge-2025-11-08.json",
        "oeb-openbadges-education/oeb-ai-act-2025-12-04.json",
        "oeb-openbadges-education/oeb-competent-developer-2026-01-15.json",
        "dcc-verifier-core/safeModeBreaker-digitalpromise.json",
    };

    [Theory]
    [MemberData(nameof(SignedRealCredentials))]
    public void Real_signed_badges_are_read_and_reported_as_not_eu_micro_credentials(string path)
    {
        var read = OpenBadgesMapper.FromCredential(Load(path.Split('/')));
        Assert.False(read.IsComplete);
        Assert.NotNull(read.Elements.Title);
        // None claims to be a micro-credential: reported as such (information), the absent elements are not listed as missing.
        Assert.False(read.ClaimsMicroCredential);
        Assert.Empty(read.MissingElements);
        Assert.Contains(read.Notes, n => n.Code == "MICRO_CREDENTIAL_NOT_CLAIMED");
        Assert.Contains("qualityAssurance", read.AbsentAnnexIElements);
    }

    [Fact]
    public void All_edubadges_files_split_into_eleven_micro_credentials_and_nineteen_other_badges()
    {
        var files = Directory.EnumerateFiles(Wild("edubadges-obv3-examples", "credentials"), "*.json").ToList();
        var reads = files.Select(f => (File: Path.GetFileName(f), Read: OpenBadgesMapper.FromCredential(JsonNode.Parse(File.ReadAllText(f))!.AsObject()))).ToList();
        var others = reads.Where(r => !r.Read.ClaimsMicroCredential).Select(r => r.File).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(30, reads.Count);
        Assert.Equal(19, others.Count);
        Assert.All(others, f => Assert.DoesNotContain("_microcredential_", f, StringComparison.Ordinal));
        Assert.All(reads.Where(r => r.Read.ClaimsMicroCredential), r => Assert.NotEmpty(r.Read.MissingElements));
    }

    [Theory]
    [InlineData("urn:uuid:5c1b0c8e-2f4e-4a3c-9a51-0d2f7e8b1c33", true)]
    [InlineData("did:example:ebfeb1f712ebc6f1c276e12ec21", true)]
    [InlineData("https://example.com/students/1", true)]
    [InlineData("mailto:ana@example.com", true)]
    [InlineData("ana-andromeda", false)]
    [InlineData("/students/1", false)]
    [InlineData("urn:uuid:with space", false)]
    [InlineData("1http://example.com", false)]
    public void Learner_id_is_any_absolute_iri(string id, bool valid)
    {
        var elements = MappingSamples.Load("minimal-valid.json") with { Learner = new Learner { Id = id } };
        var problems = MicroCredentialValidator.Validate(elements).Problems;
        Assert.Equal(valid, !problems.Any(p => p.Code == MicroCredentialValidator.Codes.LearnerIdInvalid));
        if (valid)
        {
            var read = OpenBadgesMapper.FromCredential(OpenBadgesMapper.ToCredential(elements, MappingSamples.Options(VcDataModelVersion.V2)));
            Assert.Equal(id, read.Elements.Learner!.Id);
            Assert.True(read.IsComplete);
        }
    }

    [Theory]
    [InlineData("ES", "ES")]
    [InlineData("es", "ES")]
    [InlineData("ESP", "ES")]
    [InlineData("esp", "ES")]
    [InlineData("http://publications.europa.eu/resource/authority/country/ESP", "ES")]
    [InlineData("DEU", "DE")]
    public void Country_accepts_alpha2_alpha3_and_the_eu_authority_uri(string given, string normalised)
    {
        var elements = MappingSamples.Load("minimal-valid.json") with { IssuerLocations = [new IssuerLocation(given)] };
        Assert.Equal(normalised, elements.IssuerLocations[0].Country);
        Assert.DoesNotContain(MicroCredentialValidator.Validate(elements).Problems, p => p.Code == MicroCredentialValidator.Codes.CountryInvalid);
        var credential = OpenBadgesMapper.ToCredential(elements, MappingSamples.Options(VcDataModelVersion.V2));
        credential["issuer"]!["address"]!["addressCountryCode"] = given;
        Assert.Equal(normalised, OpenBadgesMapper.FromCredential(credential).Elements.IssuerLocations[0].Country);
    }

    [Theory]
    [InlineData("XX")]
    [InlineData("XXX")]
    [InlineData("http://publications.europa.eu/resource/authority/country/XYZ")]
    [InlineData("Spain")]
    public void Country_that_is_no_code_is_kept_and_reported(string given)
    {
        var elements = MappingSamples.Load("minimal-valid.json") with { IssuerLocations = [new IssuerLocation(given)] };
        Assert.Equal(given, elements.IssuerLocations[0].Country);
        Assert.Contains(MicroCredentialValidator.Validate(elements).Problems, p => p.Code == MicroCredentialValidator.Codes.CountryInvalid);
    }

    public static TheoryData<string> MandatoryElements() => new()
    {
        "learner", "title", "issuerLocations", "awardingBodies", "dateOfIssuing", "learningOutcomes", "workload", "assessmentType", "participationForm", "qualityAssurance",
    };

    [Theory]
    [MemberData(nameof(MandatoryElements))]
    public void Completeness_report_flags_exactly_the_removed_mandatory_element(string element)
    {
        var credential = OpenBadgesMapper.ToCredential(MappingSamples.Load("minimal-valid.json"), MappingSamples.Options(VcDataModelVersion.V2));
        var subject = credential["credentialSubject"]!.AsObject();
        var achievement = subject["achievement"]!.AsObject();
        switch (element)
        {
            case "learner": subject.Remove("id"); break;
            case "title": achievement.Remove("name"); credential.Remove("name"); break;
            case "issuerLocations": credential["issuer"]!.AsObject().Remove("address"); break;
            case "awardingBodies":
                // An issuer without id names no awarding body; its address still gives the location.
                credential["issuer"]!.AsObject().Remove("id");
                break;
            case "dateOfIssuing": credential.Remove("validFrom"); credential.Remove("awardedDate"); break;
            case "learningOutcomes": achievement.Remove("alignment"); break;
            case "workload": achievement.Remove("creditsAvailable"); break;
            case "assessmentType" or "participationForm":
                // The element is carried twice: its label in the extension term and its concept in an alignment.
                achievement.Remove(element);
                RemoveAlignments(achievement, element == "assessmentType" ? "ext:AssessmentType" : "ext:ParticipationForm");
                break;
            default: achievement.Remove(element); break;
        }

        var read = OpenBadgesMapper.FromCredential(credential);
        Assert.Equal([element], read.MissingElements);
    }

    private static void RemoveAlignments(JsonObject achievement, string targetType)
    {
        var alignment = achievement["alignment"]!.AsArray();
        foreach (var al in alignment.Where(al => (string?)al!["targetType"] == targetType).ToList())
        {
            alignment.Remove(al);
        }
    }

    [Theory]
    [InlineData("invalid-missing-elements.json")]
    [InlineData("invalid-values.json")]
    [InlineData("invalid-learner-email-in-clear.json")]
    [InlineData("invalid-level.json")]
    public void Invalid_samples_are_refused_by_the_mapper_with_their_problems(string file)
    {
        var elements = MappingSamples.Load(file);
        var ex = Assert.Throws<ArgumentException>(() => OpenBadgesMapper.ToCredential(elements));
        Assert.Equal("elements", ex.ParamName);
        foreach (var problem in MicroCredentialValidator.Validate(elements).Problems)
        {
            Assert.Contains($"{problem.Path}: {problem.Code}", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Allow_incomplete_maps_and_the_completeness_report_flags_what_is_missing()
    {
        var elements = MappingSamples.Load("minimal-valid.json") with { QualityAssurance = null, ParticipationForm = null };
        Assert.Throws<ArgumentException>(() => OpenBadgesMapper.ToCredential(elements));
        var credential = OpenBadgesMapper.ToCredential(elements, MappingSamples.Options(VcDataModelVersion.V2) with { AllowIncomplete = true });
        Assert.Equal(["participationForm", "qualityAssurance"], OpenBadgesMapper.FromCredential(credential).MissingElements.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Blank_optional_parts_are_problems_but_only_mandatory_elements_count_as_missing()
    {
        var credential = OpenBadgesMapper.ToCredential(MappingSamples.Load("rich-valid.json"), MappingSamples.Options(VcDataModelVersion.V2));
        credential["credentialSubject"]!["result"]![0]!["value"] = " ";
        credential["credentialSubject"]!["achievement"]!["qualityAssurance"] = "";
        var read = OpenBadgesMapper.FromCredential(credential);
        Assert.Contains(read.Problems, p => p.Path == "grade.value" && p.Code == MicroCredentialValidator.Codes.ElementMissing);
        Assert.Equal(["qualityAssurance"], read.MissingElements);
    }
}
