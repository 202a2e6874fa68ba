using System.Text.Json;
using System.Text.Json.Nodes;
using NJsonSchema;
using NJsonSchema.Validation;

namespace MicroCredentials.Signing.Schemas;

/// <summary>
/// Validates credentials against the bundled JSON Schemas: the OB 3.0 AchievementCredential schema, the project's
/// extension-term schema, and every <c>credentialSchema</c> entry of type <c>1EdTechJsonSchemaValidator2019</c> whose URL
/// maps to a bundled file. Unknown schema URLs are reported (<c>schema.unknown-url</c>), never fetched.
/// NJsonSchema does the validation; the keywords it is shown not to enforce (<see cref="NotEnforcedByNJsonSchema"/>)
/// are enforced by a supplementary walker, so no credential that violates a bundled schema passes.
/// </summary>
public sealed class CredentialSchemaValidator
{
    /// <summary>The <c>credentialSchema</c> type this validator honours.</summary>
    public const string SchemaValidatorType = "1EdTechJsonSchemaValidator2019";

    /// <summary>The bundled OB 3.0 AchievementCredential schema's resource name.</summary>
    internal const string AchievementCredentialResource = "schemas/ob/ob_v3p0_achievementcredential_schema.json";

    /// <summary>
    /// The EndorsementCredential class: <c>#/$defs/EndorsementCredential</c> of the bundled AchievementCredential schema
    /// (the standalone endorsement schema file is not available; its class is defined identically there).
    /// </summary>
    internal const string EndorsementCredentialKey = AchievementCredentialResource + "#EndorsementCredential";

    /// <summary>The bundled extension-term schema's resource name.</summary>
    internal const string ExtensionResource = "schemas/elements/mcred-extension.schema.json";

    /// <summary>The bundled elements schema's resource name.</summary>
    internal const string ElementsResource = "schemas/elements/micro-credential-elements.schema.json";

    /// <summary>
    /// Keywords used by the bundled schemas that NJsonSchema 11.6.2 does not enforce (proved by a test that feeds it a
    /// violating instance per keyword). Combinators (<c>oneOf</c>/<c>anyOf</c>) are re-checked too, because a branch
    /// may only fail on an unenforced keyword.
    /// </summary>
    internal static readonly IReadOnlySet<string> NotEnforcedByNJsonSchema = new HashSet<string>(StringComparer.Ordinal) { "contains" };

    private static readonly IReadOnlySet<string> WalkerReports =
        new HashSet<string>(NotEnforcedByNJsonSchema, StringComparer.Ordinal);

