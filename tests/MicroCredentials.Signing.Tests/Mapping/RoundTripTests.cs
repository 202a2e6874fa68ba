using System.Text.Json.Nodes;
using CsCheck;
using MicroCredentials.Signing.Mapping;
using MicroCredentials.Signing.Model;
using Xunit;

namespace MicroCredentials.Signing.Tests.Mapping;

public class RoundTripTests
{
    private static readonly Gen<string> Word = Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"].Array[1, 10].Select(a => new string(a));

    private static readonly Gen<string> Text = Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789 .,éß€-"].Array[0, 40]
        .Select(a => "T" + new string(a));

    private static Gen<T?> Optional<T>(Gen<T> gen) where T : class =>
        Gen.Bool.SelectMany(present => present ? gen.Select(v => (T?)v) : Gen.Const((T?)null));

    private static Gen<(T, TB)?> OptionalPair<T, TB>(Gen<(T, TB)> gen) =>
        Gen.Bool.SelectMany(present => present ? gen.Select(v => ((T, TB)?)v) : Gen.Const(((T, TB)?)null));

    private static Gen<T?> OptionalValue<T>(Gen<T> gen) where T : struct =>
        Gen.Bool.SelectMany(present => present ? gen.Select(v => (T?)v) : Gen.Const((T?)null));

    private static readonly Gen<string> Uri = Word.Select(w => "https://" + w + ".example.eu/" + w);

    private static readonly Gen<string> Skill = Gen.OneOf(
        Word.Select(w => "http://data.europa.eu/esco/skill/" + w),
        Word.Select(w => "http://data.europa.eu/snb/dcf/" + w));

    private static readonly Gen<Learner> LearnerGen = Gen.Int[0, 2].SelectMany(kind => kind switch
    {
        0 => Word.Select(w => new Learner { Id = "did:example:" + w }),
        1 => Gen.Select(Word, Word, (e, s) => new Learner { EmailHash = IdentityHash.Compute(e + "@example.eu", s), Salt = s }),
        _ => Gen.Select(Uri, Word, (u, s) => new Learner { Id = u, EmailHash = IdentityHash.Compute("a@b.eu", s), Salt = s }),
    });

    private static readonly Gen<LearningOutcome> OutcomeGen = Gen.Select(Optional(Text), Skill.List[0, 3])
        .Where(t => t.Item1 is not null || t.Item2.Count > 0)
        .Select(t => new LearningOutcome { Text = t.Item1, Skills = t.Item2 });

    private static readonly Gen<Workload> WorkloadGen = Gen.Select(OptionalValue(Gen.Int[1, 120]), OptionalValue(Gen.Int[1, 3000]))
        .Where(t => t.Item1 is not null || t.Item2 is not null)
        .Select(t => new Workload(t.Item1 / 2m, t.Item2));

    private static readonly Gen<Level> LevelGen = Gen.Select(OptionalValue(Gen.Int[1, 8]), OptionalValue(Gen.Int[0, 3]), Optional(Text))
        .Where(t => t.Item1 is not null || t.Item2 is not null || t.Item3 is not null)
        .Select(t =>
        {
            QfEheaCycle? cycle = t.Item2 is { } c ? (QfEheaCycle)c : null;
            // Keep EQF and QF-EHEA consistent, as the validator requires.
            int? eqf = cycle is { } k && t.Item1 is not null ? MicroCredentialValidator.EqfOf(k) : t.Item1;
            return new Level(eqf, cycle, t.Item3);
        });

    /// <summary>A concept of <paramref name="vocabulary"/> or free text ("T…", which names no concept).</summary>
    private static Gen<Concept> ConceptOrText(Vocabulary vocabulary) => Gen.OneOf(
        Gen.Int[0, vocabulary.Concepts.Count - 1].Select(i => vocabulary.Concepts[i]),
        Text.Select(t => Concept.FreeText(t, vocabulary)));

