namespace MicroCredentials.Signing.Model;

/// <summary>
/// The elements of an EU micro-credential as listed in Annex I of the Council Recommendation of 16 June 2022
/// (2022/C 243/02), plus language and ISCED-F field. Every element is nullable so that incomplete data can be
/// represented and reported by <see cref="MicroCredentialValidator"/> instead of failing to load.
/// </summary>
public sealed record MicroCredential
{
    /// <summary>Mandatory: identification of the learner.</summary>
    public Learner? Learner { get; init; }

    /// <summary>Mandatory: title of the micro-credential.</summary>
    public string? Title { get; init; }

    /// <summary>The title in further languages: BCP 47 tag → text (the primary-language title is <see cref="Title"/>).</summary>
    public IReadOnlyDictionary<string, string> TitleTranslations { get; init; } = Translations.None;

    /// <summary>Optional free-text description of the micro-credential (not an Annex I element; OB 3.0 requires one).</summary>
    public string? Description { get; init; }

    /// <summary>The description in further languages: BCP 47 tag → text.</summary>
    public IReadOnlyDictionary<string, string> DescriptionTranslations { get; init; } = Translations.None;

    /// <summary>Mandatory: country(ies)/region(s) of the issuer.</summary>
    public IReadOnlyList<IssuerLocation> IssuerLocations { get; init; } = [];

    /// <summary>Mandatory: awarding body(ies). The first one is the credential's issuer.</summary>
    public IReadOnlyList<AwardingBody> AwardingBodies { get; init; } = [];

    /// <summary>Mandatory: date of issuing.</summary>
    public DateTimeOffset? DateOfIssuing { get; init; }

    /// <summary>Mandatory: learning outcomes (free text and/or ESCO or other framework URIs).</summary>
    public IReadOnlyList<LearningOutcome> LearningOutcomes { get; init; } = [];

    /// <summary>Mandatory: notional workload needed to achieve the learning outcomes (ECTS wherever possible).</summary>
    public Workload? Workload { get; init; }

    /// <summary>Mandatory where applicable: level (and cycle) of the learning experience: EQF, QF-EHEA, NQF.</summary>
    public Level? Level { get; init; }

    /// <summary>
    /// Mandatory: type of assessment, a concept of <see cref="Vocabularies.AssessmentTypes"/> (assign a label, code or
    /// URI such as <c>"written examination"</c>; it resolves on assignment) or free text when none fits.
    /// </summary>
    public Concept? AssessmentType { get; init => field = Vocabularies.AssessmentTypes.Coerce(value); }

    /// <summary>
    /// Mandatory: form of participation in the learning activity, a concept of <see cref="Vocabularies.Modes"/>
    /// (<c>"online"</c>, <c>"onsite"</c> → presential, <c>"blended"</c>) or free text when none fits.
    /// </summary>
    public Concept? ParticipationForm { get; init => field = Vocabularies.Modes.Coerce(value); }

    /// <summary>Optional: learning setting, a concept of <see cref="Vocabularies.LearningSettings"/> (formal or non-formal learning).</summary>
    public Concept? LearningSetting { get; init => field = Vocabularies.LearningSettings.Coerce(value); }

    /// <summary>Optional: learning schedule, a concept of <see cref="Vocabularies.LearningSchedules"/> (full time, part time).</summary>
    public Concept? LearningSchedule { get; init => field = Vocabularies.LearningSchedules.Coerce(value); }

    /// <summary>Mandatory: type of quality assurance used to underpin the micro-credential.</summary>
    public QualityAssurance? QualityAssurance { get; init; }

    /// <summary>Optional: prerequisites needed to enrol in the learning activity.</summary>
    public string? Prerequisites { get; init; }

    /// <summary>Optional: supervision and identity verification during assessment.</summary>
    public SupervisionAndIdentityVerification? Supervision { get; init; }

    /// <summary>Optional: grade achieved.</summary>
    public Grade? Grade { get; init; }

    /// <summary>Optional: integration/stackability options.</summary>
    public Integration? Integration { get; init; }

    /// <summary>Optional: further information (free text).</summary>
    public string? FurtherInformation { get; init; }

