using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Model;

namespace MicroCredentials.Signing.Mapping;

/// <summary>
/// Maps EU micro-credential elements to unsigned Open Badges 3.0 <c>AchievementCredential</c>s and back.
/// OB 3.0 properties are used wherever one fits; the rest use the <c>@protected</c> extension terms, whose
/// definitions produced credentials carry inline (<see cref="ExtensionContext"/>); credentials that refer to the older
/// unpublished URL <see cref="ExtensionContextUrl"/> are still read. The table with reasons is in <c>docs/mapping.md</c>.
/// </summary>
public static partial class OpenBadgesMapper
{
    /// <summary>URL of the project's JSON-LD extension context (file <c>schemas/contexts/mcred-v1.jsonld</c>).</summary>
    public const string ExtensionContextUrl = Schemas.ExtensionUse.ContextUrl;

    /// <summary>
    /// The extension's term definitions as an inline context object (<c>@version</c> 1.1, <c>@protected</c>, every
    /// term an absolute IRI under <see cref="VocabularyBase"/>): what produced credentials carry in <c>@context</c>
    /// instead of the unpublished <see cref="ExtensionContextUrl"/>. A new object on every call.
    /// </summary>
    public static JsonObject ExtensionContext() => (JsonObject)ExtensionContextDefinition.Value.DeepClone();

    private static readonly Lazy<JsonObject> ExtensionContextDefinition = new(() =>
    {
        using var stream = typeof(OpenBadgesMapper).Assembly.GetManifestResourceStream("schemas/contexts/mcred-v1.jsonld")
            ?? throw new InvalidOperationException("embedded context schemas/contexts/mcred-v1.jsonld is missing");
        return JsonNode.Parse(stream)!["@context"]!.AsObject();
    });

    /// <summary>
    /// Whether a credential uses the extension: its <c>@context</c> lists <see cref="ExtensionContextUrl"/> (older
    /// credentials) or an inline context object that defines a term as an IRI under <see cref="VocabularyBase"/>.
    /// </summary>
    internal static bool UsesExtension(JsonObject credential) => Schemas.ExtensionUse.In(credential);

    /// <summary>Base IRI of the extension vocabulary.</summary>
    public const string VocabularyBase = Schemas.ExtensionUse.VocabularyBase;

    /// <summary>VC Data Model 2.0 base context.</summary>
    public const string CredentialsV2Context = "https://www.w3.org/ns/credentials/v2";

    /// <summary>VC Data Model 1.1 base context.</summary>
    public const string CredentialsV1Context = "https://www.w3.org/2018/credentials/v1";

    /// <summary>The OB 3.0 context used for produced credentials.</summary>
    public const string OpenBadgesContext = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

    /// <summary>The OB 3.0 extensions context (defines <c>1EdTechJsonSchemaValidator2019</c>).</summary>
    public const string OpenBadgesExtensionsContext = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json";

    /// <summary>The OB 3.0 AchievementCredential JSON Schema (JSON variant) referenced by <c>credentialSchema</c>.</summary>
    public const string AchievementCredentialSchemaUrl = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json";

    internal const string EctsUnit = "ECTS";
    internal const string AssessmentTypeTargetType = "ext:AssessmentType";
    internal const string ParticipationFormTargetType = "ext:ParticipationForm";
    internal const string LearningSettingTargetType = "ext:LearningSetting";
    internal const string LearningScheduleTargetType = "ext:LearningSchedule";
    internal const string NqfTargetType = "ext:NQF";
    internal const string QualityAssuranceTypeTargetType = "ext:QualityAssuranceType";
    internal const string LegalIdentifierType = "ext:LegalIdentifier";
    internal const string LearningOutcomeTargetType = "ext:LearningOutcome";
    internal const string EscoTargetType = "ext:ESCO";
    internal const string SkillTargetType = "ext:Skill";
    internal const string EqfTargetType = "ext:EQF";
    internal const string IscedFTargetType = "ext:ISCED-F";
    internal const string QualityAssuranceTargetType = "ext:QualityAssurance";
    internal const string GradeFragment = "#grade";
    internal const string LearningOutcomeFragment = "#lo-";

