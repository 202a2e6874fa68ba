using System.Text.Json;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Schemas.Validation;

namespace MicroCredentials.Signing.Schemas;

/// <summary>
/// Validates credentials against the bundled JSON Schemas: the OB 3.0 AchievementCredential schema, the project's
/// extension-term schema, and every <c>credentialSchema</c> entry of type <c>1EdTechJsonSchemaValidator2019</c> whose URL
/// maps to a bundled file. Unknown schema URLs are reported (<c>schema.unknown-url</c>), never fetched.
/// The schemas are compiled once by the project's own JSON Schema 2019-09/2020-12 validator
/// (<see cref="SchemaCompiler"/>), with format assertion on for the formats it knows.
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

    /// <summary>Known <c>credentialSchema</c> URLs → bundled resource.</summary>
    internal static readonly IReadOnlyDictionary<string, string> KnownSchemaUrls = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"] = AchievementCredentialResource,
        ["https://purl.imsglobal.org/spec/ob/v3p0/schema/json-ld/ob_v3p0_achievementcredential_schema.json"] = AchievementCredentialResource,
        ["https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json"] = EndorsementCredentialKey,
        ["https://purl.imsglobal.org/spec/ob/v3p0/schema/json-ld/ob_v3p0_endorsementcredential_schema.json"] = EndorsementCredentialKey,
        ["https://w3id.org/mcred/schemas/mcred-extension.schema.json"] = ExtensionResource,
    };

    private const string Vc11Context = "https://www.w3.org/2018/credentials/v1";
    private const string Vc2Context = "https://www.w3.org/ns/credentials/v2";
    private const int MaxDepth = 256;
    private const int NormalizeDepth = 64;

    private static readonly Lazy<CredentialSchemaValidator> DefaultLazy = new(() => new CredentialSchemaValidator());

    private readonly Dictionary<string, BundledSchema> schemas;

    private CredentialSchemaValidator()
    {
        // One compiler for all bundled documents: they may reference each other, and the EndorsementCredential class is
        // compiled straight from its location in the AchievementCredential schema.
        var compiler = new SchemaCompiler(new SchemaCompilerOptions { DefaultDraft = SchemaDraft.Draft201909, AssertFormat = true });
        schemas = new Dictionary<string, BundledSchema>(StringComparer.Ordinal);
        foreach (var resource in new[] { AchievementCredentialResource, ExtensionResource, ElementsResource })
        {
            using var document = JsonDocument.Parse(ReadResource(resource));
            var id = compiler.AddDocument(document.RootElement, "urn:mcred:bundled:" + resource);
            schemas[resource] = new BundledSchema(id, compiler.Compile(id));
        }

        var ob = schemas[AchievementCredentialResource].Id;
        schemas[EndorsementCredentialKey] = new BundledSchema(ob + "#/$defs/EndorsementCredential", compiler.Compile(ob + "#/$defs/EndorsementCredential"));
    }

    /// <summary>The shared validator over the embedded schemas (thread-safe).</summary>
    public static CredentialSchemaValidator Default => DefaultLazy.Value;

    /// <summary>
    /// Validates a credential: against the OB 3.0 AchievementCredential schema (the EndorsementCredential class when the
    /// type says <c>EndorsementCredential</c> and not an achievement credential), against the extension-term
    /// schema when it uses the extension (inline term definitions or <c>https://w3id.org/mcred/v1</c>), and against each
    /// known <c>credentialSchema</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="credential"/> is null.</exception>
    public SchemaValidationResult Validate(JsonNode credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var errors = new List<SchemaError>();
        var apply = new List<string>();
        var declared = new HashSet<string>(StringComparer.Ordinal);
        var types = credential is JsonObject typed ? Strings(typed["type"]) : [];
        apply.Add(types.Contains("EndorsementCredential") && !types.Contains("AchievementCredential") && !types.Contains("OpenBadgeCredential")
            ? EndorsementCredentialKey
            : AchievementCredentialResource);
        if (credential is JsonObject o)
        {
            if (ExtensionUse.In(o))
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
                    declared.Add(resource);
                    if (!apply.Contains(resource))
                    {
                        apply.Add(resource);
                    }
                }
                else
                {
                    errors.Add(new SchemaError(path + ".id", "schema.unknown-url",
                        $"credentialSchema '{url}' is not bundled; it was not fetched and the credential is not checked against it")
                    { Declared = true });
                }
            }
        }

        using (var instance = ToDocument(credential, normalize: true))
        {
            foreach (var resource in apply)
            {
                schemas[resource].Validate(instance.RootElement, errors, declared.Contains(resource));
            }
        }

        return new SchemaValidationResult(errors, apply.Select(r => schemas[r].Id).ToList());
    }

    /// <summary>Validates an already-normalized credential against the bundled AchievementCredential schema (benchmarks, differential tests).</summary>
    internal bool IsValidAchievementCredential(JsonElement credential) => schemas[AchievementCredentialResource].Schema.IsValid(credential);

    /// <summary>The compiled bundled schema for a resource key (tests, benchmarks).</summary>
    internal CompiledSchema Compiled(string resource) => schemas[resource].Schema;

    /// <summary>The credential as the schemas see it (see <see cref="WriteNormalized"/>), parsed from a pooled buffer.</summary>
    internal static PooledJsonDocument ToDocument(JsonNode node, bool normalize)
    {
        var document = new PooledJsonDocument();
        try
        {
            using (var writer = new Utf8JsonWriter(document, new JsonWriterOptions { SkipValidation = true, MaxDepth = MaxDepth }))
            {
                if (normalize)
                {
                    WriteNormalized(writer, node, 0);
                }
                else
                {
                    node.WriteTo(writer);
                }
            }

            document.Parse(new JsonDocumentOptions { MaxDepth = MaxDepth });
            return document;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    // Written rather than cloned and mutated: one pass produces the document the validator reads, and the caller's node
    // is never touched. Two normalisations keep the schema about content, not about encoding choices it did not foresee:
    // - Data Integrity allows `proof` to be one object or an array, and JSON-LD reads a single value and a one-element
    //   array alike; the OB 3.0 schema lists only the array form, so a single proof is validated as a one-element array
    //   (each proof is still checked against the schema's Proof class).
    // - The bundled OB 3.0.3 schema is written for VC 2.0. A VC 1.1 credential is validated as its VC 2.0 reading: its
    //   base context stands in the VC 2.0 slot and issuanceDate/expirationDate in validFrom/validUntil, so every other
    //   constraint still applies to it unchanged.
    // Embedded credentials (endorsements) are validated against the same classes, so every object gets the same
    // treatment, down to a fixed depth (the JSON input limits already bound it; the cap keeps callers that skip them safe).
    private static void WriteNormalized(Utf8JsonWriter writer, JsonNode? node, int depth)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject o:
                var normalize = depth <= NormalizeDepth;
                var vc11 = normalize && o["@context"] is JsonArray { Count: > 0 } contexts && contexts[0] is JsonValue first
                    && first.TryGetValue<string>(out var url) && url == Vc11Context;
                writer.WriteStartObject();
                foreach (var (name, value) in o)
                {
                    writer.WritePropertyName(vc11 ? Vc2Name(o, name) : name);
                    if (normalize && name == "proof" && value is JsonObject)
                    {
                        writer.WriteStartArray();
                        WriteNormalized(writer, value, depth + 1);
                        writer.WriteEndArray();
                    }
                    else if (vc11 && name == "@context")
                    {
                        var array = (JsonArray)value!;
                        writer.WriteStartArray();
                        writer.WriteStringValue(Vc2Context);
                        for (var i = 1; i < array.Count; i++)
                        {
                            WriteNormalized(writer, array[i], depth + 2);
                        }

                        writer.WriteEndArray();
                    }
                    else
                    {
                        WriteNormalized(writer, value, depth + 1);
                    }
                }

                writer.WriteEndObject();
                break;
            case JsonArray a:
                writer.WriteStartArray();
                foreach (var item in a)
                {
                    WriteNormalized(writer, item, depth + 1);
                }

                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    private static string Vc2Name(JsonObject o, string name) => name switch
    {
        "issuanceDate" when !o.ContainsKey("validFrom") => "validFrom",
        "expirationDate" when !o.ContainsKey("validUntil") => "validUntil",
        _ => name,
    };

    /// <summary>Validates an elements JSON document against <c>schemas/elements/micro-credential-elements.schema.json</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="elements"/> is null.</exception>
    public SchemaValidationResult ValidateElements(JsonNode elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        var schema = schemas[ElementsResource];
        var errors = new List<SchemaError>();
        using (var document = ToDocument(elements, normalize: false))
        {
            schema.Validate(document.RootElement, errors);
        }

        return new SchemaValidationResult(errors, [schema.Id]);
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

    /// <summary>One compiled bundled schema and the <c>$id</c> it is reported by.</summary>
    private sealed class BundledSchema(string id, CompiledSchema schema)
    {
        public string Id { get; } = id;

        public CompiledSchema Schema { get; } = schema;

        public void Validate(JsonElement instance, List<SchemaError> into, bool declared = false)
        {
            // Valid credentials are the common case: a verdict-only pass first, the full error walk only on failure.
            if (Schema.IsValid(instance))
            {
                return;
            }

            var units = Schema.Errors(instance);
            foreach (var (unit, context) in Explain(units))
            {
                var path = unit.MissingProperty is { } missing ? unit.InstancePath + "." + missing : unit.InstancePath;
                var found = Found(instance, unit);
                into.Add(new SchemaError(path, unit.Keyword, $"{unit.Error}{found}{context} (at {unit.KeywordLocation})") { Declared = declared });
            }
        }

        /// <summary>
        /// The violations a person can act on: a failed <c>anyOf</c>/<c>oneOf</c> is replaced by the errors of its closest
        /// alternative (the one with the fewest errors), recursively, each saying which alternatives it stood for. Listing
        /// every alternative's errors would suggest fixing all of them; the bare "matches none" says nothing.
        /// </summary>
        private static List<(OutputUnit Unit, string Context)> Explain(IReadOnlyList<OutputUnit> units)
        {
            var result = new List<(OutputUnit, string)>();
            Select(units.Where(u => !UnderFailedCombinator(u, units)).ToList(), units, string.Empty, result, 0);
            return result;
        }

        private static void Select(List<OutputUnit> top, IReadOnlyList<OutputUnit> all, string context, List<(OutputUnit, string)> into, int depth)
        {
            foreach (var unit in top)
            {
                if (unit.Keyword is not ("anyOf" or "oneOf") || depth > 8)
                {
                    into.Add((unit, context));
                    continue;
                }

                // The branch index is the segment right after the combinator's keyword location.
                var prefix = unit.KeywordLocation + "/";
                var branches = all.Where(u => u.KeywordLocation.StartsWith(prefix, StringComparison.Ordinal))
                    .GroupBy(u => u.KeywordLocation[prefix.Length..].Split('/')[0])
                    .Select(g => (Index: g.Key, Units: g.ToList()))
                    .ToList();
                if (branches.Count == 0)
                {
                    // oneOf with more than one match: the combinator's own message is the explanation.
                    into.Add((unit, context));
                    continue;
                }

                // An alternative of another JSON type altogether (a string where an object is given) is the farthest:
                // the value was plainly meant as one of the others.
                int Cost(List<OutputUnit> branch) => branch.Count(u => !UnderFailedCombinator(u, branch))
                    + (branch.Any(u => u.Keyword == "type" && u.InstanceLocation == unit.InstanceLocation) ? 1_000 : 0);
                var least = branches.Min(b => Cost(b.Units));
                var closest = branches.Where(b => Cost(b.Units) == least).ToList();
                var here = $" (closest of the {unit.Keyword} alternatives at {(unit.InstancePath.Length == 0 ? "$" : unit.InstancePath)})";
                if (least == 1 && closest.Count > 1 && closest.All(b => b.Units.All(u => u.Keyword is not ("anyOf" or "oneOf") && u.InstanceLocation == unit.InstanceLocation)))
                {
                    // Equally close alternatives of one error each ("not one of these values, or not an ext: term"):
                    // one violation that names every way to satisfy it.
                    var ways = closest.Select(b => b.Units.Single(u => !UnderFailedCombinator(u, b.Units))).ToList();
                    into.Add((ways[0] with { Error = "the value fits none of the alternatives: " + string.Join("; or ", ways.Select(w => w.Error)) }, context));
                    continue;
                }

                var best = closest[0];
                var leaves = best.Units.Where(u => !UnderFailedCombinator(u, best.Units)).ToList();
                Select(leaves, best.Units, context.Length == 0 ? here : context, into, depth + 1);
            }
        }

        /// <summary>For type, enum and const errors, the offending value, truncated, so the message shows what was found.</summary>
        private static string Found(JsonElement instance, OutputUnit unit)
        {
            if (unit.Keyword is not ("type" or "enum" or "const" or "format" or "pattern") || !TryResolve(instance, unit.InstanceLocation, out var value))
            {
                return string.Empty;
            }

            var text = value.ValueKind switch
            {
                JsonValueKind.String => "\"" + value.GetString() + "\"",
                JsonValueKind.Object => "an object",
                JsonValueKind.Array => "an array",
                _ => value.GetRawText(),
            };
            return "; the value: " + (text.Length > 80 ? text[..77] + "…\"" : text);
        }

        /// <summary>Resolves a JSON Pointer (RFC 6901) in <paramref name="root"/>.</summary>
        private static bool TryResolve(JsonElement root, string pointer, out JsonElement value)
        {
            value = root;
            if (pointer.Length == 0)
            {
                return true;
            }

            foreach (var raw in pointer[1..].Split('/'))
            {
                var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty(token, out var member))
                {
                    value = member;
                }
                else if (value.ValueKind == JsonValueKind.Array && int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < value.GetArrayLength())
                {
                    value = value[index];
                }
                else
                {
                    return false;
                }
            }

            return true;
        }

        // A failed anyOf/oneOf reports itself; the errors of each of its branches are in the basic output, but listing
        // them as separate violations would suggest the credential must fix all of them.
        private static bool UnderFailedCombinator(OutputUnit unit, IReadOnlyList<OutputUnit> units)
        {
            foreach (var other in units)
            {
                if (other.Keyword is "anyOf" or "oneOf" && !ReferenceEquals(other, unit)
                    && unit.KeywordLocation.StartsWith(other.KeywordLocation + "/", StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
