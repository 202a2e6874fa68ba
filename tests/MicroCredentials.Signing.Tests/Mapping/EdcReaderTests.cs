using System.Text.Json.Nodes;
using MicroCredentials.Signing.Mapping;
using MicroCredentials.Signing.Mapping.Edc;
using MicroCredentials.Signing.Model;
using MicroCredentials.Signing.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace MicroCredentials.Signing.Tests.Mapping;

/// <summary>EDC → elements with the completeness report, on every ELM/EDC file in ../shared/conformance/in-the-wild.</summary>
public class EdcReaderTests(ITestOutputHelper output)
{
    private static JsonObject Load(string path) => JsonNode.Parse(File.ReadAllText(TestPaths.ConformanceFile(["in-the-wild", .. path.Split('/')])))!.AsObject();

    /// <summary>Every ELM/EDC file: path, claims to be a micro-credential, the missing Annex I elements, a note that must be there.</summary>
    public static TheoryData<string, bool, string, string> Files() => new()
    {
        // The Commission's Annex I micro-credential: complete except its quality assurance, which it really lacks.
        { "elm3-european-learning-model/samples/Sample-MC-Annex1-unsigned.jsonld", true, "qualityAssurance", "LEARNER_EMAIL_UNHASHED" },
        { "elm3-european-learning-model/samples/Sample-MC-Annex1-unsigned-uploadable.json", true, "qualityAssurance", "EDC_UPLOAD_WRAPPER" },
        { "elm3-european-learning-model/samples/Sample-MC-Annex1-signed.jsonld", true, "qualityAssurance", "EDC_JADES_PAYLOAD" },
        // A certificate of participation (a learning activity) is no micro-credential.
        { "elm3-european-learning-model/samples/Sample-CertOfPart-unsigned.jsonld", false, "", "MICRO_CREDENTIAL_NOT_CLAIMED" },
        { "elm3-european-learning-model/samples/Sample-CertOfPart-signed.jsonld", false, "", "MICRO_CREDENTIAL_NOT_CLAIMED" },
        // The minimal EC sample: a learning achievement with title, body, country, date and language only.
        { "elm3-european-learning-model/samples/credential-sample.jsonld", true, "assessmentType,learningOutcomes,participationForm,qualityAssurance,workload", "" },
        // MyNextID: the same micro-credential as its OB 3.0 one, richly; no QA object.
        { "mynextid-credentials/microcredential-v1/edc/edc-mc-example.json", true, "qualityAssurance", "LEARNER_EMAIL_UNHASHED" },
        { "mynextid-credentials/microcredential-v1/edc/edc-mc-signed.jsonld", true, "qualityAssurance", "EDC_JADES_PAYLOAD" },
        // EBSI's micro-credential example (VC 2.0-shaped): no assessment, mode or QA.
        { "impierce-credential-converter/ebsi-edc-schema/Microcredential - Data and software business.json", true, "assessmentType,participationForm,qualityAssurance", "EDC_VC2_SHAPE" },
        // SURF's converter outputs: VC 2.0-shaped and thin; the OB→ELM one is not real ELM at all.
        { "educredentials-credential-converter/elm/ELM_export_example.json", true, "assessmentType,issuerLocations,learningOutcomes,participationForm,qualityAssurance,workload", "EDC_VC2_SHAPE" },
        { "educredentials-credential-converter/elm/DigiComp_Generic_test_smaller.jsonld", true, "assessmentType,issuerLocations,learningOutcomes,participationForm,qualityAssurance,workload", "EDC_VC2_SHAPE" },
        { "educredentials-credential-converter/converter-output/example_OBv3_to_ELM.json", false, "", "EDC_NOT_ELM" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_elm_edc_file_is_read_and_reported(string path, bool claims, string missing, string note)
    {
        var doc = Load(path);
        Assert.True(EdcReader.IsEdc(doc));
        var read = EdcReader.FromCredential(doc);
        output.WriteLine($"{path}: claims={read.ClaimsMicroCredential} missing=[{string.Join(",", read.MissingElements)}] notes=[{string.Join(",", read.Notes.Select(n => n.Code))}]");
        Assert.Equal(claims, read.ClaimsMicroCredential);
        Assert.Equal(missing, string.Join(",", read.MissingElements.Order(StringComparer.Ordinal)));
        if (note.Length > 0)
        {
            Assert.Contains(read.Notes, n => n.Code == note);
        }

        Assert.NotNull(read.Elements.Title);
        Assert.NotEmpty(read.Elements.AwardingBodies);
        Assert.DoesNotContain("dateOfIssuing", read.AbsentAnnexIElements);
        // Nothing but missing elements is wrong with what was read.
        Assert.All(read.Problems, p => Assert.Equal(MicroCredentialValidator.Codes.ElementMissing, p.Code));
    }

    [Fact]
    public void The_annex_i_sample_gives_every_element_as_eu_concepts()
    {
        var e = EdcReader.FromCredential(Load("elm3-european-learning-model/samples/Sample-MC-Annex1-unsigned.jsonld")).Elements;
        Assert.Equal("Digital micro-credential creation", e.Title);
        Assert.Equal(new IssuerLocation("IE", "Dublin city"), e.IssuerLocations.Single());
        Assert.Equal("University of Zed", e.AwardingBodies.Single().Name);
        Assert.Equal(new Workload(2m, 60m), e.Workload);
        Assert.Equal(6, e.Level!.Eqf);
        Assert.Equal("http://data.europa.eu/snb/qdr/c_c392e7a2", e.Level.Nqf!.Uri);
        Assert.Equal("http://data.europa.eu/snb/assessment/de4d165a6c", e.AssessmentType!.Uri);
        Assert.Equal("http://data.europa.eu/snb/learning-assessment/e92d221e4d", e.ParticipationForm!.Uri);
        Assert.Equal("http://data.europa.eu/snb/learning-setting/e207a81fc7", e.LearningSetting!.Uri);
        Assert.Equal(SupervisionAndIdentityVerification.UnsupervisedNoIdentityVerification, e.Supervision);
        Assert.Equal(new Grade("Pass", "Standard grading"), e.Grade);
        Assert.Equal("en", e.Language);
        Assert.Equal(["003", "0688"], e.IscedFFields);
        Assert.Equal([3, 3], e.LearningOutcomes.Select(o => o.Skills.Count));
    }

    [Fact]
    public void An_ob3_credential_is_not_taken_for_an_edc()
    {
        var credential = OpenBadgesMapper.ToCredential(MappingSamples.Load("rich-valid.json"), MappingSamples.Options(VcDataModelVersion.V2));
        Assert.False(EdcReader.IsEdc(credential));
    }
}