    /// <summary>Builds an unsigned OB 3.0 <c>AchievementCredential</c> (<c>achievementType</c> <c>MicroCredential</c>).</summary>
    /// <param name="elements">The elements; must pass <see cref="MicroCredentialValidator"/> (see <see cref="MappingOptions.AllowIncomplete"/>).</param>
    /// <param name="options">Options; defaults to VC 2.0 with fresh ids.</param>
    /// <returns>A new JSON object the caller owns.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="elements"/> is null.</exception>
    /// <exception cref="ArgumentException">The elements are not valid (the message lists the problems).</exception>
    public static JsonObject ToCredential(MicroCredential elements, MappingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(elements);
        options ??= new MappingOptions();
        var problems = CheckMappable(elements, options);
        if (problems.Count > 0)
        {
            throw new ArgumentException(
                "the elements are not a valid EU micro-credential: " + string.Join("; ", problems.Select(p => $"{p.Path}: {p.Code}")),
                nameof(elements));
        }

        var v2 = options.VcVersion != VcDataModelVersion.V1_1;
        var achievementId = options.AchievementId ?? "urn:uuid:" + Guid.NewGuid().ToString("D");
        var context = new JsonArray(v2 ? CredentialsV2Context : CredentialsV1Context, OpenBadgesContext);
        if (options.IncludeCredentialSchema)
        {
            context.Add((JsonNode)OpenBadgesExtensionsContext);
        }

        context.Add(options.ExtensionContext == ExtensionContextForm.Url ? JsonValue.Create(ExtensionContextUrl) : ExtensionContext());

        var date = MicroCredentialJson.FormatDate(elements.DateOfIssuing!.Value);
        var credential = new JsonObject
        {
            ["@context"] = context,
            ["id"] = options.CredentialId ?? "urn:uuid:" + Guid.NewGuid().ToString("D"),
            ["type"] = new JsonArray("VerifiableCredential", "AchievementCredential"),
            ["name"] = elements.Title,
            ["issuer"] = Profile(elements.AwardingBodies[0], elements.IssuerLocations.Count > 0 ? elements.IssuerLocations[0] : null),
            [v2 ? "validFrom" : "issuanceDate"] = date,
        };
        if (options.ValidUntil is { } until)
        {
            credential[v2 ? "validUntil" : "expirationDate"] = MicroCredentialJson.FormatDate(until);
        }

        credential["awardedDate"] = date;
        credential["credentialSubject"] = Subject(elements, achievementId);
        if (options.IncludeCredentialSchema)
        {
            credential["credentialSchema"] = new JsonArray(new JsonObject
            {
                ["id"] = AchievementCredentialSchemaUrl,
                ["type"] = "1EdTechJsonSchemaValidator2019",
            });
        }

        // Re-parse so that every value is JSON-backed (numbers readable as any numeric type by downstream processors).
        return JsonNode.Parse(credential.ToJsonString())!.AsObject();
    }

    /// <summary>
    /// The problems that stop <see cref="ToCredential"/> for these elements and options: every validation problem,
    /// except missing Annex I elements when <see cref="MappingOptions.AllowIncomplete"/> is set (title, learner,
    /// awarding body and date of issuing are always needed). Never throws for bad data.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="elements"/> is null.</exception>
    public static IReadOnlyList<ValidationProblem> CheckMappable(MicroCredential elements, MappingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(elements);
        var allowIncomplete = options?.AllowIncomplete == true;
        return MicroCredentialValidator.Validate(elements).Problems
            .Where(p => !(allowIncomplete && p.Code == MicroCredentialValidator.Codes.ElementMissing && !IsRequiredByOpenBadges(p.Path)))
            .ToList();
    }

    private static bool IsRequiredByOpenBadges(string path) =>
        path is "title" or "learner" or "awardingBodies" or "dateOfIssuing";

    private static JsonObject Subject(MicroCredential e, string achievementId)
    {
        var subject = new JsonObject();
        if (e.Learner!.Id is { } learnerId)
        {
            subject["id"] = learnerId;
        }

        subject["type"] = new JsonArray("AchievementSubject");
        if (e.Learner.EmailHash is { } hash)
        {
            subject["identifier"] = new JsonArray(new JsonObject
            {
                ["type"] = "IdentityObject",
                ["identityType"] = "emailAddress",
                ["hashed"] = true,
                ["identityHash"] = hash,
                ["salt"] = e.Learner.Salt,
            });
        }

        subject["achievement"] = Achievement(e, achievementId);
        if (e.Workload?.Ects is { } ects)
        {
            subject["creditsEarned"] = ects;
        }

        if (e.Grade is { } grade)
        {
            subject["result"] = new JsonArray(new JsonObject
            {
                ["type"] = new JsonArray("Result"),
                ["resultDescription"] = achievementId + GradeFragment,
                ["value"] = grade.Value,
            });
        }

        return subject;
    }

