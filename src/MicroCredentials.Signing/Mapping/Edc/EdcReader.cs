using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using MicroCredentials.Signing.Model;

namespace MicroCredentials.Signing.Mapping.Edc;

/// <summary>
/// Reads the EU micro-credential elements out of a European Digital Credential (ELM 3 JSON-LD, EDC application
/// profile): the credential itself, the Europass upload wrapper (<c>{"credential": …}</c>), or the payload of a
/// JAdES-sealed credential (JWS JSON serialization; the seal is not checked here). Works on the JSON as is: no JSON-LD
/// processing, no fetch. Never throws for bad data; what cannot be read is reported in
/// <see cref="CredentialReadResult.Notes"/>. (The export, <c>MicroCredential → EDC</c>, is not implemented yet.)
/// </summary>
public static class EdcReader
{
    /// <summary>The EDC application profile's JSON-LD context URL.</summary>
    public const string EdcContextUrl = "http://data.europa.eu/snb/model/context/edc-ap";

    /// <summary>
    /// Whether <paramref name="document"/> is (or wraps) an ELM/EDC credential: its <c>@context</c> lists the EDC-AP
    /// context or its type says <c>EuropeanDigitalCredential</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="document"/> is null.</exception>
    public static bool IsEdc(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var credential = Unwrap(document, null);
        return credential is not null && (Strings(credential["@context"]).Contains(EdcContextUrl) || Strings(credential["type"]).Contains("EuropeanDigitalCredential"));
    }

    /// <summary>Reads the elements and the completeness report of an ELM/EDC credential.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="document"/> is null.</exception>
    public static CredentialReadResult FromCredential(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var notes = new List<MappingNote>();
        var credential = Unwrap(document, notes) ?? new JsonObject();
        var types = Strings(credential["type"]);
        if (!types.Contains("EuropeanDigitalCredential"))
        {
            notes.Add(new("$.type", MappingNoteCodes.EdcNotElm, types.Contains("OpenBadgeCredential") || types.Contains("AchievementCredential")
                ? "not real ELM/EDC: an OB 3.0 credential type with ELM properties (converter output); read as far as it goes"
                : "not an ELM/EDC credential: its type does not include EuropeanDigitalCredential"));
        }

        if (Strings(credential["@context"]).FirstOrDefault() == OpenBadgesMapper.CredentialsV2Context)
        {
            notes.Add(new("$.@context", MappingNoteCodes.EdcVc2Shape,
                "a VC 2.0-shaped EDC: the EDC profile is VC 1.1-shaped, and the EDC-AP context (2023) redefines the protected VC 2.0 term 'description', so JSON-LD processing of this document fails"));
        }

        var subject = First(credential["credentialSubject"]);
        var claims = Many(subject?["hasClaim"]).ToList();
        var claim = claims.FirstOrDefault(c => Strings(c["type"]).Contains("LearningAchievement")) ?? claims.FirstOrDefault();
        var claimType = claim is null ? null : Strings(claim["type"]).FirstOrDefault();
        if (claim is null)
        {
            notes.Add(new("$.credentialSubject.hasClaim", MappingNoteCodes.EdcClaimMissing, "no claim (hasClaim): nothing to read"));
        }

        const string C = "$.credentialSubject.hasClaim";
        var spec = First(claim?["specifiedBy"]);
        var assessment = First(claim?["provenBy"]);
        var assessmentSpec = First(assessment?["specifiedBy"]);
        var issuer = credential["issuer"] as JsonObject;
        var bodies = Many(First(claim?["awardedBy"])?["awardingBody"], credential, issuer).Select(ReadBody).OfType<AwardingBody>().ToList();
        if (bodies.Count == 0 && issuer is not null && ReadBody(issuer) is { } issuerBody)
        {
            bodies.Add(issuerBody);
        }

        var locations = Many(First(First(claim?["awardedBy"])?["awardingBody"], credential, issuer)?["location"])
            .Concat(bodies.Count == 0 ? Many(issuer?["location"]) : [])
            .Select(ReadLocation).OfType<IssuerLocation>().DistinctBy(l => l.Country).ToList();

        var elements = new MicroCredential
        {
            Learner = ReadLearner(subject, notes),
            Title = Lang(claim?["title"]) ?? Lang(spec?["title"]),
            TitleTranslations = OtherLanguages(claim?["title"] ?? spec?["title"]),
            Description = Lang(claim?["description"]),
            DescriptionTranslations = OtherLanguages(claim?["description"]),
            IssuerLocations = locations,
            AwardingBodies = bodies,
            DateOfIssuing = Date(credential["issued"]) ?? Date(credential["validFrom"]) ?? Date(credential["issuanceDate"]),
            LearningOutcomes = Many(spec?["learningOutcome"], credential).Select(lo => new LearningOutcome
            {
                Text = Lang(lo["title"]),
                TextTranslations = OtherLanguages(lo["title"]),
                Skills = Many(lo["relatedESCOSkill"]).Concat(Many(lo["relatedSkill"])).Select(s => String(s["id"])).OfType<string>().ToList(),
            }).Where(lo => lo.Text is not null || lo.Skills.Count > 0).ToList(),
            Workload = ReadWorkload(spec, claim, notes),
            Level = ReadLevel(spec),
            AssessmentType = ReadConcept(assessmentSpec?["dcType"], Vocabularies.AssessmentTypes),
            ParticipationForm = ReadConcept(spec?["mode"], Vocabularies.Modes),
            LearningSetting = ReadConcept(spec?["learningSetting"], Vocabularies.LearningSettings),
            QualityAssurance = ReadQualityAssurance(spec, credential),
            Prerequisites = Lang(First(spec?["entryRequirement"])?["noteLiteral"]),
            Supervision = ReadSupervision(assessment?["idVerification"], notes),
            Grade = Lang(First(assessment?["grade"])?["noteLiteral"]) is { } grade ? new Grade(grade, Lang(First(assessmentSpec?["gradingScheme"])?["title"])) : null,
            Integration = spec?["isPartialQualification"] is JsonValue partial && partial.GetValueKind() is JsonValueKind.True or JsonValueKind.False
                ? new Integration(partial.GetValueKind() == JsonValueKind.True ? IntegrationKind.Stackable : IntegrationKind.StandAlone)
                : null,
            Language = ReadLanguage(First(spec?["language"])),
            IscedFFields = Many(spec?["thematicArea"]).Select(t => String(t["id"])).OfType<string>()
                .Where(u => u.StartsWith(ElementVocabulary.IscedFBase, StringComparison.Ordinal)).Select(u => u[ElementVocabulary.IscedFBase.Length..]).ToList(),
        };

        // ELM's micro-credential is a learning achievement; a certificate of participation (a learning activity) is not one.
        var claimsMicroCredential = claimType == "LearningAchievement";
        if (claim is not null && !claimsMicroCredential)
        {
            notes.Add(new(C, MappingNoteCodes.MicroCredentialNotClaimed,
                $"information: not an EU micro-credential: its claim is a {claimType ?? "claim without type"}, not a LearningAchievement, so it is not judged against Annex I"));
        }

        return new CredentialReadResult(elements, String(credential["id"]), String(claim?["id"]),
            MicroCredentialValidator.Validate(elements).Problems, notes, claimsMicroCredential);
    }

