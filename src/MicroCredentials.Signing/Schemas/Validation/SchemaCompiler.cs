using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MicroCredentials.Signing.Schemas.Validation;

/// <summary>Compile-time options.</summary>
internal sealed class SchemaCompilerOptions
{
    /// <summary>The draft of schemas without <c>$schema</c>.</summary>
    public SchemaDraft DefaultDraft { get; init; } = SchemaDraft.Draft202012;

    /// <summary>
    /// Assert <c>format</c> for every format this validator knows (<see cref="Formats.Names"/>). Off by default, as
    /// 2019-09 and 2020-12 specify (format is an annotation); the 2020-12 format-assertion vocabulary turns it on too.
    /// </summary>
    public bool AssertFormat { get; init; }

    /// <summary>
    /// Fetches a schema document that is not registered (no network by default: null means "unknown").
    /// Called at compile time only.
    /// </summary>
    public Func<string, JsonElement?>? Loader { get; init; }
}

/// <summary>
/// Compiles JSON Schema documents (2019-09 and 2020-12) into trees of <see cref="Keyword"/> evaluators. Identifiers,
/// anchors and JSON-pointer references are resolved once here; only <c>$dynamicRef</c>/<c>$recursiveRef</c> that
/// really are dynamic consult the dynamic scope at evaluation time. One compiler can hold several documents that
/// reference each other; it is not thread-safe, the schemas it returns are.
/// </summary>
internal sealed class SchemaCompiler
{
    private static readonly string[] MapKeywords = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
    private static readonly string[] SingleKeywords =
        ["additionalProperties", "unevaluatedProperties", "unevaluatedItems", "contains", "propertyNames", "not", "if", "then", "else", "additionalItems", "items"];

    private static readonly string[] ArrayKeywords = ["allOf", "anyOf", "oneOf", "prefixItems", "items"];

    /// <summary>Every keyword the compiler gives meaning to (others are annotations or unknown, and ignored).</summary>
    public static readonly IReadOnlySet<string> Keywords = new HashSet<string>(StringComparer.Ordinal)
    {
        "$schema", "$id", "$ref", "$anchor", "$dynamicRef", "$dynamicAnchor", "$recursiveRef", "$recursiveAnchor", "$vocabulary", "$defs", "definitions",
        "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "properties", "patternProperties", "additionalProperties", "dependentSchemas",
        "propertyNames", "items", "prefixItems", "additionalItems", "contains", "minContains", "maxContains", "unevaluatedProperties", "unevaluatedItems",
        "type", "const", "enum", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern",
        "maxItems", "minItems", "uniqueItems", "maxProperties", "minProperties", "required", "dependentRequired", "format",
    };

    private readonly SchemaCompilerOptions options;
    private readonly Dictionary<string, Entry> resources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> anchors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Info> infos = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SchemaNode> nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dialect> dialects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Regex> regexes = new(StringComparer.Ordinal);
    private readonly HashSet<SchemaResource> completed = [];
    private int anonymous;

    public SchemaCompiler(SchemaCompilerOptions? options = null)
    {
        this.options = options ?? new SchemaCompilerOptions();
    }

    /// <summary>True once any compiled schema uses a <c>$dynamicRef</c>/<c>$recursiveRef</c> that needs the dynamic scope.</summary>
    public bool UsesDynamicScope { get; private set; }

    /// <summary>Registers a document under its retrieval URI (and its <c>$id</c>); returns the URI it is known by.</summary>
    public string AddDocument(JsonElement root, string? retrievalUri = null)
    {
        // The compiled keywords keep elements of the document (enum values…); a clone outlives the caller's JsonDocument.
        root = root.Clone();
        var uri = retrievalUri is null ? $"urn:mcred:schema:anonymous:{++anonymous}" : SchemaUri.WithoutFragment(retrievalUri);
        var dialect = Dialect.ForDraft(options.DefaultDraft);
        if (root.ValueKind == JsonValueKind.Object && TryString(root, "$schema", out var meta))
        {
            dialect = DialectOf(meta);
        }

        var baseUri = uri;
        if (root.ValueKind == JsonValueKind.Object && TryString(root, "$id", out var id))
        {
            baseUri = SchemaUri.WithoutFragment(SchemaUri.Resolve(uri, id));
        }

        var entry = new Entry(new SchemaResource(baseUri, dialect), uri, string.Empty, root);
        resources[baseUri] = entry;
        resources.TryAdd(uri, entry);
        Index(uri, root, string.Empty, entry, string.Empty, baseUri, dialect, isResourceRoot: true);
        return baseUri;
    }