    /// <summary>Known <c>credentialSchema</c> URLs → bundled resource.</summary>
    internal static readonly IReadOnlyDictionary<string, string> KnownSchemaUrls = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"] = AchievementCredentialResource,
        ["https://purl.imsglobal.org/spec/ob/v3p0/schema/json-ld/ob_v3p0_achievementcredential_schema.json"] = AchievementCredentialResource,
        ["https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json"] = EndorsementCredentialKey,
        ["https://purl.imsglobal.org/spec/ob/v3p0/schema/json-ld/ob_v3p0_endorsementcredential_schema.json"] = EndorsementCredentialKey,
        ["https://w3id.org/mcred/schemas/mcred-extension.schema.json"] = ExtensionResource,
    };

    private static readonly Lazy<CredentialSchemaValidator> DefaultLazy = new(() => new CredentialSchemaValidator());

    private readonly Dictionary<string, BundledSchema> schemas;

    private CredentialSchemaValidator()
    {
        schemas = new[] { AchievementCredentialResource, ExtensionResource, ElementsResource }
            .ToDictionary(r => r, BundledSchema.Load, StringComparer.Ordinal);
        var ob = JsonNode.Parse(ReadResource(AchievementCredentialResource))!.AsObject();
        var endorsement = new JsonObject
        {
            ["$schema"] = ob["$schema"]!.DeepClone(),
            ["$id"] = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json-ld/ob_v3p0_achievementcredential_schema.json#/$defs/EndorsementCredential",
            // NJsonSchema cannot resolve a $ref at the root of a document; allOf with one entry is equivalent.
            ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = "#/$defs/EndorsementCredential" }),
            ["$defs"] = ob["$defs"]!.DeepClone(),
        };
        schemas[EndorsementCredentialKey] = BundledSchema.FromJson(endorsement.ToJsonString());
    }

    /// <summary>The shared validator over the embedded schemas (thread-safe).</summary>
    public static CredentialSchemaValidator Default => DefaultLazy.Value;

    /// <summary>
    /// Validates a credential: against the OB 3.0 AchievementCredential schema (the EndorsementCredential class when the
    /// type says <c>EndorsementCredential</c> and not an achievement credential), against the extension-term
    /// schema when it uses <c>https://w3id.org/mcred/v1</c>, and against each known <c>credentialSchema</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="credential"/> is null.</exception>
    public SchemaValidationResult Validate(JsonNode credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var errors = new List<SchemaError>();
        var apply = new List<string>();
        var types = credential is JsonObject typed ? Strings(typed["type"]) : [];
        apply.Add(types.Contains("EndorsementCredential") && !types.Contains("AchievementCredential") && !types.Contains("OpenBadgeCredential")
            ? EndorsementCredentialKey
            : AchievementCredentialResource);
        if (credential is JsonObject o)
        {
            if (Strings(o["@context"]).Contains("https://w3id.org/mcred/v1"))
            {
                apply.Add(ExtensionResource);
            }

            var entries = o["credentialSchema"] switch
            {
                JsonArray a => a.ToList(),
                JsonObject single => [single],
                _ => [],
            };
            for (var i = 0; i < entries.Count; i++)
            {
                var path = o["credentialSchema"] is JsonArray ? $"$.credentialSchema[{i}]" : "$.credentialSchema";
                if (entries[i] is not JsonObject entry || Str(entry["type"]) != SchemaValidatorType)
                {
                    continue;
                }

                var url = Str(entry["id"]);
                if (url is not null && KnownSchemaUrls.TryGetValue(url, out var resource))
                {
                    if (!apply.Contains(resource))
                    {
                        apply.Add(resource);
                    }
                }
                else
                {
                    errors.Add(new SchemaError(path + ".id", "schema.unknown-url",
                        $"credentialSchema '{url}' is not bundled; it was not fetched and the credential is not checked against it"));
                }
            }
        }

        var instance = Normalized(credential);
        foreach (var resource in apply)
        {
            errors.AddRange(schemas[resource].Validate(instance));
        }

        return new SchemaValidationResult(errors, apply.Select(r => schemas[r].Id).ToList());
    }

    // Two normalisations keep the schema about content, not about encoding choices it did not foresee:
    // - Data Integrity allows `proof` to be one object or an array, and JSON-LD reads a single value and a one-element
    //   array alike; the OB 3.0 schema lists only the array form, so a single proof is validated as a one-element array
    //   (each proof is still checked against the schema's Proof class).
    // - The bundled OB 3.0.3 schema is written for VC 2.0. A VC 1.1 credential is validated as its VC 2.0 reading: its
    //   base context stands in the VC 2.0 slot and issuanceDate/expirationDate in validFrom/validUntil, so every other
    //   constraint still applies to it unchanged.
    private static JsonNode Normalized(JsonNode credential)
    {
        if (credential is not JsonObject o)
        {
            return credential;
        }

        // Embedded credentials (endorsements in `endorsement` arrays) are validated against the same classes, so they
        // get the same normalisation as the top level.
        var copy = (JsonObject)o.DeepClone();
        NormalizeCredential(copy, 0);
        return copy;
    }

    private static void NormalizeCredential(JsonObject node, int depth)
    {
        if (node["proof"] is JsonObject single)
        {
            node["proof"] = new JsonArray(single.DeepClone());
        }

        if (node["@context"] is JsonArray { Count: > 0 } contexts && contexts[0] is JsonValue first
            && first.TryGetValue<string>(out var url) && url == "https://www.w3.org/2018/credentials/v1")
        {
            contexts[0] = "https://www.w3.org/ns/credentials/v2";
            Rename(node, "issuanceDate", "validFrom");
            Rename(node, "expirationDate", "validUntil");
        }

        // Bounded by the JSON input limits already; the explicit cap keeps this walk safe for callers that skip them.
        if (depth >= 64)
        {
            return;
        }

        foreach (var (_, child) in node.ToList())
        {
            NormalizeChild(child, depth + 1);
        }
    }

    private static void NormalizeChild(JsonNode? child, int depth)
    {
        switch (child)
        {
            case JsonObject obj:
                NormalizeCredential(obj, depth);
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    NormalizeChild(item, depth + 1);
                }

                break;
        }
    }

    private static void Rename(JsonObject o, string from, string to)
    {
        if (o[from] is { } value && !o.ContainsKey(to))
        {
            o.Remove(from);
            o[to] = value;
        }
    }

    /// <summary>Validates an elements JSON document against <c>schemas/elements/micro-credential-elements.schema.json</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="elements"/> is null.</exception>
    public SchemaValidationResult ValidateElements(JsonNode elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        var schema = schemas[ElementsResource];
        return new SchemaValidationResult(schema.Validate(elements).ToList(), [schema.Id]);
    }

    internal static string ReadResource(string name)
    {
        using var stream = typeof(CredentialSchemaValidator).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource '{name}' is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static List<string> Strings(JsonNode? node) => node switch
    {
        JsonArray a => a.Select(Str).OfType<string>().ToList(),
        _ => Str(node) is { } s ? [s] : [],
    };

    private static string? Str(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>One bundled schema: NJsonSchema's model plus the supplementary walker over the same document.</summary>
    internal sealed class BundledSchema
    {
        private readonly JsonSchema njson;
        private readonly SchemaWalker walker;
        private readonly JsonNode document;

        private BundledSchema(string id, JsonSchema njson, JsonNode document)
        {
            Id = id;
            this.njson = njson;
            this.document = document;
            walker = new SchemaWalker(document, WalkerReports);
        }

        public string Id { get; }

        public static BundledSchema Load(string resource) => FromJson(ReadResource(resource));

        public static BundledSchema FromJson(string json)
        {
            var node = JsonNode.Parse(json)!;
            // NJsonSchema 11 does not resolve 2019-09 "$defs" references nested inside "$defs" (it throws
            // "reference path '#/$defs/…' has not been resolved" at validation time), so it gets a copy that uses the
            // draft-07 spelling "definitions". The walker keeps the original document.
            var forNJsonSchema = node.DeepClone();
            RenameDefs(forNJsonSchema);
            // Only local references: loading completes synchronously.
            var schema = JsonSchema.FromJsonAsync(forNJsonSchema.ToJsonString()).GetAwaiter().GetResult();
            return new BundledSchema(Str(node["$id"]) ?? "(no $id)", schema, node);
        }

        public IEnumerable<SchemaError> Validate(JsonNode instance)
        {
            var found = new List<SchemaError>();
            foreach (var error in njson.Validate(instance.ToJsonString()))
            {
                Flatten(error, found);
            }

            var extra = new List<SchemaError>();
            walker.Evaluate(document, instance, "$", extra);
            var seen = new HashSet<(string, string)>(found.Select(e => (e.Path, e.Keyword)));
            found.AddRange(extra.Where(e => seen.Add((e.Path, e.Keyword))));
            return found;
        }

        private static void RenameDefs(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    if (o["$defs"] is { } defs && !o.ContainsKey("definitions"))
                    {
                        o.Remove("$defs");
                        o["definitions"] = defs;
                    }

                    if (o["$ref"] is JsonValue r && r.GetValue<string>() is { } reference && reference.StartsWith("#/$defs/", StringComparison.Ordinal))
                    {
                        o["$ref"] = "#/definitions/" + reference["#/$defs/".Length..];
                    }

                    foreach (var (_, value) in o.ToList())
                    {
                        RenameDefs(value);
                    }

                    break;
                case JsonArray a:
                    foreach (var item in a)
                    {
                        RenameDefs(item);
                    }

                    break;
            }
        }

        /// <summary>NJsonSchema's own errors only (for the keyword-enforcement proof).</summary>
        internal IReadOnlyList<SchemaError> ValidateWithNJsonSchemaOnly(JsonNode instance)
        {
            var found = new List<SchemaError>();
            foreach (var error in njson.Validate(instance.ToJsonString()))
            {
                Flatten(error, found);
            }

            return found;
        }

        private static void Flatten(ValidationError error, List<SchemaError> into)
        {
            if (error is ChildSchemaValidationError child)
            {
                if (error.Kind is ValidationErrorKind.NotOneOf or ValidationErrorKind.NotAnyOf or ValidationErrorKind.NotAllOf)
                {
                    // A failed combinator carries the errors of every branch; report the combinator, not each branch.
                    into.Add(new SchemaError(NormalizePath(error.Path), KeywordOf(error.Kind), $"{error.Kind} at {error.Path ?? "#"}"));
                    return;
                }

                var before = into.Count;
                foreach (var inner in child.Errors.Values.SelectMany(e => e))
                {
                    Flatten(inner, into);
                }

                if (into.Count > before)
                {
                    return;
                }
            }

            into.Add(new SchemaError(NormalizePath(error.Path), KeywordOf(error.Kind), $"{error.Kind} at {error.Path ?? "#"}"));
        }

        private static string NormalizePath(string? path)
        {
            if (string.IsNullOrEmpty(path) || path == "#")
            {
                return "$";
            }

            var p = path.StartsWith("#/", StringComparison.Ordinal) ? path[2..] : path;
            return p.Length == 0 ? "$" : "$." + p;
        }

        private static string KeywordOf(ValidationErrorKind kind) => kind switch
        {
            ValidationErrorKind.PropertyRequired => "required",
            ValidationErrorKind.NoAdditionalPropertiesAllowed => "additionalProperties",
            ValidationErrorKind.TooFewItems => "minItems",
            ValidationErrorKind.TooManyItems => "maxItems",
            ValidationErrorKind.PatternMismatch => "pattern",
            ValidationErrorKind.NotInEnumeration => "enum",
            ValidationErrorKind.NotOneOf => "oneOf",
            ValidationErrorKind.NotAnyOf => "anyOf",
            ValidationErrorKind.NotAllOf => "allOf",
            ValidationErrorKind.ExcludedSchemaValidates => "not",
            ValidationErrorKind.DateTimeExpected or ValidationErrorKind.DateExpected or ValidationErrorKind.UriExpected => "format",
            ValidationErrorKind.StringTooShort => "minLength",
            ValidationErrorKind.StringTooLong => "maxLength",
            ValidationErrorKind.NumberTooSmall => "minimum",
            ValidationErrorKind.NumberTooBig => "maximum",
            ValidationErrorKind.TooManyItemsInTuple => "additionalItems",
            ValidationErrorKind.ArrayItemNotValid => "items",
            ValidationErrorKind.AdditionalItemNotValid => "additionalItems",
            _ when kind.ToString().EndsWith("Expected", StringComparison.Ordinal) => "type",
            _ => kind.ToString(),
        };
    }
}