    /// <summary>Language of the learning activity or credential (BCP 47 tag such as <c>en</c> or <c>nl-NL</c>).</summary>
    public string? Language { get; init; }

    /// <summary>The EU language concept of <see cref="Language"/> (<see cref="Vocabularies.Languages"/>, from its primary subtag), or null.</summary>
    public Concept? LanguageConcept => Language is null ? null : Vocabularies.Languages.Resolve(Language);

    /// <summary>ISCED-F 2013 fields of education and training (2-, 3- or 4-digit codes such as <c>0613</c>).</summary>
    public IReadOnlyList<string> IscedFFields { get; init; } = [];

    /// <summary>The ISCED-F concepts of <see cref="IscedFFields"/> (<see cref="Vocabularies.IscedF"/>); codes that are no concept are left out.</summary>
    public IReadOnlyList<Concept> IscedFConcepts => IscedFFields.Select(f => f is null ? null : Vocabularies.IscedF.Find(ElementVocabulary.IscedFBase + f)).OfType<Concept>().ToList();
}

/// <summary>
/// Identification of the learner: an absolute IRI such as a DID, URL or <c>urn:uuid:</c> (<see cref="Id"/>), and/or an e-mail address stored only as a
/// salted SHA-256 hash (<see cref="EmailHash"/>, <c>sha256$&lt;hex&gt;</c>, see <see cref="IdentityHash"/>).
/// </summary>
public sealed record Learner
{
    /// <summary>An absolute IRI identifying the learner: a DID (<c>did:…</c>), a URL, or a URN such as <c>urn:uuid:…</c>.</summary>
    public string? Id { get; init; }

    /// <summary>The salted hash of the learner's e-mail address, <c>sha256$</c> followed by 64 lowercase hex digits.</summary>
    public string? EmailHash { get; init; }

    /// <summary>The salt used for <see cref="EmailHash"/>.</summary>
    public string? Salt { get; init; }
}

/// <summary>A country and optional region of the issuer.</summary>
/// <param name="Country">
/// ISO 3166-1 alpha-2 (<c>NL</c>) or alpha-3 (<c>NLD</c>) code, or the EU country authority URI
/// (<c>http://publications.europa.eu/resource/authority/country/NLD</c>); stored normalised to the alpha-2 code.
/// A value that is none of these is kept as given, for validation to report.
/// </param>
/// <param name="Region">Optional region: ISO 3166-2 code or free text.</param>
public sealed record IssuerLocation(string Country, string? Region = null)
{
    /// <summary>The ISO 3166-1 alpha-2 code (normalised from alpha-3 or the EU authority URI), or the value as given when it is none of these.</summary>
    public string Country { get; init => field = Normalize(value); } = Normalize(Country);

    private static string Normalize(string value) => value is null ? null! : CountryCodes.Normalize(value);

    /// <summary>The EU country concept of <see cref="Country"/> (<see cref="Vocabularies.Countries"/>), or null for an unknown code.</summary>
    public Concept? CountryConcept => CountryCodes.IsValid(Country) ? Vocabularies.Countries.Find(CountryCodes.AuthorityBase + CountryCodes.Alpha3(Country)) : null;
}

/// <summary>An awarding body.</summary>
/// <param name="Id">Absolute URI or DID of the body (becomes the OB 3.0 Profile id).</param>
/// <param name="Name">Name of the body.</param>
/// <param name="Url">Optional homepage.</param>
/// <param name="Email">Optional contact e-mail address of the body.</param>
public sealed record AwardingBody(string Id, string Name, string? Url = null, string? Email = null)
{
    /// <summary>Optional legal identifier of the body (e.g. its VAT, eIDAS or registry number), which ELM/EDC require of an issuer.</summary>
    public string? LegalIdentifier { get; init; }

    /// <summary>The name in further languages: BCP 47 tag → text.</summary>
    public IReadOnlyDictionary<string, string> NameTranslations { get; init; } = Translations.None;
}

