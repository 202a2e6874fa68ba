using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Model;
using MicroCredentials.Signing.Primitives;

namespace MicroCredentials.Signing.Mapping;

public static partial class OpenBadgesMapper
{
    /// <summary>
    /// Reads the EU micro-credential elements of any OB 3.0 credential: ours (extension context), the edubadges
    /// extension properties and <c>ext:</c> alignments, SURF's learning-outcome alignments, and the thin
    /// <c>achievementType</c> + <c>creditsAvailable</c> form. Works on the JSON as is: no JSON-LD processing, no fetch.
    /// Never throws for bad data; what cannot be read is reported in <see cref="CredentialReadResult.Notes"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="credential"/> is null.</exception>
    public static CredentialReadResult FromCredential(JsonObject credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var notes = new List<MappingNote>();
        var ours = UsesExtension(credential);
        if (ContextUrls(credential).Any(IsEdubadgesContext))
        {
            notes.Add(new("$.@context", MappingNoteCodes.ContextNotSignable,
                "the edubadges/eduCredentials context is invalid JSON-LD ('context' instead of '@context' in supervisionType): " +
                "this document cannot be JSON-LD-expanded, so it cannot be Data-Integrity-signed as published; read as plain JSON"));
        }

        var subject = FirstObject(credential["credentialSubject"]);
        var achievement = subject is null ? null : FirstObject(subject["achievement"]);
        if (subject is null || achievement is null)
        {
            notes.Add(new("$.credentialSubject.achievement", MappingNoteCodes.AchievementMissing, "no credentialSubject.achievement: not an OB 3.0 AchievementCredential"));
        }

        const string A = "$.credentialSubject.achievement";
        var achievementId = String(achievement?["id"]);
        if (achievement is not null && String(achievement["achievementType"]) is { } achievementType && achievementType != "MicroCredential")
        {
            notes.Add(new(A + ".achievementType", MappingNoteCodes.AchievementTypeOther, $"achievementType is '{achievementType}', not 'MicroCredential'"));
        }

        var learner = ReadLearner(subject, notes);
        var title = String(achievement?["name"]) ?? String(credential["name"]);
        var description = String(achievement?["description"]);
        if (description == title)
        {
            description = null;
        }

        var issuer = credential["issuer"];
        var bodies = ours && achievement?["awardingBody"] is JsonArray allBodies
            ? allBodies.OfType<JsonObject>().Select(ReadBody).OfType<AwardingBody>().ToList()
            : ReadBody(issuer) is { } issuerBody ? [issuerBody] : new List<AwardingBody>();

        var locations = ours && achievement?["issuerLocation"] is JsonArray allLocations
            ? allLocations.OfType<JsonObject>().Select(ReadLocation).OfType<IssuerLocation>().ToList()
            : (issuer as JsonObject)?["address"] is JsonObject address && ReadLocation(address) is { } loc ? [loc] : new List<IssuerLocation>();

        var date = Date(credential["awardedDate"]) ?? Date(credential["validFrom"]) ?? Date(credential["issuanceDate"]);

        var alignments = (achievement?["alignment"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var outcomes = ReadLearningOutcomes(alignments, achievementId, ours, notes);
        if (outcomes.Count == 0 && achievement?["criteria"] is JsonObject criteria && String(criteria["narrative"]) is not null)
        {
            notes.Add(new(A + ".criteria.narrative", MappingNoteCodes.LearningOutcomesCriteriaOnly,
                "only a criteria narrative is present; it is not taken as explicit learning outcomes"));
        }

        var workload = ReadWorkload(achievement, ours, notes);
        var level = ReadLevel(achievement, alignments, ours, notes);
        var qa = ReadQualityAssurance(achievement, alignments, ours, notes);
        var supervision = ReadSupervision(achievement, notes);
        var grade = ReadGrade(subject, achievement);

        Integration? integration = null;
        if (String(achievement?["integrationStackability"]) is { } kindToken)
        {
            if (ElementVocabulary.ParseIntegration(kindToken) is { } kind)
            {
                integration = new Integration(kind, String(achievement!["stackableTowards"]))
                {
                    Links = Enum.GetValues<StackabilityRelation>()
                        .SelectMany(relation => Strings(achievement[StackabilityTerm(relation)]).Select(target => new StackabilityLink(relation, target)))
                        .ToList(),
                };
            }
            else
            {
                notes.Add(new(A + ".integrationStackability", MappingNoteCodes.ValueUnknown, $"unknown integrationStackability '{kindToken}'"));
            }
        }

        var iscedF = alignments
            .Select(al => String(al["targetUrl"]))
            .Where(u => u is not null && u.StartsWith(ElementVocabulary.IscedFBase, StringComparison.Ordinal))
            .Select(u => u![ElementVocabulary.IscedFBase.Length..])
            .ToList();

        var elements = new MicroCredential
        {
            Learner = learner,
            Title = title,
            TitleTranslations = ReadTranslations(achievement?["nameTranslations"]),
            Description = description,
            DescriptionTranslations = ReadTranslations(achievement?["descriptionTranslations"]),
            IssuerLocations = locations,
            AwardingBodies = bodies,
            DateOfIssuing = date,
            LearningOutcomes = outcomes,
            Workload = workload,
            Level = level,
            AssessmentType = ReadConcept(alignments, AssessmentTypeTargetType, Vocabularies.AssessmentTypes,
                String(achievement?["assessmentType"]), A + ".assessmentType", notes, ours),
            ParticipationForm = ReadConcept(alignments, ParticipationFormTargetType, Vocabularies.Modes,
                String(achievement?["participationForm"]) ?? String(achievement?["participationType"]), A + ".participationForm", notes, ours),
            LearningSetting = ReadConcept(alignments, LearningSettingTargetType, Vocabularies.LearningSettings,
                String(achievement?["learningSetting"]), A + ".learningSetting", notes, ours),
            LearningSchedule = ReadConcept(alignments, LearningScheduleTargetType, Vocabularies.LearningSchedules,
                String(achievement?["learningSchedule"]), A + ".learningSchedule", notes, ours),
            QualityAssurance = qa,
            Prerequisites = String(achievement?["prerequisites"]),
            Supervision = supervision,
            Grade = grade,
            Integration = integration,
            FurtherInformation = String(achievement?["furtherInformation"]),
            Language = String(achievement?["inLanguage"]) ?? String(credential["inLanguage"]),
            IscedFFields = iscedF,
        };
        if (achievement?["participationType"] is not null)
        {
            notes.Add(new(A + ".participationType", MappingNoteCodes.SourceEdubadges, "participation form read from the edubadges property participationType"));
        }

        var claims = ClaimsMicroCredential(credential, achievement, ours);
        if (!claims)
        {
            notes.Add(new("$", MappingNoteCodes.MicroCredentialNotClaimed,
                "information: not an EU micro-credential: the credential claims to be none (no micro-credential extension context, " +
                "no achievementType 'MicroCredential', no micro-credential credentialSchema), so it is not judged against Annex I"));
        }

        return new CredentialReadResult(elements, String(credential["id"]), achievementId,
            MicroCredentialValidator.Validate(elements).Problems, notes, claims);
    }

    // A micro-credential claim: our extension, the OB 3.0 achievementType, or a micro-credential JSON Schema
    // (edubadges marks its micro-credentials only by credentialSchema .../schemas/microcredential*.json).
    private static bool ClaimsMicroCredential(JsonObject credential, JsonObject? achievement, bool ours) =>
        ours
        || String(achievement?["achievementType"]) == "MicroCredential"
        || Objects(credential["credentialSchema"]).Any(schema => String(schema["id"]) is { } id
            && id.Split('?', '#')[0].Split('/')[^1].StartsWith("microcredential", StringComparison.OrdinalIgnoreCase));

    private static Learner? ReadLearner(JsonObject? subject, List<MappingNote> notes)
    {
        if (subject is null)
        {
            return null;
        }

        var id = String(subject["id"]);
        string? hash = null;
        string? salt = null;
        foreach (var (identity, index) in Objects(subject["identifier"]).Select((o, i) => (o, i)))
        {
            if (String(identity["identityType"]) != "emailAddress")
            {
                continue;
            }

            var value = String(identity["identityHash"]);
            if (identity["hashed"] is JsonValue hashed && hashed.GetValueKind() == JsonValueKind.True && IdentityHash.IsSha256Hash(value))
            {
                hash ??= value;
                salt ??= String(identity["salt"]);
            }
            else
            {
                notes.Add(new($"$.credentialSubject.identifier[{index}]", MappingNoteCodes.LearnerEmailUnhashed,
                    "the learner's e-mail address is not salted and hashed (sha256$); it is not imported"));
            }
        }

        return id is null && hash is null ? null : new Learner { Id = id, EmailHash = hash, Salt = hash is null ? null : salt };
    }

    private static AwardingBody? ReadBody(JsonNode? node)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            // A bare issuer id names the body but gives no name: keep the id, leave the name for validation to flag.
            return new AwardingBody(v.GetValue<string>(), string.Empty);
        }

        return node is JsonObject o && String(o["id"]) is { } id
            ? new AwardingBody(id, String(o["name"]) ?? string.Empty, String(o["url"]), String(o["email"]))
            {
                NameTranslations = ReadTranslations(o["nameTranslations"]),
                LegalIdentifier = Objects(o["otherIdentifier"]).Where(i => String(i["identifierType"]) == LegalIdentifierType).Select(i => String(i["identifier"])).FirstOrDefault(),
            }
            : null;
    }

