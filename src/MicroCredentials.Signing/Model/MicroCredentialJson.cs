using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Json;
using MicroCredentials.Signing.Primitives;

namespace MicroCredentials.Signing.Model;

/// <summary>
/// Thrown when an elements JSON document cannot be read into a <see cref="MicroCredential"/> at all
/// (not JSON, wrong JSON types, unknown enumeration values, unknown properties).
/// Semantic problems are not thrown: <see cref="MicroCredentialValidator"/> reports them.
/// </summary>
public sealed class MicroCredentialFormatException : MicroCredentialsException
{
    /// <summary>A date-time element is not an ISO 8601 / XSD date-time.</summary>
    public const string Date = "JSON_DATE";

    /// <summary>A value is not one of the element's allowed values.</summary>
    public const string Enum = "JSON_ENUM";

    /// <summary>A required member is missing.</summary>
    public const string Missing = "JSON_MISSING";

    /// <summary>A number is outside the element's range.</summary>
    public const string Range = "JSON_RANGE";

    /// <summary>The document is not usable JSON (the message carries the parser's code).</summary>
    public const string Syntax = "JSON_SYNTAX";

    /// <summary>A member has the wrong JSON type.</summary>
    public const string Type = "JSON_TYPE";

    /// <summary>A member is not part of the elements format (a misspelt name would otherwise be lost silently).</summary>
    public const string UnknownProperty = "JSON_UNKNOWN_PROPERTY";

    /// <summary>Creates the exception.</summary>
    public MicroCredentialFormatException(string code, string path, string message)
        : base(code, $"{message} (at '{path}', code {code})")
    {
        Path = path;
    }

    /// <summary>The path of the offending value (<c>$</c> for the root).</summary>
    public string Path { get; }
}