    /// <summary>Compiles the schema a URI (with or without fragment) identifies.</summary>
    /// <exception cref="SchemaCompilationException">The schema or one of its references cannot be resolved or compiled.</exception>
    public CompiledSchema Compile(string uri)
    {
        var root = CompileKey(Locate(uri));
        return new CompiledSchema(root, UsesDynamicScope);
    }

    private string Locate(string uri)
    {
        var resourceUri = SchemaUri.WithoutFragment(uri);
        if (!resources.TryGetValue(resourceUri, out var entry))
        {
            var loaded = options.Loader?.Invoke(resourceUri)
                ?? throw new SchemaCompilationException($"schema '{resourceUri}' is not known and was not fetched");
            AddDocument(loaded, resourceUri);
            entry = resources.GetValueOrDefault(resourceUri)
                ?? throw new SchemaCompilationException($"schema '{resourceUri}' did not define that resource");
        }

        var fragment = SchemaUri.Fragment(uri);
        if (string.IsNullOrEmpty(fragment))
        {
            return Key(entry.Document, entry.DocumentPointer);
        }

        if (fragment.StartsWith('/'))
        {
            return Pointer(entry, SchemaUri.PercentDecode(fragment));
        }

        return anchors.GetValueOrDefault(resourceUri + "#" + fragment)
            ?? throw new SchemaCompilationException($"anchor '{fragment}' is not defined in '{resourceUri}'");
    }

    private string Pointer(Entry entry, string pointer)
    {
        var element = entry.Element;
        var docPointer = new StringBuilder(entry.DocumentPointer);
        var resourcePointer = new StringBuilder();
        foreach (var raw in pointer[1..].Split('/'))
        {
            var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(token, out var child))
            {
                element = child;
            }
            else if (element.ValueKind == JsonValueKind.Array && int.TryParse(token, out var index) && index >= 0 && index < element.GetArrayLength())
            {
                element = element[index];
            }
            else
            {
                throw new SchemaCompilationException($"JSON pointer '{pointer}' does not resolve in '{entry.Resource.Uri}'");
            }

            docPointer.Append('/').Append(Escape(token));
            resourcePointer.Append('/').Append(Escape(token));
        }

        var key = Key(entry.Document, docPointer.ToString());
        if (!infos.ContainsKey(key))
        {
            // A location the index did not reach as a schema (e.g. under an unknown keyword): index it now.
            Index(entry.Document, element, docPointer.ToString(), entry, resourcePointer.ToString(), entry.Resource.Uri, entry.Resource.Dialect, isResourceRoot: false);
        }