    private static JsonObject? Unwrap(JsonObject document, List<MappingNote>? notes)
    {
        if (document["credential"] is JsonObject wrapped)
        {
            notes?.Add(new("$.credential", MappingNoteCodes.EdcUploadWrapper, "read the credential inside the Europass upload wrapper"));
            return wrapped;
        }

        if (document["payload"] is JsonValue payload && payload.GetValueKind() == JsonValueKind.String && document["signatures"] is not null)
        {
            try
            {
                var inner = JsonNode.Parse(payload.GetValue<string>()) as JsonObject;
                notes?.Add(new("$.payload", MappingNoteCodes.EdcJadesPayload, "read the payload of a JAdES-sealed credential; the seal is not checked here"));
                return inner;
            }
            catch (JsonException)
            {
                notes?.Add(new("$.payload", MappingNoteCodes.EdcPayloadUnreadable, "the JWS payload is not JSON (base64url-encoded payloads are not read)"));
                return null;
            }
        }

        return document;
    }

    private static Learner? ReadLearner(JsonObject? subject, List<MappingNote> notes)
    {
        if (subject is null)
        {
            return null;
        }

        var id = String(subject["id"]);
        if (First(subject["contactPoint"])?["emailAddress"] is { } email && (String(email) ?? String(First(email)?["id"])) is not null)
        {
            notes.Add(new("$.credentialSubject.contactPoint", MappingNoteCodes.LearnerEmailUnhashed,
                "the learner's e-mail address is in clear in the EDC; it is not imported (identify the learner by id, or hash it with IdentityHash)"));
        }

        return id is null ? null : new Learner { Id = id };
    }