    /// <summary>
    /// An element with an EU vocabulary: the concept of its alignment (ours), else the string resolved leniently
    /// against the vocabulary, with a note naming the concept it resolved to, or saying that none did.
    /// </summary>
    private static Concept? ReadConcept(List<JsonObject> alignments, string targetType, Vocabulary vocabulary, string? text, string path, List<MappingNote> notes, bool ours)
    {
        var aligned = alignments
            .Where(al => String(al["targetType"]) == targetType && String(al["targetUrl"]) is not null)
            .Select(al => vocabulary.Find(String(al["targetUrl"])!))
            .FirstOrDefault(c => c is not null);
        if (aligned is not null)
        {
            return aligned;
        }

        if (text is null)
        {
            return null;
        }

        if (vocabulary.Resolve(text) is { } resolved)
        {
            notes.Add(new(path, MappingNoteCodes.ConceptResolved, $"'{text}' read as the concept '{resolved.Label}' <{resolved.Uri}> of {vocabulary.Title}"));
            return resolved;
        }

        // Ours writes every concept as an alignment too: a bare string of ours is free text the issuer chose.
        if (!ours)
        {
            notes.Add(new(path, MappingNoteCodes.ConceptUnresolved, $"'{text}' names no concept of {vocabulary.Title} ({vocabulary.SchemeUri}); kept as free text"));
        }

        return Concept.FreeText(text, vocabulary);
    }