    private static JsonObject Achievement(MicroCredential e, string achievementId)
    {
        var a = new JsonObject
        {
            ["id"] = achievementId,
            ["type"] = new JsonArray("Achievement"),
            ["achievementType"] = "MicroCredential",
            ["name"] = e.Title,
            ["description"] = e.Description ?? e.Title,
            ["criteria"] = new JsonObject { ["narrative"] = Narrative(e) },
        };
        // Further languages as JSON-LD language maps (extension terms); OB's own name and description stay plain
        // strings, as its JSON Schema requires. (Not the schema:name IRI itself: two keys of one object with one IRI
        // are a noncanonical shape a verifier refuses.)
        PutTranslations(a, "nameTranslations", e.TitleTranslations);
        PutTranslations(a, "descriptionTranslations", e.DescriptionTranslations);
        if (e.Workload?.Ects is { } ects)
        {
            a["creditsAvailable"] = ects;
        }

        if (e.Language is { } language)
        {
            a["inLanguage"] = language;
        }

        var alignment = Alignments(e, achievementId);
        if (alignment.Count > 0)
        {
            a["alignment"] = alignment;
        }

        if (e.Grade is { } grade)
        {
            a["resultDescription"] = new JsonArray(new JsonObject
            {
                ["id"] = achievementId + GradeFragment,
                ["type"] = new JsonArray("ResultDescription"),
                ["name"] = grade.Scheme ?? "Grade",
                ["resultType"] = "Result",
            });
        }

        // Extension terms (https://w3id.org/mcred/v1): elements OB 3.0 has no property for.
        if (e.Workload?.Ects is not null)
        {
            // The unit of creditsAvailable, as the EU concept (ECTS); "ECTS" is read too.
            a["creditUnit"] = Vocabularies.Ects.Uri;
        }

        if (e.Workload?.Hours is { } hours)
        {
            a["workloadHours"] = hours;
        }

        if (e.Level?.QfEhea is { } cycle)
        {
            a["qfEheaCycle"] = ElementVocabulary.ToToken(cycle);
        }

        if (e.Level?.EqfKind is { } eqfKind)
        {
            a["eqfLevelKind"] = ElementVocabulary.ToToken(eqfKind);
        }

        // Concepts: the label here (free text as given); the concept URI in an alignment (see Alignments).
        Put(a, "nqfLevel", e.Level?.Nqf?.Label);
        Put(a, "assessmentType", e.AssessmentType?.Label);
        Put(a, "participationForm", e.ParticipationForm?.Label);
        Put(a, "learningSetting", e.LearningSetting?.Label);
        Put(a, "learningSchedule", e.LearningSchedule?.Label);
        if (e.QualityAssurance is { } qa)
        {
            a["qualityAssurance"] = qa.Description;
            Put(a, "qualityAssuranceUrl", qa.Url);
            Put(a, "qualityAssuranceType", qa.Type?.Label);
            Put(a, "qualityAssuranceRegisterEntry", qa.RegisterEntry);
            if (qa.Body is { } qaBody)
            {
                var body = new JsonObject();
                Put(body, "id", qaBody.Id);
                body["type"] = new JsonArray("Profile");
                body["name"] = qaBody.Name;

                if (qaBody.Country is { } qaCountry)
                {
                    body["address"] = Address(new IssuerLocation(qaCountry));
                }

                a["qualityAssuranceBody"] = body;
            }
        }

        if (e.Supervision is { } supervision)
        {
            a["supervisionAndIdentityVerification"] = ElementVocabulary.ToToken(supervision);
        }

        Put(a, "prerequisites", e.Prerequisites);
        if (e.Integration is { } integration)
        {
            a["integrationStackability"] = ElementVocabulary.ToToken(integration.Kind);
            Put(a, "stackableTowards", integration.Towards);
            foreach (var group in integration.Links.GroupBy(l => l.Relation))
            {
                a[StackabilityTerm(group.Key)] = new JsonArray(group.Select(l => (JsonNode)JsonValue.Create(l.Target)!).ToArray());
            }
        }

        Put(a, "furtherInformation", e.FurtherInformation);

        // The issuer Profile carries the first location and the first awarding body; list all only when there are more.
        if (e.IssuerLocations.Count > 1)
        {
            a["issuerLocation"] = new JsonArray(e.IssuerLocations.Select(l => (JsonNode)Address(l)).ToArray());
        }

        if (e.AwardingBodies.Count > 1)
        {
            a["awardingBody"] = new JsonArray(e.AwardingBodies.Select(b => (JsonNode)Profile(b, null)).ToArray());
        }

        return a;
    }

