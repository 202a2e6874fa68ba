using System.Text.RegularExpressions;

namespace MicroCredentials.Signing.Model;

/// <summary>One problem found in a set of micro-credential elements.</summary>
/// <param name="Path">The element's path in the elements JSON form (e.g. <c>workload.ects</c>, <c>learningOutcomes[1].skills[0]</c>).</param>
/// <param name="Code">A stable, machine-readable code (e.g. <c>ELEMENT_MISSING</c>).</param>
/// <param name="Message">A human-readable explanation.</param>
public sealed record ValidationProblem(string Path, string Code, string Message);

/// <summary>The outcome of <see cref="MicroCredentialValidator.Validate"/>: every problem found, in document order.</summary>
public sealed class MicroCredentialValidationResult
{
    internal MicroCredentialValidationResult(IReadOnlyList<ValidationProblem> problems) => Problems = problems;

    /// <summary>True when no problem was found.</summary>
    public bool IsValid => Problems.Count == 0;

    /// <summary>All problems found.</summary>
    public IReadOnlyList<ValidationProblem> Problems { get; }
}

/// <summary>
/// Checks a <see cref="MicroCredential"/> against Annex I of the Council Recommendation and the EU vocabularies.
/// Reports all problems at once and never throws for bad data.
/// </summary>
public static partial class MicroCredentialValidator
{
    /// <summary>Stable problem codes.</summary>
    public static class Codes
    {
        /// <summary>A mandatory element is absent or empty.</summary>
        public const string ElementMissing = "ELEMENT_MISSING";
        /// <summary>The learner id is not an absolute IRI (a DID, URL or URN such as <c>urn:uuid:</c>).</summary>
        public const string LearnerIdInvalid = "LEARNER_ID_INVALID";
        /// <summary>The learner e-mail is not stored as a salted <c>sha256$</c> hash.</summary>
        public const string LearnerEmailNotHashed = "LEARNER_EMAIL_NOT_HASHED";
        /// <summary>A hashed e-mail has no salt.</summary>
        public const string LearnerEmailSaltMissing = "LEARNER_EMAIL_SALT_MISSING";
        /// <summary>A text element is present but blank.</summary>
        public const string TextEmpty = "TEXT_EMPTY";
        /// <summary>Not an ISO 3166-1 alpha-2 or alpha-3 country code, nor an EU country authority URI.</summary>
        public const string CountryInvalid = "COUNTRY_INVALID";
        /// <summary>An ISO 3166-2 region code that does not belong to its country.</summary>
        public const string RegionCountryMismatch = "REGION_COUNTRY_MISMATCH";
        /// <summary>An awarding body id is not an absolute URI.</summary>
        public const string AwardingBodyIdInvalid = "AWARDING_BODY_ID_INVALID";
        /// <summary>Two awarding bodies share an id.</summary>
        public const string AwardingBodyDuplicate = "AWARDING_BODY_DUPLICATE";
        /// <summary>A URL element is not an absolute URI.</summary>
        public const string UrlInvalid = "URL_INVALID";
        /// <summary>The date of issuing lies before the year 2000.</summary>
        public const string DateInvalid = "DATE_INVALID";
        /// <summary>A learning outcome has neither text nor skills.</summary>
        public const string LearningOutcomeEmpty = "LEARNING_OUTCOME_EMPTY";
        /// <summary>A learning outcome skill is not an absolute URI.</summary>
        public const string LearningOutcomeSkillInvalid = "LEARNING_OUTCOME_SKILL_INVALID";
        /// <summary>Neither ECTS nor hours were given.</summary>
        public const string WorkloadEmpty = "WORKLOAD_EMPTY";
        /// <summary>ECTS credits are negative.</summary>
        public const string WorkloadEctsNegative = "WORKLOAD_ECTS_NEGATIVE";
        /// <summary>ECTS credits are zero.</summary>
        public const string WorkloadEctsZero = "WORKLOAD_ECTS_ZERO";
        /// <summary>Hours are negative.</summary>
        public const string WorkloadHoursNegative = "WORKLOAD_HOURS_NEGATIVE";
        /// <summary>Hours are zero.</summary>
        public const string WorkloadHoursZero = "WORKLOAD_HOURS_ZERO";
        /// <summary>The level element is present but has no EQF, QF-EHEA or NQF value.</summary>
        public const string LevelEmpty = "LEVEL_EMPTY";
        /// <summary>EQF level outside 1–8.</summary>
        public const string LevelEqfOutOfRange = "LEVEL_EQF_OUT_OF_RANGE";
        /// <summary>A QF-EHEA cycle that does not fit the EQF level (short 5, first 6, second 7, third 8).</summary>
        public const string LevelQfEheaEqfMismatch = "LEVEL_QF_EHEA_EQF_MISMATCH";
        /// <summary>Language is not a BCP 47 tag.</summary>
        public const string LanguageInvalid = "LANGUAGE_INVALID";
        /// <summary>Not an ISCED-F 2013 field code (2, 3 or 4 digits).</summary>
        public const string IscedFInvalid = "ISCED_F_INVALID";
        /// <summary>An enumerated value is not defined.</summary>
        public const string EnumUndefined = "ENUM_UNDEFINED";
        /// <summary>A URI in an EU vocabulary's namespace that is no concept of it (the message names the vocabulary).</summary>
        public const string ConceptUnknown = "CONCEPT_UNKNOWN";
        /// <summary>A concept of another EU vocabulary than the element's (the message names the one it should come from).</summary>
        public const string ConceptWrongVocabulary = "CONCEPT_WRONG_VOCABULARY";
        /// <summary>A translation is missing for a language the caller asked for (<see cref="MissingTranslations"/>).</summary>
        public const string TranslationMissing = "TRANSLATION_MISSING";
        /// <summary>A stackability link whose target is not an absolute URI.</summary>
        public const string StackabilityTargetInvalid = "STACKABILITY_TARGET_INVALID";
    }