    private static IssuerLocation? ReadLocation(JsonObject address) =>
        String(address["addressCountryCode"]) is { } country ? new IssuerLocation(country, String(address["addressRegion"])) : null;

    private static List<LearningOutcome> ReadLearningOutcomes(List<JsonObject> alignments, string? achievementId, bool ours, List<MappingNote> notes)
    {
        var outcomes = new List<(string? Code, string? Text, List<string> Skills, IReadOnlyDictionary<string, string> Translations)>();
        foreach (var al in alignments)
        {
            var targetType = String(al["targetType"]);
            var url = String(al["targetUrl"]);
            var types = Strings(al["type"]);
            if (targetType == LearningOutcomeTargetType || types.Contains("LearningOutcome"))
            {
                // Ours: text is in targetDescription, the targetUrl is a fragment of the achievement id.
                // SURF's "1EdTech LO proposal": text in targetDescription (or targetName), skills in nested relations.
                var text = ours ? String(al["targetDescription"]) : String(al["targetDescription"]) ?? String(al["targetName"]);
                var skills = new List<string>();
                if (!ours && url is not null && (achievementId is null || !url.StartsWith(achievementId + LearningOutcomeFragment, StringComparison.Ordinal))
                    && url.StartsWith(ElementVocabulary.EscoPrefix, StringComparison.Ordinal))
                {
                    skills.Add(url);
                }

                foreach (var relation in Objects(al["relations"]))
                {
                    if (String(relation["targetUrl"]) is { } skill)
                    {
                        skills.Add(skill);
                    }
                }

                if (al["relations"] is not null)
                {
                    notes.Add(new("$.credentialSubject.achievement.alignment", MappingNoteCodes.SourceLoProposal,
                        "learning outcome with nested 'relations' (SURF / 1EdTech LO proposal): 'relations' and the 'LearningOutcome' type are not defined in the OB 3.0 context and are dropped by JSON-LD"));
                }

                outcomes.Add((String(al["targetCode"]), text, skills, ReadTranslations(al["targetDescriptionTranslations"])));
            }
            else if (targetType is EscoTargetType or SkillTargetType && ours)
            {
                var code = String(al["targetCode"]);
                var owner = outcomes.FindLastIndex(o => o.Code == code);
                if (owner >= 0 && url is not null)
                {
                    outcomes[owner].Skills.Add(url);
                }
            }
            else if (url is not null && url.StartsWith(ElementVocabulary.EscoPrefix, StringComparison.Ordinal))
            {
                // MyNextID-style: a plain alignment to an ESCO skill is one learning outcome.
                outcomes.Add((null, String(al["targetName"]), [url], Translations.None));
            }
        }

        return outcomes.Select(o => new LearningOutcome { Text = o.Text, Skills = o.Skills, TextTranslations = o.Translations }).ToList();
    }