        return key;
    }

    private Dialect DialectOf(string metaSchemaUri)
    {
        if (Dialect.Builtin(metaSchemaUri) is { } builtin)
        {
            return builtin;
        }

        var uri = SchemaUri.WithoutFragment(metaSchemaUri);
        if (dialects.TryGetValue(uri, out var known))
        {
            return known;
        }

        var meta = options.Loader?.Invoke(uri) ?? throw new SchemaCompilationException($"meta-schema '{uri}' is not known");
        var draft = options.DefaultDraft;
        if (meta.ValueKind == JsonValueKind.Object && TryString(meta, "$schema", out var metaMeta) && Dialect.Builtin(metaMeta) is { } d)
        {
            draft = d.Draft;
        }

        var dialect = Dialect.ForDraft(draft);
        if (meta.ValueKind == JsonValueKind.Object && meta.TryGetProperty("$vocabulary", out var vocabulary) && vocabulary.ValueKind == JsonValueKind.Object)
        {
            dialect = Dialect.FromVocabularies(draft, vocabulary.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.True, StringComparer.Ordinal));
        }

        dialects[uri] = dialect;
        if (!resources.ContainsKey(uri))
        {
            AddDocument(meta, uri);
        }

        return dialect;
    }

    private void Index(string document, JsonElement e, string docPointer, Entry entry, string resourcePointer, string baseUri, Dialect dialect, bool isResourceRoot)
    {
        if (e.ValueKind == JsonValueKind.Object)
        {
            if (!isResourceRoot && TryString(e, "$id", out var id))
            {
                if (TryString(e, "$schema", out var meta))
                {
                    dialect = DialectOf(meta);
                }

                baseUri = SchemaUri.WithoutFragment(SchemaUri.Resolve(baseUri, id));
                entry = new Entry(new SchemaResource(baseUri, dialect), document, docPointer, e);
                resources[baseUri] = entry;
                resourcePointer = string.Empty;
            }

            if (TryString(e, "$anchor", out var anchor))
            {
                anchors[baseUri + "#" + anchor] = Key(document, docPointer);
            }

            if (dialect.Draft == SchemaDraft.Draft202012 && TryString(e, "$dynamicAnchor", out var dynamicAnchor))
            {
                anchors[baseUri + "#" + dynamicAnchor] = Key(document, docPointer);
                entry.Resource.DynamicAnchorKeys[dynamicAnchor] = Key(document, docPointer);
            }

            if (dialect.Draft == SchemaDraft.Draft201909 && resourcePointer.Length == 0
                && e.TryGetProperty("$recursiveAnchor", out var recursive) && recursive.ValueKind == JsonValueKind.True)
            {
                entry.Resource.RecursiveAnchor = true;
            }
        }

        infos[Key(document, docPointer)] = new Info(e, entry, resourcePointer, dialect);
        if (e.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in e.EnumerateObject())
        {
            var name = property.Name;
            var value = property.Value;
            var childDoc = docPointer + "/" + Escape(name);
            var childRes = resourcePointer + "/" + Escape(name);
            if (Array.IndexOf(MapKeywords, name) >= 0 && value.ValueKind == JsonValueKind.Object)
            {
                foreach (var member in value.EnumerateObject())
                {
                    Index(document, member.Value, childDoc + "/" + Escape(member.Name), entry, childRes + "/" + Escape(member.Name), baseUri, dialect, false);
                }
            }
            else if (Array.IndexOf(ArrayKeywords, name) >= 0 && value.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Index(document, item, childDoc + "/" + i, entry, childRes + "/" + i, baseUri, dialect, false);
                    i++;
                }
            }
            else if (Array.IndexOf(SingleKeywords, name) >= 0 && value.ValueKind is JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False)
            {
                Index(document, value, childDoc, entry, childRes, baseUri, dialect, false);
            }
        }
    }

    private SchemaNode CompileKey(string key)
    {
        if (nodes.TryGetValue(key, out var existing))
        {
            return existing;
        }

        var info = infos[key];
        var resource = info.Entry.Resource;
        var absolute = resource.Uri + "#" + info.ResourcePointer;
        var e = info.Element;
        SchemaNode node;
        switch (e.ValueKind)
        {
            case JsonValueKind.True or JsonValueKind.False:
                node = new SchemaNode(resource, absolute, e.ValueKind == JsonValueKind.True);
                nodes[key] = node;
                break;
            case JsonValueKind.Object:
                node = new SchemaNode(resource, absolute, null);
                nodes[key] = node;
                if (info.ResourcePointer.Length == 0)
                {
                    resource.Root = node;
                }

                var keywords = new List<Keyword>();
                var needsAnnotations = CompileKeywords(e, info, key, absolute, keywords);
                node.SetKeywords([.. keywords], needsAnnotations);
                break;
            default:
                throw new SchemaCompilationException($"schema at '{absolute}' is neither an object nor a boolean");
        }

        CompleteResource(info.Entry);
        return node;
    }

    // Dynamic targets must exist before evaluation (compiled schemas are immutable), so every resource touched gets its
    // dynamic anchors and, for $recursiveAnchor, its root compiled.
    private void CompleteResource(Entry entry)
    {
        var resource = entry.Resource;
        if (!completed.Add(resource))
        {
            return;
        }

        foreach (var (anchor, key) in resource.DynamicAnchorKeys)
        {
            resource.DynamicAnchors[anchor] = CompileKey(key);
        }

        if (resource.RecursiveAnchor && resource.Root is null)
        {
            CompileKey(Key(entry.Document, entry.DocumentPointer));
        }
    }

    private bool CompileKeywords(JsonElement e, Info info, string key, string absolute, List<Keyword> into)
    {
        var d = info.Dialect;
        var baseUri = info.Entry.Resource.Uri;
        string At(string keyword) => absolute + "/" + Escape(keyword);
        SchemaNode Sub(params string[] path)
        {
            var k = key;
            foreach (var p in path)
            {
                k += "/" + Escape(p);
            }

            return CompileKey(k);
        }

        if (d.Validation)
        {
            if (e.TryGetProperty("type", out var type))
            {
                var (flags, display) = Types(type);
                into.Add(new TypeKeyword(At("type"), flags, display));
            }

            if (e.TryGetProperty("const", out var constant))
            {
                into.Add(new EnumKeyword("const", At("const"), [constant]));
            }

            if (e.TryGetProperty("enum", out var enumeration) && enumeration.ValueKind == JsonValueKind.Array)
            {
                into.Add(new EnumKeyword("enum", At("enum"), [.. enumeration.EnumerateArray()]));
            }

            if (e.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array && required.GetArrayLength() > 0)
            {
                into.Add(new RequiredKeyword(At("required"), [.. required.EnumerateArray().Select(r => r.GetString()!)]));
            }

            foreach (var name in new[] { "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum" })
            {
                if (e.TryGetProperty(name, out var limit) && limit.ValueKind == JsonValueKind.Number)
                {
                    into.Add(new NumberKeyword(name, At(name), limit));
                }
            }

            foreach (var name in new[] { "maxLength", "minLength", "maxItems", "minItems", "maxProperties", "minProperties" })
            {
                if (e.TryGetProperty(name, out var limit) && limit.ValueKind == JsonValueKind.Number)
                {
                    into.Add(new SizeKeyword(name, At(name), (long)limit.GetDouble()));
                }
            }

            if (TryString(e, "pattern", out var pattern))
            {
                into.Add(new PatternKeyword(At("pattern"), pattern, Regex(pattern)));
            }

            if (e.TryGetProperty("uniqueItems", out var unique) && unique.ValueKind == JsonValueKind.True)
            {
                into.Add(new UniqueItemsKeyword(At("uniqueItems")));
            }

            if (e.TryGetProperty("dependentRequired", out var dependentRequired) && dependentRequired.ValueKind == JsonValueKind.Object)
            {
                var members = dependentRequired.EnumerateObject().ToList();
                into.Add(new DependentRequiredKeyword(At("dependentRequired"),
                    [.. members.Select(m => m.Name)],
                    [.. members.Select(m => m.Value.EnumerateArray().Select(v => v.GetString()!).ToArray())]));
            }
        }

        if ((options.AssertFormat || d.FormatAssertion) && TryString(e, "format", out var format) && Formats.Find(format) is { } check)
        {
            into.Add(new FormatKeyword(At("format"), format, check));
        }

        if (TryString(e, "$ref", out var reference))
        {
            var target = CompileKey(Locate(SchemaUri.Resolve(baseUri, reference)));
            into.Add(new RefKeyword("$ref", At("$ref")) { Target = target });
        }

        if (d.Draft == SchemaDraft.Draft202012 && TryString(e, "$dynamicRef", out var dynamicRef))
        {
            var resolved = SchemaUri.Resolve(baseUri, dynamicRef);
            var targetKey = Locate(resolved);
            var target = CompileKey(targetKey);
            var fragment = SchemaUri.Fragment(resolved);
            var targetResource = infos[targetKey].Entry.Resource;
            if (!string.IsNullOrEmpty(fragment) && !fragment.StartsWith('/')
                && targetResource.DynamicAnchorKeys.TryGetValue(fragment, out var anchorKey) && anchorKey == targetKey)
            {
                UsesDynamicScope = true;
                into.Add(new DynamicRefKeyword(At("$dynamicRef"), fragment) { StaticTarget = target });
            }
            else
            {
                into.Add(new RefKeyword("$dynamicRef", At("$dynamicRef")) { Target = target });
            }
        }

        if (d.Draft == SchemaDraft.Draft201909 && TryString(e, "$recursiveRef", out var recursiveRef))
        {
            var targetKey = Locate(SchemaUri.Resolve(baseUri, recursiveRef));
            var target = CompileKey(targetKey);
            if (target.Resource.RecursiveAnchor && ReferenceEquals(target.Resource.Root, target))
            {
                UsesDynamicScope = true;
                into.Add(new RecursiveRefKeyword(At("$recursiveRef")) { StaticTarget = target });
            }
            else
            {
                into.Add(new RefKeyword("$recursiveRef", At("$recursiveRef")) { Target = target });
            }
        }

        if (d.Applicator)
        {
            foreach (var name in new[] { "allOf", "anyOf", "oneOf" })
            {
                if (e.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    var schemas = Enumerable.Range(0, list.GetArrayLength()).Select(i => Sub(name, i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
                    into.Add(name switch
                    {
                        "allOf" => new AllOfKeyword(At(name), schemas),
                        "anyOf" => new AnyOfKeyword(At(name), schemas),
                        _ => new OneOfKeyword(At(name), schemas),
                    });
                }
            }

            if (e.TryGetProperty("not", out _))
            {
                into.Add(new NotKeyword(At("not"), Sub("not")));
            }

            if (e.TryGetProperty("if", out _))
            {
                into.Add(new IfKeyword(At("if"), Sub("if"),
                    e.TryGetProperty("then", out _) ? Sub("then") : null,
                    e.TryGetProperty("else", out _) ? Sub("else") : null));
            }

            var declared = new PropertyTable([]);
            if (e.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
            {
                string[] names = [.. properties.EnumerateObject().Select(p => p.Name)];
                var keyword = new PropertiesKeyword(At("properties"), names, [.. names.Select(n => Sub("properties", n))]);
                declared = keyword.Table;
                into.Add(keyword);
            }

            Regex[] patterns = [];
            if (e.TryGetProperty("patternProperties", out var patternProperties) && patternProperties.ValueKind == JsonValueKind.Object)
            {
                var names = patternProperties.EnumerateObject().Select(p => p.Name).ToArray();
                patterns = [.. names.Select(Regex)];
                into.Add(new PatternPropertiesKeyword(At("patternProperties"), names, patterns, [.. names.Select(n => Sub("patternProperties", n))]));
            }

            if (e.TryGetProperty("additionalProperties", out _))
            {
                into.Add(new AdditionalPropertiesKeyword(At("additionalProperties"), Sub("additionalProperties"), declared, patterns));
            }

            if (e.TryGetProperty("dependentSchemas", out var dependentSchemas) && dependentSchemas.ValueKind == JsonValueKind.Object)
            {
                var names = dependentSchemas.EnumerateObject().Select(p => p.Name).ToArray();
                into.Add(new DependentSchemasKeyword(At("dependentSchemas"), names, [.. names.Select(n => Sub("dependentSchemas", n))]));
            }

            if (e.TryGetProperty("propertyNames", out _))
            {
                into.Add(new PropertyNamesKeyword(At("propertyNames"), Sub("propertyNames")));
            }

            CompileItems(e, d, At, Sub, into);

            if (e.TryGetProperty("contains", out _))
            {
                var min = 1;
                int? max = null;
                if (d.Validation && e.TryGetProperty("minContains", out var minContains) && minContains.ValueKind == JsonValueKind.Number)
                {
                    min = (int)Math.Min(minContains.GetDouble(), int.MaxValue);
                }

                if (d.Validation && e.TryGetProperty("maxContains", out var maxContains) && maxContains.ValueKind == JsonValueKind.Number)
                {
                    max = (int)Math.Min(maxContains.GetDouble(), int.MaxValue);
                }

                into.Add(new ContainsKeyword(At("contains"), Sub("contains"), min, max, annotates: d.Draft == SchemaDraft.Draft202012));
            }
        }

        // required is answered by the properties pass when it can be: one walk over the members instead of one
        // TryGetProperty scan per required name.
        if (into.OfType<RequiredKeyword>().FirstOrDefault() is { } requiredKeyword
            && into.OfType<PropertiesKeyword>().FirstOrDefault() is { } propertiesKeyword
            && propertiesKeyword.TryMerge(requiredKeyword))
        {
            into.Remove(requiredKeyword);
        }

        var needsAnnotations = false;
        if (d.Unevaluated)
        {
            if (e.TryGetProperty("unevaluatedProperties", out _))
            {
                into.Add(new UnevaluatedPropertiesKeyword(At("unevaluatedProperties"), Sub("unevaluatedProperties")));
                needsAnnotations = true;
            }

            if (e.TryGetProperty("unevaluatedItems", out _))
            {
                into.Add(new UnevaluatedItemsKeyword(At("unevaluatedItems"), Sub("unevaluatedItems")));
                needsAnnotations = true;
            }
        }

        return needsAnnotations;
    }

    private static void CompileItems(JsonElement e, Dialect d, Func<string, string> at, Func<string[], SchemaNode> sub, List<Keyword> into)
    {
        var hasItems = e.TryGetProperty("items", out var items);
        if (d.Draft == SchemaDraft.Draft201909)
        {
            if (hasItems && items.ValueKind == JsonValueKind.Array)
            {
                var prefix = Enumerable.Range(0, items.GetArrayLength()).Select(i => sub(["items", i.ToString(System.Globalization.CultureInfo.InvariantCulture)])).ToArray();
                into.Add(new PrefixItemsKeyword("items", at("items"), prefix));
                if (e.TryGetProperty("additionalItems", out _))
                {
                    into.Add(new RestItemsKeyword("additionalItems", at("additionalItems"), sub(["additionalItems"]), prefix.Length));
                }
            }
            else if (hasItems)
            {
                into.Add(new RestItemsKeyword("items", at("items"), sub(["items"]), 0));
            }

            return;
        }

        var start = 0;
        if (e.TryGetProperty("prefixItems", out var prefixItems) && prefixItems.ValueKind == JsonValueKind.Array)
        {
            var prefix = Enumerable.Range(0, prefixItems.GetArrayLength()).Select(i => sub(["prefixItems", i.ToString(System.Globalization.CultureInfo.InvariantCulture)])).ToArray();
            into.Add(new PrefixItemsKeyword("prefixItems", at("prefixItems"), prefix));
            start = prefix.Length;
        }

        if (hasItems && items.ValueKind != JsonValueKind.Array)
        {
            into.Add(new RestItemsKeyword("items", at("items"), sub(["items"]), start));
        }
    }

    private Regex Regex(string pattern)
    {
        if (!regexes.TryGetValue(pattern, out var regex))
        {
            regex = EcmaRegex.Compile(pattern);
            regexes[pattern] = regex;
        }

        return regex;
    }

    private static (JsonTypes Flags, string Display) Types(JsonElement type)
    {
        var names = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToArray() : [type.GetString()!];
        var flags = JsonTypes.None;
        foreach (var name in names)
        {
            flags |= name switch
            {
                "null" => JsonTypes.Null,
                "boolean" => JsonTypes.Boolean,
                "object" => JsonTypes.Object,
                "array" => JsonTypes.Array,
                "number" => JsonTypes.Number,
                "string" => JsonTypes.String,
                "integer" => JsonTypes.Integer,
                _ => throw new SchemaCompilationException($"unknown type '{name}'"),
            };
        }

        return (flags, string.Join(" or ", names));
    }

    private static bool TryString(JsonElement e, string name, out string value)
    {
        if (e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String)
        {
            value = v.GetString()!;
            return true;
        }

        value = string.Empty;
        return false;
    }

    private static string Key(string document, string pointer) => document + "#" + pointer;

    private static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private sealed record Entry(SchemaResource Resource, string Document, string DocumentPointer, JsonElement Element);

    private sealed record Info(JsonElement Element, Entry Entry, string ResourcePointer, Dialect Dialect);
}

/// <summary>A compiled, immutable, thread-safe schema.</summary>
internal sealed class CompiledSchema
{
    private readonly bool trackScope;

    public CompiledSchema(SchemaNode root, bool trackScope)
    {
        Root = root;
        this.trackScope = trackScope;
    }

    public SchemaNode Root { get; }

    /// <summary>The verdict only: stops at the first failure and builds no locations.</summary>
    public bool IsValid(JsonElement instance) =>
        Root.Evaluate(instance, new EvaluationRun(collectErrors: false, trackScope), null, null, null);

    /// <summary>Every error, in the "basic" output format.</summary>
    public IReadOnlyList<OutputUnit> Errors(JsonElement instance)
    {
        var run = new EvaluationRun(collectErrors: true, trackScope);
        Root.Evaluate(instance, run, null, null, null);
        return run.Errors!;
    }
}