/// <summary>Helpers for the model's multilingual text (BCP 47 tag → text).</summary>
public static class Translations
{
    /// <summary>No translations.</summary>
    public static IReadOnlyDictionary<string, string> None { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>A translation map ordered by tag (ordinal), so that equal maps serialize equally.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="translations"/> is null.</exception>
    /// <exception cref="ArgumentException">A tag is given twice.</exception>
    public static IReadOnlyDictionary<string, string> Of(IEnumerable<KeyValuePair<string, string>> translations)
    {
        ArgumentNullException.ThrowIfNull(translations);
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (tag, text) in translations)
        {
            map.Add(tag, text);
        }

        return map;
    }
}

/// <summary>A learning outcome: a free-text statement and/or related skill URIs (ESCO or another framework).</summary>
public sealed record LearningOutcome
{
    /// <summary>The learning outcome as free text.</summary>
    public string? Text { get; init; }

    /// <summary>The text in further languages: BCP 47 tag → text.</summary>
    public IReadOnlyDictionary<string, string> TextTranslations { get; init; } = Translations.None;

    /// <summary>URIs of related skills, ESCO (<c>http://data.europa.eu/esco/skill/…</c>) wherever possible.</summary>
    public IReadOnlyList<string> Skills { get; init; } = [];
}

/// <summary>
/// Notional workload: credit points in the European Credit Transfer System (<see cref="Vocabularies.Ects"/>) wherever
/// possible, and/or notional learning hours.
/// </summary>
/// <param name="Ects">ECTS credits.</param>
/// <param name="Hours">Notional learning hours.</param>
public sealed record Workload(decimal? Ects = null, decimal? Hours = null);

/// <summary>Level of the learning experience.</summary>
/// <param name="Eqf">EQF level 1–8 (URI <c>http://data.europa.eu/snb/eqf/N</c>).</param>
/// <param name="QfEhea">QF-EHEA cycle, when applicable.</param>
/// <param name="Nqf">
/// National qualifications framework level: a concept of <see cref="Vocabularies.Nqf"/> (a QDR URI such as
/// <c>http://data.europa.eu/snb/qdr/c_c392e7a2</c> or its label <c>"RQF Level 6"</c>), or free text.
/// </param>
public sealed record Level(int? Eqf = null, QfEheaCycle? QfEhea = null, Concept? Nqf = null)
{
    /// <summary>The national level (see the constructor).</summary>
    public Concept? Nqf { get; init => field = Vocabularies.Nqf.Coerce(value); } = Vocabularies.Nqf.Coerce(Nqf);

    /// <summary>
    /// Whether <see cref="Eqf"/> is the level of a referenced, EQF-levelled qualification the micro-credential awards
    /// (<see cref="EqfLevelKind.Awarded"/>) or only indicative (<see cref="EqfLevelKind.Indicative"/>); null when not said.
    /// </summary>
    public EqfLevelKind? EqfKind { get; init; }

    /// <summary>The EQF concept of <see cref="Eqf"/> (<see cref="Vocabularies.Eqf"/>), or null.</summary>
    public Concept? EqfConcept => Eqf is { } level ? Vocabularies.Eqf.Find(ElementVocabulary.EqfBase + level.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null;
}

/// <summary>Whether an EQF level is awarded (the level of a referenced qualification) or indicative.</summary>
public enum EqfLevelKind
{
    /// <summary>The level of the referenced (national, EQF-levelled) qualification the micro-credential awards.</summary>
    Awarded,
    /// <summary>An indicative level of the learning experience, not of an awarded qualification.</summary>
    Indicative,
}

/// <summary>Cycles of the Qualifications Framework of the European Higher Education Area.</summary>
public enum QfEheaCycle
{
    /// <summary>Short cycle (within or linked to the first cycle).</summary>
    ShortCycle,
    /// <summary>First cycle (bachelor level).</summary>
    FirstCycle,
    /// <summary>Second cycle (master level).</summary>
    SecondCycle,
    /// <summary>Third cycle (doctoral level).</summary>
    ThirdCycle,
}

/// <summary>Type of quality assurance.</summary>
/// <param name="Description">How the micro-credential is quality assured (free text, e.g. "institutional accreditation").</param>
/// <param name="Url">Optional URL of the accreditation decision or QA body.</param>
public sealed record QualityAssurance(string Description, string? Url = null)
{
    /// <summary>
    /// Optional type of quality assurance, a concept of <see cref="Vocabularies.AccreditationTypes"/> (institutional or
    /// programme quality assurance or licence) or free text (e.g. "internal", "external").
    /// </summary>
    public Concept? Type { get; init => field = Vocabularies.AccreditationTypes.Coerce(value); }