    private static Workload? ReadWorkload(JsonObject? achievement, bool ours, List<MappingNote> notes)
    {
        if (achievement is null)
        {
            return null;
        }

        const string A = "$.credentialSubject.achievement";
        var ects = Number(achievement["creditsAvailable"]);
        var hours = Number(achievement["workloadHours"]);
        if (ects is not null && !ours && Number(achievement["ECTS"]) is null)
        {
            notes.Add(new(A + ".creditsAvailable", MappingNoteCodes.CreditsUnitAssumed, "creditsAvailable carries no unit; read as ECTS"));
        }

        if (ours && ects is not null && String(achievement["creditUnit"]) is { } unit && Vocabularies.CreditPoints.Resolve(unit) != Vocabularies.Ects)
        {
            notes.Add(new(A + ".creditUnit", MappingNoteCodes.CreditsUnitUnknown, $"credit unit '{unit}' is not ECTS; credits ignored"));
            ects = null;
        }

        if (Number(achievement["ECTS"]) is { } edubadgesEcts)
        {
            ects ??= edubadgesEcts;
            notes.Add(new(A + ".ECTS", MappingNoteCodes.SourceEdubadges, "ECTS read from the edubadges property ECTS"));
        }

        if (Number(achievement["SBU"]) is { } sbu)
        {
            hours ??= sbu;
            notes.Add(new(A + ".SBU", MappingNoteCodes.SourceEdubadges, "hours read from the edubadges property SBU (study-load hours)"));
        }

        if (Number(achievement["timeInvestment"]) is { } time)
        {
            hours ??= time;
            notes.Add(new(A + ".timeInvestment", MappingNoteCodes.SourceEdubadges, "hours read from the edubadges property timeInvestment"));
        }

        return ects is null && hours is null ? null : new Workload(ects, hours);
    }