    /// <summary>
    /// The mandatory Annex I elements, by their elements-JSON name. The level is mandatory only where applicable,
    /// so it is not listed.
    /// </summary>
    public static IReadOnlyList<string> MandatoryElements { get; } =
    [
        "learner", "title", "issuerLocations", "awardingBodies", "dateOfIssuing", "learningOutcomes", "workload",
        "assessmentType", "participationForm", "qualityAssurance",
    ];

    /// <summary>Validates <paramref name="credential"/>. Never throws for bad data.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="credential"/> is null.</exception>
    public static MicroCredentialValidationResult Validate(MicroCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var p = new List<ValidationProblem>();

        ValidateLearner(credential.Learner, p);
        RequireText(credential.Title, "title", p);
        if (credential.Description is { } description && string.IsNullOrWhiteSpace(description))
        {
            p.Add(new("description", Codes.TextEmpty, "description is blank; omit it instead"));
        }

        ValidateTranslations(credential.TitleTranslations, "titleTranslations", p);
        ValidateTranslations(credential.DescriptionTranslations, "descriptionTranslations", p);
        ValidateLocations(credential.IssuerLocations, p);
        ValidateAwardingBodies(credential.AwardingBodies, p);

        if (credential.DateOfIssuing is not { } date)
        {
            p.Add(Missing("dateOfIssuing"));
        }
        else if (date.Year < 2000)
        {
            p.Add(new("dateOfIssuing", Codes.DateInvalid, "dateOfIssuing must not be before the year 2000"));
        }

        ValidateLearningOutcomes(credential.LearningOutcomes, p);
        ValidateWorkload(credential.Workload, p);
        ValidateLevel(credential.Level, p);
        RequireConcept(credential.AssessmentType, "assessmentType", Vocabularies.AssessmentTypes, p);
        RequireConcept(credential.ParticipationForm, "participationForm", Vocabularies.Modes, p);
        OptionalConcept(credential.LearningSetting, "learningSetting", Vocabularies.LearningSettings, p);
        OptionalConcept(credential.LearningSchedule, "learningSchedule", Vocabularies.LearningSchedules, p);

        if (credential.QualityAssurance is not { } qa)
        {
            p.Add(Missing("qualityAssurance"));
        }
        else
        {
            RequireText(qa.Description, "qualityAssurance.description", p);
            OptionalUrl(qa.Url, "qualityAssurance.url", p);
            OptionalConcept(qa.Type, "qualityAssurance.type", Vocabularies.AccreditationTypes, p);
            if (qa.RegisterEntry is { } entry && !IsAbsoluteUri(entry))
            {
                p.Add(new("qualityAssurance.registerEntry", Codes.UrlInvalid, $"'{entry}' is not an absolute URI"));
            }

            if (qa.Body is { } body)
            {
                RequireText(body.Name, "qualityAssurance.body.name", p);
                if (body.Id is { } bodyId && !IsAbsoluteUri(bodyId))
                {
                    p.Add(new("qualityAssurance.body.id", Codes.UrlInvalid, $"'{bodyId}' is not an absolute URI"));
                }

                if (body.Country is { } country && !CountryCodes.IsValid(country))
                {
                    p.Add(new("qualityAssurance.body.country", Codes.CountryInvalid, $"'{country}' is not an ISO 3166-1 alpha-2 or alpha-3 country code, nor an EU country authority URI"));
                }
            }
        }

        OptionalText(credential.Prerequisites, "prerequisites", p);
        if (credential.Supervision is { } supervision && !Enum.IsDefined(supervision))
        {
            p.Add(new("supervision", Codes.EnumUndefined, "supervision has an undefined value"));
        }

        if (credential.Grade is { } grade)
        {
            RequireText(grade.Value, "grade.value", p);
            OptionalText(grade.Scheme, "grade.scheme", p);
        }

        if (credential.Integration is { } integration)
        {
            if (!Enum.IsDefined(integration.Kind))
            {
                p.Add(new("integration.kind", Codes.EnumUndefined, "integration.kind has an undefined value"));
            }

            OptionalText(integration.Towards, "integration.towards", p);
            for (var i = 0; i < integration.Links.Count; i++)
            {
                var link = integration.Links[i];
                if (link is null || !Enum.IsDefined(link.Relation))
                {
                    p.Add(new($"integration.links[{i}]", Codes.EnumUndefined, "a stackability link needs a defined relation"));
                }
                else if (!IsAbsoluteUri(link.Target))
                {
                    p.Add(new($"integration.links[{i}].target", Codes.StackabilityTargetInvalid, $"'{link.Target}' is not an absolute URI of a credential or qualification"));
                }
            }
        }

        OptionalText(credential.FurtherInformation, "furtherInformation", p);
        if (credential.Language is { } language && !LanguageTag().IsMatch(language))
        {
            p.Add(new("language", Codes.LanguageInvalid, $"'{language}' is not a BCP 47 language tag"));
        }

        for (var i = 0; i < credential.IscedFFields.Count; i++)
        {
            var code = credential.IscedFFields[i];
            if (code is null || !IscedF().IsMatch(code))
            {
                p.Add(new($"iscedF[{i}]", Codes.IscedFInvalid, $"'{code}' is not an ISCED-F 2013 code (2, 3 or 4 digits)"));
            }
        }

        return new MicroCredentialValidationResult(p);
    }