    /// <summary>Optional: the quality assurance or accreditation body.</summary>
    public QualityAssuranceBody? Body { get; init; }

    /// <summary>
    /// Optional: the accreditation or register entry, an absolute URI (e.g. the DEQAR report or the EQAR register entry
    /// of the body).
    /// </summary>
    public string? RegisterEntry { get; init; }
}

/// <summary>A quality assurance or accreditation body.</summary>
/// <param name="Name">Name of the body.</param>
/// <param name="Id">Optional absolute URI of the body (e.g. its EQAR/DEQAR agency URI).</param>
/// <param name="Country">Optional country (ISO 3166-1 alpha-2 or alpha-3, or the EU authority URI; normalised to alpha-2).</param>
public sealed record QualityAssuranceBody(string Name, string? Id = null, string? Country = null)
{
    /// <summary>The country, normalised to ISO 3166-1 alpha-2 (see the constructor).</summary>
    public string? Country { get; init => field = value is null ? null : CountryCodes.Normalize(value); } = Country is null ? null : CountryCodes.Normalize(Country);
}

/// <summary>The three Annex I values for supervision and identity verification during assessment.</summary>
public enum SupervisionAndIdentityVerification
{
    /// <summary>Unsupervised with no identity verification.</summary>
    UnsupervisedNoIdentityVerification,
    /// <summary>Supervised with no identity verification.</summary>
    SupervisedNoIdentityVerification,
    /// <summary>Supervised online or onsite with identity verification.</summary>
    SupervisedWithIdentityVerification,
}

/// <summary>Grade achieved.</summary>
/// <param name="Value">The grade as shown to humans (e.g. <c>8.5</c>, <c>B</c>, <c>Pass</c>).</param>
/// <param name="Scheme">Optional name of the grading scheme.</param>
public sealed record Grade(string Value, string? Scheme = null);

/// <summary>Integration/stackability options.</summary>
/// <param name="Kind">Stand-alone or integrated/stackable.</param>
/// <param name="Towards">Optional: the credential it integrates or stacks towards (free text or URI).</param>
public sealed record Integration(IntegrationKind Kind, string? Towards = null)
{
    /// <summary>
    /// Typed stackability links to other credentials or qualifications, by id. A set: kept ordered by relation, then
    /// target, so that equal sets compare equal whatever order they were given in.
    /// </summary>
    public IReadOnlyList<StackabilityLink> Links
    {
        get;
        init => field = value is null ? null! : [.. value.OrderBy(l => l?.Relation).ThenBy(l => l?.Target, StringComparer.Ordinal)];
    } = [];
}

/// <summary>A typed stackability link (ELM <c>isPartOf</c> / <c>hasPart</c>, and "can be combined with").</summary>
/// <param name="Relation">How the micro-credential relates to the target.</param>
/// <param name="Target">The absolute URI of the credential or qualification (e.g. a QDR qualification id).</param>
public sealed record StackabilityLink(StackabilityRelation Relation, string Target);

/// <summary>How a micro-credential relates to another credential or qualification.</summary>
public enum StackabilityRelation
{
    /// <summary>It is part of the target (stacks into it).</summary>
    IsPartOf,
    /// <summary>The target is part of it.</summary>
    HasPart,
    /// <summary>It can be combined with the target.</summary>
    CanBeCombinedWith,
}

/// <summary>Whether a micro-credential stands alone or integrates/stacks into another credential.</summary>
public enum IntegrationKind
{
    /// <summary>Stand-alone, independent micro-credential.</summary>
    StandAlone,
    /// <summary>Integrated or stackable towards another credential.</summary>
    Stackable,
}