/// <summary>
/// The elements JSON form of <see cref="MicroCredential"/> (schema: <c>schemas/elements/micro-credential-elements.schema.json</c>,
/// documented in <c>docs/elements-json.md</c>).
/// </summary>
public static class MicroCredentialJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static readonly JsonInputLimits ElementsLimits = JsonInputLimits.Default with { MaxDepth = 32 };

    /// <summary>Parses an elements JSON document.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="MicroCredentialFormatException">The document is not an elements document.</exception>
    public static MicroCredential Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? node;
        try
        {
            // The untrusted-JSON parser: a duplicate member would otherwise make the elements mean two things.
            node = SafeJson.Parse(json, ElementsLimits);
        }
        catch (JsonInputException ex)
        {
            throw new MicroCredentialFormatException(MicroCredentialFormatException.Syntax, ex.JsonPath ?? "$", $"not valid JSON ({ex.Code}): {ex.Message}");
        }

        return FromNode(node);
    }

    /// <summary>Reads an elements document already parsed as a <see cref="JsonNode"/>.</summary>
    /// <exception cref="MicroCredentialFormatException">The document is not an elements document.</exception>
    public static MicroCredential FromNode(JsonNode? node)
    {
        var root = Obj(node, "$");
        Known(root, "$", "learner", "title", "description", "issuerLocations", "awardingBodies", "dateOfIssuing", "learningOutcomes",
            "workload", "level", "assessmentType", "participationForm", "qualityAssurance", "prerequisites", "supervision",
            "grade", "integration", "furtherInformation", "language", "iscedF", "learningSetting", "learningSchedule",
            "titleTranslations", "descriptionTranslations", "$schema");
        return new MicroCredential
        {
            Learner = OptObj(root, "learner", "$") is { } l ? ReadLearner(l) : null,
            Title = Str(root, "title", "$"),
            TitleTranslations = ReadTranslations(root, "titleTranslations", "$"),
            Description = Str(root, "description", "$"),
            DescriptionTranslations = ReadTranslations(root, "descriptionTranslations", "$"),
            IssuerLocations = Arr(root, "issuerLocations", "$", (n, path) =>
            {
                var o = Obj(n, path);
                Known(o, path, "country", "region");
                return new IssuerLocation(Str(o, "country", path) ?? string.Empty, Str(o, "region", path));
            }),
            AwardingBodies = Arr(root, "awardingBodies", "$", (n, path) =>
            {
                var o = Obj(n, path);
                Known(o, path, "id", "name", "url", "email", "legalIdentifier", "nameTranslations");
                return new AwardingBody(Str(o, "id", path) ?? string.Empty, Str(o, "name", path) ?? string.Empty, Str(o, "url", path), Str(o, "email", path))
                {
                    LegalIdentifier = Str(o, "legalIdentifier", path),
                    NameTranslations = ReadTranslations(o, "nameTranslations", path),
                };
            }),
            DateOfIssuing = Date(root, "dateOfIssuing", "$"),
            LearningOutcomes = Arr(root, "learningOutcomes", "$", (n, path) =>
            {
                var o = Obj(n, path);
                Known(o, path, "text", "skills", "textTranslations");
                return new LearningOutcome
                {
                    Text = Str(o, "text", path),
                    TextTranslations = ReadTranslations(o, "textTranslations", path),
                    Skills = Arr(o, "skills", path, (s, sp) => StrValue(s, sp)),
                };
            }),
            Workload = OptObj(root, "workload", "$") is { } w ? ReadWorkload(w) : null,
            Level = OptObj(root, "level", "$") is { } lv ? ReadLevel(lv) : null,
            AssessmentType = Str(root, "assessmentType", "$"),
            ParticipationForm = Str(root, "participationForm", "$"),
            LearningSetting = Str(root, "learningSetting", "$"),
            LearningSchedule = Str(root, "learningSchedule", "$"),
            QualityAssurance = OptObj(root, "qualityAssurance", "$") is { } qa ? ReadQa(qa) : null,
            Prerequisites = Str(root, "prerequisites", "$"),
            Supervision = Str(root, "supervision", "$") is { } s
                ? ElementVocabulary.ParseSupervision(s) ?? throw Enum("$.supervision", s)
                : null,
            Grade = OptObj(root, "grade", "$") is { } g ? ReadGrade(g) : null,
            Integration = OptObj(root, "integration", "$") is { } i ? ReadIntegration(i) : null,
            FurtherInformation = Str(root, "furtherInformation", "$"),
            Language = Str(root, "language", "$"),
            IscedFFields = Arr(root, "iscedF", "$", (n, path) => StrValue(n, path)),
        };
    }

    /// <summary>Serializes <paramref name="credential"/> to indented elements JSON.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="credential"/> is null.</exception>
    public static string Serialize(MicroCredential credential) => ToNode(credential).ToJsonString(Indented);

    /// <summary>Converts <paramref name="credential"/> to its elements JSON form; absent elements are omitted.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="credential"/> is null.</exception>
    public static JsonObject ToNode(MicroCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var o = new JsonObject();
        if (credential.Learner is { } learner)
        {
            o["learner"] = Compact(new JsonObject { ["id"] = learner.Id, ["emailHash"] = learner.EmailHash, ["salt"] = learner.Salt });
        }

        Put(o, "title", credential.Title);
        PutTranslations(o, "titleTranslations", credential.TitleTranslations);
        Put(o, "description", credential.Description);
        PutTranslations(o, "descriptionTranslations", credential.DescriptionTranslations);
        if (credential.IssuerLocations.Count > 0)
        {
            o["issuerLocations"] = new JsonArray(credential.IssuerLocations.Select(l => (JsonNode)Compact(new JsonObject { ["country"] = l.Country, ["region"] = l.Region })).ToArray());
        }

        if (credential.AwardingBodies.Count > 0)
        {
            o["awardingBodies"] = new JsonArray(credential.AwardingBodies.Select(b =>
            {
                var x = Compact(new JsonObject
                {
                    ["id"] = b.Id,
                    ["name"] = b.Name,
                    ["url"] = b.Url,
                    ["email"] = b.Email,
                    ["legalIdentifier"] = b.LegalIdentifier,
                });
                PutTranslations(x, "nameTranslations", b.NameTranslations);
                return (JsonNode)x;
            }).ToArray());
        }

        if (credential.DateOfIssuing is { } date)
        {
            o["dateOfIssuing"] = FormatDate(date);
        }

        if (credential.LearningOutcomes.Count > 0)
        {
            o["learningOutcomes"] = new JsonArray(credential.LearningOutcomes.Select(lo =>
            {
                var x = new JsonObject();
                Put(x, "text", lo.Text);
                PutTranslations(x, "textTranslations", lo.TextTranslations);
                if (lo.Skills.Count > 0)
                {
                    x["skills"] = new JsonArray(lo.Skills.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray());
                }

                return (JsonNode)x;
            }).ToArray());
        }

        if (credential.Workload is { } w)
        {
            o["workload"] = Compact(new JsonObject { ["ects"] = w.Ects, ["hours"] = w.Hours });
        }

        if (credential.Level is { } level)
        {
            o["level"] = Compact(new JsonObject
            {
                ["eqf"] = level.Eqf,
                ["qfEhea"] = level.QfEhea is { } c ? ElementVocabulary.ToToken(c) : null,
                ["nqf"] = ConceptString(level.Nqf),
                ["eqfKind"] = level.EqfKind is { } k ? ElementVocabulary.ToToken(k) : null,
            });
        }

        Put(o, "assessmentType", ConceptString(credential.AssessmentType));
        Put(o, "participationForm", ConceptString(credential.ParticipationForm));
        Put(o, "learningSetting", ConceptString(credential.LearningSetting));
        Put(o, "learningSchedule", ConceptString(credential.LearningSchedule));
        if (credential.QualityAssurance is { } qa)
        {
            o["qualityAssurance"] = Compact(new JsonObject
            {
                ["description"] = qa.Description,
                ["url"] = qa.Url,
                ["type"] = ConceptString(qa.Type),
                ["body"] = qa.Body is { } body ? Compact(new JsonObject { ["name"] = body.Name, ["id"] = body.Id, ["country"] = body.Country }) : null,
                ["registerEntry"] = qa.RegisterEntry,
            });
        }

        Put(o, "prerequisites", credential.Prerequisites);
        if (credential.Supervision is { } s)
        {
            o["supervision"] = ElementVocabulary.ToToken(s);
        }

        if (credential.Grade is { } g)
        {
            o["grade"] = Compact(new JsonObject { ["value"] = g.Value, ["scheme"] = g.Scheme });
        }

        if (credential.Integration is { } i)
        {
            o["integration"] = Compact(new JsonObject
            {
                ["kind"] = ElementVocabulary.ToToken(i.Kind),
                ["towards"] = i.Towards,
                ["links"] = i.Links.Count == 0 ? null : new JsonArray(i.Links.Select(l => (JsonNode)new JsonObject
                {
                    ["relation"] = ElementVocabulary.ToToken(l.Relation),
                    ["target"] = l.Target,
                }).ToArray()),
            });
        }

        Put(o, "furtherInformation", credential.FurtherInformation);
        Put(o, "language", credential.Language);
        if (credential.IscedFFields.Count > 0)
        {
            o["iscedF"] = new JsonArray(credential.IscedFFields.Select(f => (JsonNode)JsonValue.Create(f)!).ToArray());
        }

        return o;
    }

    private static IReadOnlyDictionary<string, string> ReadTranslations(JsonObject o, string name, string path)
    {
        if (OptObj(o, name, path) is not { } map)
        {
            return Translations.None;
        }

        return Translations.Of(map.Select(p => KeyValuePair.Create(p.Key, StrValue(p.Value, $"{path}.{name}.{p.Key}"))));
    }

    private static void PutTranslations(JsonObject o, string name, IReadOnlyDictionary<string, string>? translations)
    {
        if (translations is { Count: > 0 })
        {
            o[name] = new JsonObject(translations.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value))));
        }
    }

    // A concept is written as its URI (read back to the same concept), free text as given.
    private static string? ConceptString(Concept? value) => value?.Uri ?? value?.Label;

    internal static string FormatDate(DateTimeOffset date) =>
        date.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static Learner ReadLearner(JsonObject o)
    {
        Known(o, "$.learner", "id", "emailHash", "salt");
        return new Learner { Id = Str(o, "id", "$.learner"), EmailHash = Str(o, "emailHash", "$.learner"), Salt = Str(o, "salt", "$.learner") };
    }

    private static Workload ReadWorkload(JsonObject o)
    {
        Known(o, "$.workload", "ects", "hours");
        return new Workload(Num(o, "ects", "$.workload"), Num(o, "hours", "$.workload"));
    }

    private static Level ReadLevel(JsonObject o)
    {
        Known(o, "$.level", "eqf", "qfEhea", "nqf", "eqfKind");
        var eqf = Num(o, "eqf", "$.level");
        if (eqf is { } e && (e != decimal.Truncate(e) || e > int.MaxValue || e < int.MinValue))
        {
            throw new MicroCredentialFormatException(MicroCredentialFormatException.Type, "$.level.eqf", "eqf must be an integer");
        }

        var cycle = Str(o, "qfEhea", "$.level");
        return new Level(
            eqf is { } v ? (int)v : null,
            cycle is null ? null : ElementVocabulary.ParseQfEhea(cycle) ?? throw Enum("$.level.qfEhea", cycle),
            Str(o, "nqf", "$.level"))
        {
            EqfKind = Str(o, "eqfKind", "$.level") is { } kind ? ElementVocabulary.ParseEqfKind(kind) ?? throw Enum("$.level.eqfKind", kind) : null,
        };
    }

    private static QualityAssurance ReadQa(JsonObject o)
    {
        const string P = "$.qualityAssurance";
        Known(o, P, "description", "url", "type", "body", "registerEntry");
        QualityAssuranceBody? body = null;
        if (OptObj(o, "body", P) is { } b)
        {
            Known(b, P + ".body", "name", "id", "country");
            body = new QualityAssuranceBody(Str(b, "name", P + ".body") ?? string.Empty, Str(b, "id", P + ".body"), Str(b, "country", P + ".body"));
        }

        return new QualityAssurance(Str(o, "description", P) ?? string.Empty, Str(o, "url", P))
        {
            Type = Str(o, "type", P),
            Body = body,
            RegisterEntry = Str(o, "registerEntry", P),
        };
    }

    private static Grade ReadGrade(JsonObject o)
    {
        Known(o, "$.grade", "value", "scheme");
        return new Grade(Str(o, "value", "$.grade") ?? string.Empty, Str(o, "scheme", "$.grade"));
    }

    private static Integration ReadIntegration(JsonObject o)
    {
        Known(o, "$.integration", "kind", "towards", "links");
        var kind = Str(o, "kind", "$.integration") ?? throw new MicroCredentialFormatException(MicroCredentialFormatException.Missing, "$.integration.kind", "integration.kind is required");
        return new Integration(ElementVocabulary.ParseIntegration(kind) ?? throw Enum("$.integration.kind", kind), Str(o, "towards", "$.integration"))
        {
            Links = Arr(o, "links", "$.integration", (n, path) =>
            {
                var link = Obj(n, path);
                Known(link, path, "relation", "target");
                var relation = Str(link, "relation", path) ?? throw new MicroCredentialFormatException(MicroCredentialFormatException.Missing, path + ".relation", "relation is required");
                return new StackabilityLink(ElementVocabulary.ParseRelation(relation) ?? throw Enum(path + ".relation", relation), Str(link, "target", path) ?? string.Empty);
            }),
        };
    }

    private static MicroCredentialFormatException Enum(string path, string value) =>
        new(MicroCredentialFormatException.Enum, path, $"'{value}' is not an allowed value");

    private static JsonObject Obj(JsonNode? node, string path) =>
        node as JsonObject ?? throw new MicroCredentialFormatException(MicroCredentialFormatException.Type, path, "expected a JSON object");

    private static JsonObject? OptObj(JsonObject parent, string name, string path)
    {
        var node = parent[name];
        return node is null ? null : Obj(node, path + "." + name);
    }

    private static void Known(JsonObject o, string path, params string[] names)
    {
        foreach (var property in o)
        {
            if (Array.IndexOf(names, property.Key) < 0)
            {
                throw new MicroCredentialFormatException(MicroCredentialFormatException.UnknownProperty, path + "." + property.Key, $"unknown property '{property.Key}'");
            }
        }
    }

    private static string? Str(JsonObject o, string name, string path)
    {
        var node = o[name];
        return node is null ? null : StrValue(node, path + "." + name);
    }

    private static string StrValue(JsonNode? node, string path) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : throw new MicroCredentialFormatException(MicroCredentialFormatException.Type, path, "expected a string");

    private static decimal? Num(JsonObject o, string name, string path)
    {
        var node = o[name];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<decimal>(out var d))
        {
            return d;
        }

        if (node is JsonValue j && j.GetValueKind() == JsonValueKind.Number)
        {
            try
            {
                return decimal.Parse(j.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
            }
            catch (OverflowException)
            {
                throw new MicroCredentialFormatException(MicroCredentialFormatException.Range, path + "." + name, "number out of range");
            }
        }

        throw new MicroCredentialFormatException(MicroCredentialFormatException.Type, path + "." + name, "expected a number");
    }

    private static DateTimeOffset? Date(JsonObject o, string name, string path)
    {
        var s = Str(o, name, path);
        if (s is null)
        {
            return null;
        }

        if (!XsdDateTime.TryParse(s, out var date))
        {
            throw new MicroCredentialFormatException(MicroCredentialFormatException.Date, path + "." + name, $"'{s}' is not an ISO 8601 date-time");
        }

        return date;
    }

    private static IReadOnlyList<T> Arr<T>(JsonObject o, string name, string path, Func<JsonNode?, string, T> read)
    {
        var node = o[name];
        if (node is null)
        {
            return [];
        }

        if (node is not JsonArray array)
        {
            throw new MicroCredentialFormatException(MicroCredentialFormatException.Type, path + "." + name, "expected an array");
        }

        var list = new List<T>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            list.Add(read(array[i], $"{path}.{name}[{i}]"));
        }

        return list;
    }

    private static void Put(JsonObject o, string name, string? value)
    {
        if (value is not null)
        {
            o[name] = value;
        }
    }

    private static JsonObject Compact(JsonObject o)
    {
        foreach (var key in o.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            o.Remove(key);
        }

        return o;
    }
}