    private static void ValidateTranslations(IReadOnlyDictionary<string, string>? translations, string path, List<ValidationProblem> p)
    {
        foreach (var (tag, text) in translations ?? Translations.None)
        {
            if (tag is null || !LanguageTag().IsMatch(tag))
            {
                p.Add(new($"{path}.{tag}", Codes.LanguageInvalid, $"'{tag}' is not a BCP 47 language tag"));
            }
            else if (string.IsNullOrWhiteSpace(text))
            {
                p.Add(new($"{path}.{tag}", Codes.TextEmpty, $"the '{tag}' text is blank; omit it instead"));
            }
        }
    }

    /// <summary>
    /// The translations missing for <paramref name="languages"/> (BCP 47 tags): for the title, the description,
    /// every learning outcome text and every awarding body name, a language that is neither the credential's
    /// <see cref="MicroCredential.Language"/> (the language of the primary text) nor a translation. Problem code
    /// <see cref="Codes.TranslationMissing"/>. Never throws for bad data.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IReadOnlyList<ValidationProblem> MissingTranslations(MicroCredential credential, IEnumerable<string> languages)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(languages);
        var p = new List<ValidationProblem>();
        foreach (var language in languages.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            void Check(string? primary, IReadOnlyDictionary<string, string>? translations, string path)
            {
                var has = (primary is not null && string.Equals(credential.Language, language, StringComparison.OrdinalIgnoreCase))
                    || (translations ?? Translations.None).Keys.Any(k => string.Equals(k, language, StringComparison.OrdinalIgnoreCase));
                if (!has)
                {
                    p.Add(new($"{path}.{language}", Codes.TranslationMissing, $"no '{language}' text for {path[..path.LastIndexOf("Translations", StringComparison.Ordinal)]}"));
                }
            }

            Check(credential.Title, credential.TitleTranslations, "titleTranslations");
            if (credential.Description is not null || credential.DescriptionTranslations.Count > 0)
            {
                Check(credential.Description, credential.DescriptionTranslations, "descriptionTranslations");
            }

            for (var i = 0; i < credential.LearningOutcomes.Count; i++)
            {
                if (credential.LearningOutcomes[i] is { Text: not null } outcome)
                {
                    Check(outcome.Text, outcome.TextTranslations, $"learningOutcomes[{i}].textTranslations");
                }
            }

            for (var i = 0; i < credential.AwardingBodies.Count; i++)
            {
                if (credential.AwardingBodies[i] is { } body)
                {
                    Check(body.Name, body.NameTranslations, $"awardingBodies[{i}].nameTranslations");
                }
            }
        }