    private static JsonArray Alignments(MicroCredential e, string achievementId)
    {
        var list = new JsonArray();
        if (e.Level?.Eqf is { } eqf)
        {
            var level = eqf.ToString(CultureInfo.InvariantCulture);
            list.Add((JsonNode)Alignment(EqfTargetType, "EQF level " + level, ElementVocabulary.EqfBase + level, level, "European Qualifications Framework", null));
        }

        foreach (var field in e.IscedFFields)
        {
            list.Add((JsonNode)Alignment(IscedFTargetType, "ISCED-F " + field, ElementVocabulary.IscedFBase + field, field, "ISCED-F 2013", null));
        }

        ConceptAlignment(list, NqfTargetType, e.Level?.Nqf);
        ConceptAlignment(list, AssessmentTypeTargetType, e.AssessmentType);
        ConceptAlignment(list, ParticipationFormTargetType, e.ParticipationForm);
        ConceptAlignment(list, LearningSettingTargetType, e.LearningSetting);
        ConceptAlignment(list, LearningScheduleTargetType, e.LearningSchedule);
        ConceptAlignment(list, QualityAssuranceTypeTargetType, e.QualityAssurance?.Type);

        for (var i = 0; i < e.LearningOutcomes.Count; i++)
        {
            var lo = e.LearningOutcomes[i];
            var code = "lo-" + (i + 1).ToString(CultureInfo.InvariantCulture);
            var outcome = Alignment(LearningOutcomeTargetType, lo.Text ?? "Learning outcome " + (i + 1).ToString(CultureInfo.InvariantCulture),
                achievementId + LearningOutcomeFragment + (i + 1).ToString(CultureInfo.InvariantCulture), code, null, lo.Text);
            PutTranslations(outcome, "targetDescriptionTranslations", lo.TextTranslations);
            list.Add((JsonNode)outcome);
            foreach (var skill in lo.Skills)
            {
                var esco = skill.StartsWith(ElementVocabulary.EscoPrefix, StringComparison.Ordinal);
                list.Add((JsonNode)Alignment(esco ? EscoTargetType : SkillTargetType, skill, skill, code, esco ? "ESCO" : null, null));
            }
        }

        return list;
    }

    // A concept of an EU vocabulary as an OB 3.0 alignment: targetUrl the concept URI, targetFramework the vocabulary.
    private static void ConceptAlignment(JsonArray list, string targetType, Concept? concept)
    {
        if (concept is { Uri: { } uri, Vocabulary: { } vocabulary })
        {
            list.Add((JsonNode)Alignment(targetType, concept.Label, uri, uri[(uri.LastIndexOf('/') + 1)..], vocabulary.Title, null));
        }
    }

    internal static string StackabilityTerm(StackabilityRelation relation) => relation switch
    {
        StackabilityRelation.IsPartOf => "stackableIsPartOf",
        StackabilityRelation.HasPart => "stackableHasPart",
        _ => "stackableCanBeCombinedWith",
    };

    private static JsonObject Alignment(string targetType, string name, string url, string? code, string? framework, string? description)
    {
        var o = new JsonObject
        {
            ["type"] = new JsonArray("Alignment"),
            ["targetType"] = targetType,
            ["targetName"] = name,
            ["targetUrl"] = url,
        };
        Put(o, "targetCode", code);
        Put(o, "targetFramework", framework);
        Put(o, "targetDescription", description);
        return o;
    }

    private static JsonObject Profile(AwardingBody body, IssuerLocation? location)
    {
        var p = new JsonObject
        {
            ["id"] = body.Id,
            ["type"] = new JsonArray("Profile"),
            ["name"] = body.Name,
        };
        PutTranslations(p, "nameTranslations", body.NameTranslations);
        Put(p, "url", body.Url);
        Put(p, "email", body.Email);
        if (body.LegalIdentifier is { } legal)
        {
            p["otherIdentifier"] = new JsonArray(new JsonObject
            {
                ["type"] = "IdentifierEntry",
                ["identifier"] = legal,
                ["identifierType"] = LegalIdentifierType,
            });
        }
        if (location is not null)
        {
            p["address"] = Address(location);
        }

        return p;
    }

    private static JsonObject Address(IssuerLocation location)
    {
        var a = new JsonObject { ["type"] = new JsonArray("Address"), ["addressCountryCode"] = location.Country };
        Put(a, "addressRegion", location.Region);
        return a;
    }

    private static string Narrative(MicroCredential e)
    {
        // Human-readable only; FromCredential reads the structured properties, never this text.
        var sb = new StringBuilder();
        sb.Append("Learning outcomes:");
        foreach (var lo in e.LearningOutcomes)
        {
            sb.Append("\n- ").Append(lo.Text ?? string.Join(", ", lo.Skills));
        }

        if (e.AssessmentType is { } assessment)
        {
            sb.Append("\n\nAssessment: ").Append(assessment.Label);
        }

        return sb.ToString();
    }

    private static void PutTranslations(JsonObject o, string name, IReadOnlyDictionary<string, string>? translations)
    {
        if (translations is { Count: > 0 })
        {
            o[name] = new JsonObject(translations.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => KeyValuePair.Create(t.Key, (JsonNode?)JsonValue.Create(t.Value))));
        }
    }

    private static void Put(JsonObject o, string name, string? value)
    {
        if (value is not null)
        {
            o[name] = value;
        }
    }
}