    private static Level? ReadLevel(JsonObject? achievement, List<JsonObject> alignments, bool ours, List<MappingNote> notes)
    {
        int? eqf = null;
        foreach (var al in alignments)
        {
            var url = String(al["targetUrl"]);
            var candidate = url is not null && url.StartsWith(ElementVocabulary.EqfBase, StringComparison.Ordinal)
                ? url[ElementVocabulary.EqfBase.Length..]
                : String(al["targetType"]) == EqfTargetType ? String(al["targetCode"]) : null;
            if (candidate is null)
            {
                continue;
            }

            if (int.TryParse(candidate, NumberStyles.None, CultureInfo.InvariantCulture, out var level))
            {
                eqf ??= level;
                if (url is not null && !url.StartsWith(ElementVocabulary.EqfBase, StringComparison.Ordinal))
                {
                    notes.Add(new("$.credentialSubject.achievement.alignment", MappingNoteCodes.EqfNonEuUri,
                        $"EQF level read from targetCode; targetUrl '{url}' is not the EU EQF URI {ElementVocabulary.EqfBase}{level}"));
                }
            }
        }

        var cycleToken = String(achievement?["qfEheaCycle"]);
        var cycle = ElementVocabulary.ParseQfEhea(cycleToken);
        if (cycleToken is not null && cycle is null)
        {
            notes.Add(new("$.credentialSubject.achievement.qfEheaCycle", MappingNoteCodes.ValueUnknown, $"unknown QF-EHEA cycle '{cycleToken}'"));
        }

        var nqf = ReadConcept(alignments, NqfTargetType, Vocabularies.Nqf, String(achievement?["nqfLevel"]), "$.credentialSubject.achievement.nqfLevel", notes, ours);
        var kindToken = String(achievement?["eqfLevelKind"]);
        var kind = ElementVocabulary.ParseEqfKind(kindToken);
        if (kindToken is not null && kind is null)
        {
            notes.Add(new("$.credentialSubject.achievement.eqfLevelKind", MappingNoteCodes.ValueUnknown, $"unknown EQF level kind '{kindToken}'"));
        }

        return eqf is null && cycle is null && nqf is null ? null : new Level(eqf, cycle, nqf) { EqfKind = kind };
    }

    private static QualityAssurance? ReadQualityAssurance(JsonObject? achievement, List<JsonObject> alignments, bool ours, List<MappingNote> notes)
    {
        if (ours && String(achievement?["qualityAssurance"]) is { } description)
        {
            var body = achievement!["qualityAssuranceBody"] as JsonObject;
            return new QualityAssurance(description, String(achievement["qualityAssuranceUrl"]))
            {
                Type = ReadConcept(alignments, QualityAssuranceTypeTargetType, Vocabularies.AccreditationTypes,
                    String(achievement["qualityAssuranceType"]), "$.credentialSubject.achievement.qualityAssuranceType", notes, ours),
                RegisterEntry = String(achievement["qualityAssuranceRegisterEntry"]),
                Body = body is null ? null : new QualityAssuranceBody(String(body["name"]) ?? string.Empty, String(body["id"]),
                    (body["address"] as JsonObject) is { } address ? String(address["addressCountryCode"]) : null),
            };
        }

        var al = alignments.FirstOrDefault(a => String(a["targetType"]) == QualityAssuranceTargetType);
        if (al is null)
        {
            return null;
        }

        var text = String(al["targetDescription"]) ?? String(al["targetName"]) ?? string.Empty;
        if (String(al["targetCode"]) is { } code && !text.Contains(code, StringComparison.Ordinal))
        {
            text += " (" + code + ")";
        }

        return new QualityAssurance(text, String(al["targetUrl"]));
    }