    private static readonly Gen<(Concept? Type, QualityAssuranceBody? Body, string? Entry)> QualityAssuranceExtras =
        Gen.Select(Optional(ConceptOrText(Vocabularies.AccreditationTypes)),
            Optional(Gen.Select(Text, Optional(Uri), Optional(Gen.OneOf<string>("NL", "DEU", "http://publications.europa.eu/resource/authority/country/ESP")))
                .Select(b => new QualityAssuranceBody(b.Item1, b.Item2, b.Item3))),
            Optional(Word.Select(w => "https://www.eqar.eu/register/agencies/" + w)))
        .Select(t => (t.Item1, t.Item2, t.Item3));

    private static readonly Gen<StackabilityLink> LinkGen = Gen.Select(Gen.Int[0, 2], Gen.OneOf(Uri, Word.Select(w => "urn:uuid:" + w)))
        .Select(t => new StackabilityLink((StackabilityRelation)t.Item1, t.Item2));

    private static readonly Gen<IReadOnlyDictionary<string, string>> TranslationsGen =
        Gen.Select(Gen.OneOf<string>("de", "fr", "nl-BE", "sl", "ga", "es-419"), Text).List[0, 3]
            .Select(pairs => Translations.Of(pairs.DistinctBy(p => p.Item1).Select(p => KeyValuePair.Create(p.Item1, p.Item2))));

    internal static readonly Gen<MicroCredential> Elements =
        Gen.Select(LearnerGen, Text, Optional(Text), Gen.Select(Gen.OneOf<string>("BE", "NL", "IE", "SI", "DE", "FR", "FI"), Optional(Text)).List[1, 3],
                Gen.Select(Uri, Text, Optional(Uri), Optional(Word)).List[1, 3], Gen.Int[0, 1_000_000_000])
            .SelectMany(a => Gen.Select(OutcomeGen.List[1, 4], WorkloadGen, Optional(LevelGen), Text, Text, Gen.Select(Text, Optional(Uri)), Optional(Text))
                .SelectMany(b => Gen.Select(OptionalValue(Gen.Int[0, 2]), OptionalPair(Gen.Select(Text, Optional(Word))), OptionalPair(Gen.Select(Gen.Int[0, 1], Optional(Text))),
                        Optional(Text), Optional(Gen.OneOf<string>("en", "nl-NL", "de", "sl")), Gen.OneOf<string>("0613", "003", "04", "0688").List[0, 2])
                    .Select(c => new MicroCredential
                    {
                        Learner = a.Item1,
                        Title = a.Item2,
                        Description = a.Item3 is null ? null : "D" + a.Item3,
                        IssuerLocations = a.Item4.Select(l => new IssuerLocation(l.Item1, l.Item2)).ToList(),
                        AwardingBodies = a.Item5.DistinctBy(x => x.Item1).Select(x => new AwardingBody(x.Item1, x.Item2, x.Item3, x.Item4 is null ? null : x.Item4 + "@example.eu")).ToList(),
                        DateOfIssuing = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(a.Item6),
                        LearningOutcomes = b.Item1,
                        Workload = b.Item2,
                        Level = b.Item3,
                        AssessmentType = b.Item4,
                        ParticipationForm = b.Item5,
                        QualityAssurance = new QualityAssurance(b.Item6.Item1, b.Item6.Item2),
                        Prerequisites = b.Item7,
                        Supervision = c.Item1 is { } s ? (SupervisionAndIdentityVerification)s : null,
                        Grade = c.Item2 is { } g ? new Grade(g.Item1, g.Item2 is null ? null : "S" + g.Item2) : null,
                        Integration = c.Item3 is { } i ? new Integration((IntegrationKind)i.Item1, i.Item2) : null,
                        FurtherInformation = c.Item4,
                        Language = c.Item5,
                        IscedFFields = c.Item6.Distinct().ToList(),
                    })))
            .SelectMany(e => Gen.Select(ConceptOrText(Vocabularies.AssessmentTypes), ConceptOrText(Vocabularies.Modes),
                    Optional(ConceptOrText(Vocabularies.LearningSettings)), Optional(ConceptOrText(Vocabularies.LearningSchedules)),
                    Optional(ConceptOrText(Vocabularies.Nqf)), OptionalValue(Gen.Int[0, 1]), QualityAssuranceExtras, Gen.Select(LinkGen.List[0, 3], Optional(Word)))
                .Select(d => e with
                {
                    AssessmentType = d.Item1,
                    ParticipationForm = d.Item2,
                    LearningSetting = d.Item3,
                    LearningSchedule = d.Item4,
                    Level = e.Level is null ? null : e.Level with { Nqf = d.Item5 ?? e.Level.Nqf, EqfKind = d.Item6 is { } k && e.Level.Eqf is not null ? (EqfLevelKind)k : null },
                    QualityAssurance = e.QualityAssurance! with { Type = d.Item7.Type, Body = d.Item7.Body, RegisterEntry = d.Item7.Entry },
                    Integration = e.Integration is null ? null : e.Integration with { Links = d.Item8.Item1.DistinctBy(l => (l.Relation, l.Target)).ToList() },
                    AwardingBodies = [e.AwardingBodies[0] with { LegalIdentifier = d.Item8.Item2 is null ? null : "VAT-" + d.Item8.Item2 }, .. e.AwardingBodies.Skip(1)],
                }))
            .SelectMany(e => Gen.Select(TranslationsGen, TranslationsGen, TranslationsGen.Array[e.LearningOutcomes.Count], TranslationsGen)
                .Select(t => e with
                {
                    TitleTranslations = t.Item1,
                    DescriptionTranslations = e.Description is null ? Translations.None : t.Item2,
                    LearningOutcomes = e.LearningOutcomes.Select((lo, i) => lo.Text is null ? lo : lo with { TextTranslations = t.Item3[i] }).ToList(),
                    AwardingBodies = [e.AwardingBodies[0] with { NameTranslations = t.Item4 }, .. e.AwardingBodies.Skip(1)],
                }));