        return p;
    }

    private static void ValidateLearner(Learner? learner, List<ValidationProblem> p)
    {
        if (learner is null || (learner.Id is null && learner.EmailHash is null))
        {
            p.Add(new("learner", Codes.ElementMissing, "learner must have an id (an absolute IRI: DID, URL or urn:uuid:) or a hashed e-mail address"));
            return;
        }

        if (learner.Id is { } id && !IsAbsoluteUri(id))
        {
            p.Add(new("learner.id", Codes.LearnerIdInvalid, $"'{id}' is not an absolute IRI (a DID, a URL or a URN such as urn:uuid:…)"));
        }

        if (learner.EmailHash is { } hash)
        {
            if (!IdentityHash.IsSha256Hash(hash))
            {
                p.Add(new("learner.emailHash", Codes.LearnerEmailNotHashed,
                    hash.Contains('@', StringComparison.Ordinal)
                        ? "the learner's e-mail address must be stored salted and hashed (sha256$<hex>), never in clear"
                        : "emailHash must be 'sha256$' followed by 64 lowercase hex digits"));
            }

            if (string.IsNullOrEmpty(learner.Salt))
            {
                p.Add(new("learner.salt", Codes.LearnerEmailSaltMissing, "a hashed e-mail address needs its salt"));
            }
        }
    }

    private static void ValidateLocations(IReadOnlyList<IssuerLocation> locations, List<ValidationProblem> p)
    {
        if (locations.Count == 0)
        {
            p.Add(Missing("issuerLocations"));
            return;
        }

        for (var i = 0; i < locations.Count; i++)
        {
            var location = locations[i];
            if (location is null)
            {
                p.Add(Missing($"issuerLocations[{i}]"));
                continue;
            }

            if (!CountryCodes.IsValid(location.Country))
            {
                p.Add(new($"issuerLocations[{i}].country", Codes.CountryInvalid, $"'{location.Country}' is not an ISO 3166-1 alpha-2 or alpha-3 country code, nor an EU country authority URI ({CountryCodes.AuthorityBase}…)"));
            }

            if (location.Region is { } region)
            {
                if (string.IsNullOrWhiteSpace(region))
                {
                    p.Add(new($"issuerLocations[{i}].region", Codes.TextEmpty, "region is blank; omit it instead"));
                }
                else if (Iso3166Part2().IsMatch(region) && !region.StartsWith(location.Country + "-", StringComparison.Ordinal))
                {
                    p.Add(new($"issuerLocations[{i}].region", Codes.RegionCountryMismatch, $"ISO 3166-2 region '{region}' is not in country '{location.Country}'"));
                }
            }
        }
    }

    private static void ValidateAwardingBodies(IReadOnlyList<AwardingBody> bodies, List<ValidationProblem> p)
    {
        if (bodies.Count == 0)
        {
            p.Add(Missing("awardingBodies"));
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < bodies.Count; i++)
        {
            var body = bodies[i];
            if (body is null)
            {
                p.Add(Missing($"awardingBodies[{i}]"));
                continue;
            }

            if (!IsAbsoluteUri(body.Id))
            {
                p.Add(new($"awardingBodies[{i}].id", Codes.AwardingBodyIdInvalid, $"'{body.Id}' is not an absolute URI or DID"));
            }
            else if (!seen.Add(body.Id))
            {
                p.Add(new($"awardingBodies[{i}].id", Codes.AwardingBodyDuplicate, $"awarding body '{body.Id}' is listed twice"));
            }

            RequireText(body.Name, $"awardingBodies[{i}].name", p);
            ValidateTranslations(body.NameTranslations, $"awardingBodies[{i}].nameTranslations", p);
            OptionalUrl(body.Url, $"awardingBodies[{i}].url", p);
            OptionalText(body.Email, $"awardingBodies[{i}].email", p);
        }
    }

    private static void ValidateLearningOutcomes(IReadOnlyList<LearningOutcome> outcomes, List<ValidationProblem> p)
    {
        if (outcomes.Count == 0)
        {
            p.Add(Missing("learningOutcomes"));
            return;
        }

        for (var i = 0; i < outcomes.Count; i++)
        {
            var outcome = outcomes[i];
            if (outcome is null || (string.IsNullOrWhiteSpace(outcome.Text) && outcome.Skills.Count == 0))
            {
                p.Add(new($"learningOutcomes[{i}]", Codes.LearningOutcomeEmpty, "a learning outcome needs text and/or at least one skill URI"));
                continue;
            }

            if (outcome.Text is { } text && string.IsNullOrWhiteSpace(text))
            {
                p.Add(new($"learningOutcomes[{i}].text", Codes.TextEmpty, "text is blank; omit it instead"));
            }

            ValidateTranslations(outcome.TextTranslations, $"learningOutcomes[{i}].textTranslations", p);

            for (var j = 0; j < outcome.Skills.Count; j++)
            {
                if (!IsAbsoluteUri(outcome.Skills[j]))
                {
                    p.Add(new($"learningOutcomes[{i}].skills[{j}]", Codes.LearningOutcomeSkillInvalid, $"'{outcome.Skills[j]}' is not an absolute URI"));
                }
            }
        }
    }

    private static void ValidateWorkload(Workload? workload, List<ValidationProblem> p)
    {
        if (workload is null)
        {
            p.Add(Missing("workload"));
            return;
        }

        if (workload.Ects is null && workload.Hours is null)
        {
            p.Add(new("workload", Codes.WorkloadEmpty, "workload needs ECTS credits (wherever possible) and/or hours"));
        }

        if (workload.Ects < 0)
        {
            p.Add(new("workload.ects", Codes.WorkloadEctsNegative, "ECTS credits cannot be negative"));
        }
        else if (workload.Ects == 0)
        {
            p.Add(new("workload.ects", Codes.WorkloadEctsZero, "ECTS credits must be greater than zero"));
        }

        if (workload.Hours < 0)
        {
            p.Add(new("workload.hours", Codes.WorkloadHoursNegative, "hours cannot be negative"));
        }
        else if (workload.Hours == 0)
        {
            p.Add(new("workload.hours", Codes.WorkloadHoursZero, "hours must be greater than zero"));
        }
    }

    private static void ValidateLevel(Level? level, List<ValidationProblem> p)
    {
        // Level is mandatory only "if applicable", so its absence is not a problem here.
        if (level is null)
        {
            return;
        }

        if (level.Eqf is null && level.QfEhea is null && level.Nqf is null)
        {
            p.Add(new("level", Codes.LevelEmpty, "level needs an EQF level, a QF-EHEA cycle or an NQF level; omit it when not applicable"));
        }

        if (level.Eqf is { } eqf and (< 1 or > 8))
        {
            p.Add(new("level.eqf", Codes.LevelEqfOutOfRange, $"EQF level {eqf} is outside 1–8"));
        }

        if (level.QfEhea is { } cycle)
        {
            if (!Enum.IsDefined(cycle))
            {
                p.Add(new("level.qfEhea", Codes.EnumUndefined, "level.qfEhea has an undefined value"));
            }
            else if (level.Eqf is { } e and >= 1 and <= 8 && e != EqfOf(cycle))
            {
                p.Add(new("level.qfEhea", Codes.LevelQfEheaEqfMismatch, $"QF-EHEA {cycle} corresponds to EQF level {EqfOf(cycle)}, not {e}"));
            }
        }

        OptionalConcept(level.Nqf, "level.nqf", Vocabularies.Nqf, p);
        if (level.EqfKind is { } kind && !Enum.IsDefined(kind))
        {
            p.Add(new("level.eqfKind", Codes.EnumUndefined, "level.eqfKind has an undefined value"));
        }
    }

    private static void RequireConcept(Concept? value, string path, Vocabulary vocabulary, List<ValidationProblem> p)
    {
        if (value is null)
        {
            p.Add(Missing(path));
            return;
        }

        OptionalConcept(value, path, vocabulary, p);
    }

    // Free text is allowed (Annex I elements are free text); a URI must be a concept of the element's vocabulary.
    private static void OptionalConcept(Concept? value, string path, Vocabulary vocabulary, List<ValidationProblem> p)
    {
        if (value is null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(value.Label))
        {
            p.Add(new(path, Codes.ElementMissing, $"'{path}' is blank"));
        }
        else if (value.Uri is { } uri && !vocabulary.Contains(value))
        {
            var owner = value.Vocabulary is { } other && !ReferenceEquals(other, vocabulary) && other.Find(uri) is not null ? other : null;
            p.Add(owner is not null
                ? new(path, Codes.ConceptWrongVocabulary,
                    $"'{value.Label}' ({uri}) is a concept of {owner.Title}; {path} takes a concept of {vocabulary.Title} ({vocabulary.SchemeUri})")
                : new(path, Codes.ConceptUnknown, $"'{uri}' is not a concept of {vocabulary.Title} ({vocabulary.SchemeUri})"));
        }
        else if (value.Uri is null && (vocabulary.Owns(value.Label) || Vocabularies.Owner(value.Label) is not null))
        {
            var owner = Vocabularies.Owner(value.Label)!;
            p.Add(new(path, Codes.ConceptUnknown, $"'{value.Label}' is not a concept of {owner.Title} ({owner.SchemeUri}); {path} takes a concept of {vocabulary.Title}"));
        }
    }

    internal static int EqfOf(QfEheaCycle cycle) => cycle switch
    {
        QfEheaCycle.ShortCycle => 5,
        QfEheaCycle.FirstCycle => 6,
        QfEheaCycle.SecondCycle => 7,
        _ => 8,
    };

    private static ValidationProblem Missing(string path) => new(path, Codes.ElementMissing, $"mandatory element '{path}' is missing");

    private static void RequireText(string? value, string path, List<ValidationProblem> p)
    {
        if (value is null)
        {
            p.Add(Missing(path));
        }
        else if (string.IsNullOrWhiteSpace(value))
        {
            p.Add(new(path, Codes.ElementMissing, $"mandatory element '{path}' is blank"));
        }
    }

    private static void OptionalText(string? value, string path, List<ValidationProblem> p)
    {
        if (value is not null && string.IsNullOrWhiteSpace(value))
        {
            p.Add(new(path, Codes.TextEmpty, $"'{path}' is blank; omit it instead"));
        }
    }

    private static void OptionalUrl(string? value, string path, List<ValidationProblem> p)
    {
        if (value is not null && !IsHttpUrl(value))
        {
            p.Add(new(path, Codes.UrlInvalid, $"'{value}' is not an absolute http(s) URL"));
        }
    }

    internal static bool IsDid(string value) => DidSyntax().IsMatch(value);

    internal static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    // An RFC 3987 absolute IRI starts with its own scheme: Uri.TryCreate alone also takes "/path" (a file path) as absolute.
    internal static bool IsAbsoluteUri(string? value) =>
        value is not null && !value.Any(char.IsWhiteSpace) && (IsDid(value) ||
            (SchemePrefix().IsMatch(value) && Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme.Length > 1));

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:[^:]")]
    private static partial Regex SchemePrefix();

    [GeneratedRegex("^did:[a-z0-9]+:[A-Za-z0-9._:%-]+(#[^\\s]*)?$")]
    private static partial Regex DidSyntax();

    [GeneratedRegex("^[A-Z]{2}-[A-Z0-9]{1,3}$")]
    private static partial Regex Iso3166Part2();

    [GeneratedRegex("^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")]
    private static partial Regex LanguageTag();

    [GeneratedRegex("^[0-9]{2,4}$")]
    private static partial Regex IscedF();
}