    private static SupervisionAndIdentityVerification? ReadSupervision(JsonObject? achievement, List<MappingNote> notes)
    {
        if (achievement is null)
        {
            return null;
        }

        if (String(achievement["supervisionAndIdentityVerification"]) is { } token)
        {
            var value = ElementVocabulary.ParseSupervision(token);
            if (value is null)
            {
                notes.Add(new("$.credentialSubject.achievement.supervisionAndIdentityVerification", MappingNoteCodes.ValueUnknown, $"unknown supervision value '{token}'"));
            }

            return value;
        }

        // edubadges: a 4-value supervisionType plus a separate boolean identityChecked.
        var type = String(achievement["supervisionType"]);
        if (type is null)
        {
            return null;
        }

        bool? checkedId = achievement["identityChecked"] is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? b.GetValueKind() == JsonValueKind.True
            : null;
        const string P = "$.credentialSubject.achievement.supervisionType";
        SupervisionAndIdentityVerification? result = type switch
        {
            "unsupervised with no identity verification" => SupervisionAndIdentityVerification.UnsupervisedNoIdentityVerification,
            "supervised with no identity verification" => SupervisionAndIdentityVerification.SupervisedNoIdentityVerification,
            "supervised online" or "onsite with identity verification" => checkedId == false
                ? SupervisionAndIdentityVerification.SupervisedNoIdentityVerification
                : SupervisionAndIdentityVerification.SupervisedWithIdentityVerification,
            _ => null,
        };
        if (result is null)
        {
            notes.Add(new(P, MappingNoteCodes.ValueUnknown, $"unknown edubadges supervisionType '{type}'"));
        }
        else if (type == "onsite with identity verification" && checkedId == false)
        {
            notes.Add(new(P, MappingNoteCodes.SupervisionConflict,
                "supervisionType says 'onsite with identity verification' but identityChecked is false; read as supervised without identity verification"));
        }
        else
        {
            notes.Add(new(P, MappingNoteCodes.SourceEdubadges, "supervision read from the edubadges properties supervisionType and identityChecked"));
        }

        return result;
    }

    private static Grade? ReadGrade(JsonObject? subject, JsonObject? achievement)
    {
        var result = Objects(subject?["result"]).FirstOrDefault(r => String(r["value"]) is not null);
        if (result is null)
        {
            return null;
        }

        var descriptionId = String(result["resultDescription"]);
        var description = Objects(achievement?["resultDescription"]).FirstOrDefault(d => String(d["id"]) == descriptionId);
        var scheme = description is null ? null : String(description["name"]);
        return new Grade(String(result["value"])!, scheme == "Grade" ? null : scheme);
    }

    // A JSON-LD language map of strings; anything else is not read.
    private static IReadOnlyDictionary<string, string> ReadTranslations(JsonNode? node) =>
        node is JsonObject map
            ? Translations.Of(map.Where(p => String(p.Value) is not null).Select(p => KeyValuePair.Create(p.Key, String(p.Value)!)))
            : Translations.None;

    private static bool IsEdubadgesContext(string url) =>
        url.Contains("educredentials/", StringComparison.OrdinalIgnoreCase) && url.Contains("educredential", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<string> ContextUrls(JsonObject credential) => Strings(credential["@context"]);

    private static List<string> Strings(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [v.GetValue<string>()],
        JsonArray a => a.Select(String).OfType<string>().ToList(),
        _ => [],
    };

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonObject o => [o],
        JsonArray a => a.OfType<JsonObject>(),
        _ => [],
    };

    private static JsonObject? FirstObject(JsonNode? node) => Objects(node).FirstOrDefault();

    private static string? String(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static decimal? Number(JsonNode? node)
    {
        if (node is not JsonValue v)
        {
            return null;
        }

        return v.GetValueKind() switch
        {
            JsonValueKind.Number when decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            JsonValueKind.String when decimal.TryParse(v.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) => s,
            _ => null,
        };
    }

    private static DateTimeOffset? Date(JsonNode? node) =>
        XsdDateTime.TryParse(String(node), out var d, XsdDateTimeForm.DateOrDateTime)
            ? d
            : null;
}