    [Fact]
    public void Generated_elements_are_valid()
    {
        Elements.Sample(e => Assert.True(MicroCredentialValidator.Validate(e).IsValid, string.Join("; ", MicroCredentialValidator.Validate(e).Problems)), iter: 200);
    }

    [Theory]
    [InlineData(VcDataModelVersion.V2)]
    [InlineData(VcDataModelVersion.V1_1)]
    public void Elements_to_credential_to_elements_is_lossless(VcDataModelVersion version)
    {
        Elements.Sample(elements =>
        {
            var credential = OpenBadgesMapper.ToCredential(elements, new MappingOptions { VcVersion = version, AchievementId = "urn:uuid:00000000-0000-4000-8000-000000000001" });
            // Through text, as a verifier would receive it.
            var read = OpenBadgesMapper.FromCredential(JsonNode.Parse(credential.ToJsonString())!.AsObject());
            Assert.Equal(MicroCredentialJson.Serialize(elements), MicroCredentialJson.Serialize(read.Elements));
            Assert.True(read.IsComplete);
            Assert.Empty(read.Notes);
        }, iter: 300);
    }

    [Theory]
    [InlineData("minimal-valid.json")]
    [InlineData("rich-valid.json")]
    [InlineData("eu-concepts-valid.json")]
    public void Samples_round_trip_and_keep_their_ids(string file)
    {
        var elements = MappingSamples.Load(file);
        foreach (var version in new[] { VcDataModelVersion.V2, VcDataModelVersion.V1_1 })
        {
            var options = MappingSamples.Options(version);
            var read = OpenBadgesMapper.FromCredential(OpenBadgesMapper.ToCredential(elements, options));
            Assert.Equal(MicroCredentialJson.Serialize(elements), MicroCredentialJson.Serialize(read.Elements));
            Assert.Equal(options.CredentialId, read.CredentialId);
            Assert.Equal(options.AchievementId, read.AchievementId);
        }
    }
}