    private static AwardingBody? ReadBody(JsonObject body)
    {
        if (String(body["id"]) is not { } id)
        {
            return null;
        }

        var legal = First(body["eIDASIdentifier"]) ?? First(body["registration"]);
        return new AwardingBody(id, Lang(body["legalName"]) ?? Lang(body["prefLabel"]) ?? string.Empty, String(First(body["homepage"])?["contentURL"]))
        {
            LegalIdentifier = String(legal?["notation"]),
            NameTranslations = OtherLanguages(body["legalName"]),
        };
    }

    private static IssuerLocation? ReadLocation(JsonObject location)
    {
        var address = First(location["address"]);
        return String(First(address?["countryCode"])?["id"]) is { } country
            ? new IssuerLocation(country, Lang(First(location["spatialCode"])?["prefLabel"]))
            : null;
    }

    private static Workload? ReadWorkload(JsonObject? spec, JsonObject? claim, List<MappingNote> notes)
    {
        decimal? ects = null;
        foreach (var credit in Many(spec?["creditPoint"]))
        {
            var framework = First(credit["framework"]);
            var concept = (String(framework?["id"]) is { } fid ? Vocabularies.CreditPoints.Find(fid) : null)
                ?? (Lang(framework?["prefLabel"]) is { } label ? Vocabularies.CreditPoints.Resolve(label) : null);
            var point = String(credit["point"]) ?? (credit["point"] as JsonValue)?.ToJsonString();
            if (concept == Vocabularies.Ects && decimal.TryParse(point, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                ects ??= value;
            }
            else
            {
                notes.Add(new("$.credentialSubject.hasClaim.specifiedBy.creditPoint", MappingNoteCodes.CreditsUnitUnknown,
                    $"credit points '{point}' in {(concept?.Label ?? "an unknown framework")} are not ECTS; not read as workload"));
            }
        }

        decimal? hours = null;
        foreach (var duration in new[] { spec?["volumeOfLearning"], claim?["workload"] })
        {
            if (String(duration) is { } iso && hours is null)
            {
                try
                {
                    hours = (decimal)XmlConvert.ToTimeSpan(iso).TotalHours;
                }
                catch (FormatException)
                {
                    notes.Add(new("$.credentialSubject.hasClaim.specifiedBy.volumeOfLearning", MappingNoteCodes.ValueUnknown, $"'{iso}' is not an ISO 8601 duration"));
                }
            }
        }

        return ects is null && hours is null ? null : new Workload(ects, hours is { } h && h > 0 ? h : null);
    }

    private static Level? ReadLevel(JsonObject? spec)
    {
        int? eqf = String(First(spec?["eqfLevel"])?["id"]) is { } uri && uri.StartsWith(ElementVocabulary.EqfBase, StringComparison.Ordinal)
            && int.TryParse(uri[ElementVocabulary.EqfBase.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var level) ? level : null;
        var nqf = ReadConcept(spec?["nqfLevel"], Vocabularies.Nqf);
        return eqf is null && nqf is null ? null : new Level(eqf, null, nqf);
    }

    private static QualityAssurance? ReadQualityAssurance(JsonObject? spec, JsonObject credential)
    {
        var accreditation = First(spec?["accreditation"], credential) ?? First(spec?["hasAccreditation"], credential);
        if (accreditation is null)
        {
            return null;
        }

        var agent = First(accreditation["accreditingAgent"], credential);
        return new QualityAssurance(Lang(accreditation["title"]) ?? Lang(accreditation["description"]) ?? "Accreditation", String(First(accreditation["homepage"])?["contentURL"]))
        {
            Type = ReadConcept(accreditation["dcType"], Vocabularies.AccreditationTypes),
            Body = agent is null ? null : new QualityAssuranceBody(Lang(agent["legalName"]) ?? string.Empty, String(agent["id"])),
            RegisterEntry = String(accreditation["id"]) is { } id && !id.StartsWith("urn:epass:", StringComparison.Ordinal) ? id : null,
        };
    }

    private static Concept? ReadConcept(JsonNode? node, Vocabulary vocabulary)
    {
        var concept = First(node);
        if (concept is null)
        {
            return null;
        }

        return (String(concept["id"]) is { } id ? vocabulary.Find(id) : null)
            ?? (Lang(concept["prefLabel"]) is { } label ? vocabulary.Coerce(label) : null)
            ?? (String(concept["id"]) is { } other ? vocabulary.Coerce(other) : null);
    }

    private static SupervisionAndIdentityVerification? ReadSupervision(JsonNode? node, List<MappingNote> notes)
    {
        var concept = First(node);
        if (concept is null)
        {
            return null;
        }

        var label = Lang(concept["prefLabel"])?.ToLowerInvariant();
        SupervisionAndIdentityVerification? value = String(concept["id"]) == ElementVocabulary.UnsupervisedNoIdVerificationUri
            ? SupervisionAndIdentityVerification.UnsupervisedNoIdentityVerification
            : label switch
            {
                "unsupervised without id verification" => SupervisionAndIdentityVerification.UnsupervisedNoIdentityVerification,
                "supervised without id verification" => SupervisionAndIdentityVerification.SupervisedNoIdentityVerification,
                not null when label.StartsWith("supervised with", StringComparison.Ordinal) => SupervisionAndIdentityVerification.SupervisedWithIdentityVerification,
                _ => null,
            };
        if (value is null)
        {
            notes.Add(new("$.credentialSubject.hasClaim.provenBy.idVerification", MappingNoteCodes.ValueUnknown, $"unknown supervision and identity verification concept '{String(concept["id"]) ?? label}'"));
        }

        return value;
    }

    private static string? ReadLanguage(JsonObject? language)
    {
        var uri = String(language?["id"]);
        if (uri is null)
        {
            return null;
        }

        var code = uri.Split('/')[^1];
        return LanguageCodes.Alpha2(code) ?? code.ToLowerInvariant();
    }

    // ELM refers to nodes by id (a string) or embeds them; a string id is looked up among the document's embedded nodes.
    private static IEnumerable<JsonObject> Many(JsonNode? node, JsonObject? document = null, JsonObject? fallback = null) => node switch
    {
        JsonObject o => [o],
        JsonArray a => a.SelectMany(item => Many(item, document, fallback)),
        JsonValue v when v.GetValueKind() == JsonValueKind.String && document is not null => Lookup(v.GetValue<string>(), document, fallback) is { } found ? [found] : [],
        _ => [],
    };

    private static JsonObject? First(JsonNode? node, JsonObject? document = null, JsonObject? fallback = null) => Many(node, document, fallback).FirstOrDefault();

    private static JsonObject? Lookup(string id, JsonObject document, JsonObject? fallback)
    {
        if (fallback is not null && String(fallback["id"]) == id)
        {
            return fallback;
        }

        var stack = new Stack<JsonNode?>([document]);
        var budget = 100_000;
        while (stack.Count > 0 && budget-- > 0)
        {
            switch (stack.Pop())
            {
                case JsonObject o:
                    if (String(o["id"]) == id && o.Count > 2)
                    {
                        return o;
                    }

                    foreach (var p in o)
                    {
                        stack.Push(p.Value);
                    }

                    break;
                case JsonArray a:
                    foreach (var item in a)
                    {
                        stack.Push(item);
                    }

                    break;
            }
        }

        return null;
    }

    // The languages of a language map besides the one Lang picks (English, else the first).
    private static IReadOnlyDictionary<string, string> OtherLanguages(JsonNode? node)
    {
        if (node is not JsonObject map || map["@value"] is not null)
        {
            return Translations.None;
        }

        var primary = map["en"] is not null ? "en" : map.Select(p => p.Key).FirstOrDefault(k => !k.StartsWith('@'));
        return Translations.Of(map.Where(p => p.Key != primary && !p.Key.StartsWith('@') && Lang(p.Value) is not null)
            .Select(p => KeyValuePair.Create(p.Key, Lang(p.Value)!)));
    }

    // A language map ({"en": "…"} or {"en": ["…"]}) or a plain string: English first, else the first language.
    private static string? Lang(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonArray a => a.Select(Lang).FirstOrDefault(s => s is not null),
        JsonObject o when o["@value"] is not null => String(o["@value"]),
        JsonObject o => (o["en"] is { } en ? Lang(en) : null) ?? o.Where(p => !p.Key.StartsWith('@')).Select(p => Lang(p.Value)).FirstOrDefault(s => s is not null),
        _ => null,
    };

    private static List<string> Strings(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [v.GetValue<string>()],
        JsonArray a => a.Select(String).OfType<string>().ToList(),
        _ => [],
    };

    private static string? String(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static DateTimeOffset? Date(JsonNode? node) =>
        String(node) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d)
            ? d
            : null;
}
