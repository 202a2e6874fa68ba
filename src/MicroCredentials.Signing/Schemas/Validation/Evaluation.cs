using System.Text;
using System.Text.Json;

namespace MicroCredentials.Signing.Schemas.Validation;

/// <summary>
/// One unit of the JSON Schema "basic" output format (JSON Schema 2020-12 core §12.4.2), plus the keyword that failed
/// and, for <c>required</c>/<c>dependentRequired</c>, the missing property (so callers can point at it).
/// </summary>
internal sealed record OutputUnit(
    string InstanceLocation,
    string KeywordLocation,
    string AbsoluteKeywordLocation,
    string Error,
    string Keyword,
    string InstancePath,
    string? MissingProperty);

/// <summary>
/// A location segment (instance or keyword path), linked to its parent. Only allocated when errors are collected, so a
/// verdict-only run builds no paths at all.
/// </summary>
internal sealed class Segment
{
    public Segment(Segment? parent, string name)
    {
        Parent = parent;
        Name = name;
        Index = -1;
    }

    public Segment(Segment? parent, int index)
    {
        Parent = parent;
        Index = index;
    }

    public Segment? Parent { get; }

    public string? Name { get; }

    public int Index { get; }

    public static string Pointer(Segment? s)
    {
        if (s is null)
        {
            return string.Empty;
        }

        var parts = new List<Segment>();
        for (var p = s; p is not null; p = p.Parent)
        {
            parts.Add(p);
        }

        var sb = new StringBuilder();
        for (var i = parts.Count - 1; i >= 0; i--)
        {
            sb.Append('/');
            if (parts[i].Name is { } name)
            {
                sb.Append(name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal));
            }
            else
            {
                sb.Append(parts[i].Index);
            }
        }

        return sb.ToString();
    }

    /// <summary>The instance location as the JSON path the library reports (<c>$.a.b[0]</c>).</summary>
    public static string JsonPath(Segment? s)
    {
        var parts = new List<Segment>();
        for (var p = s; p is not null; p = p.Parent)
        {
            parts.Add(p);
        }

        var sb = new StringBuilder("$");
        for (var i = parts.Count - 1; i >= 0; i--)
        {
            if (parts[i].Name is { } name)
            {
                sb.Append('.').Append(name);
            }
            else
            {
                sb.Append('[').Append(parts[i].Index).Append(']');
            }
        }

        return sb.ToString();
    }
}

/// <summary>
/// Which properties/items of one instance location the schemas evaluated so far have evaluated (the annotations
/// <c>unevaluatedProperties</c>/<c>unevaluatedItems</c> consume). Only created where a schema uses those keywords.
/// </summary>
internal sealed class Annotations
{
    public HashSet<string>? Properties { get; private set; }

    public bool AllProperties { get; set; }

    public int ItemPrefix { get; set; }

    public bool AllItems { get; set; }

    public HashSet<int>? Items { get; private set; }

    public void AddProperty(string name) => (Properties ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);

    public void AddItem(int index) => (Items ??= []).Add(index);

    public bool IsPropertyEvaluated(string name) => AllProperties || (Properties?.Contains(name) ?? false);

    public bool IsItemEvaluated(int index) => AllItems || index < ItemPrefix || (Items?.Contains(index) ?? false);

    public void MergeInto(Annotations target)
    {
        target.AllProperties |= AllProperties;
        target.AllItems |= AllItems;
        target.ItemPrefix = Math.Max(target.ItemPrefix, ItemPrefix);
        if (Properties is not null && !target.AllProperties)
        {
            foreach (var p in Properties)
            {
                target.AddProperty(p);
            }
        }

        if (Items is not null && !target.AllItems)
        {
            foreach (var i in Items)
            {
                target.AddItem(i);
            }
        }
    }
}

/// <summary>The state of one evaluation: options, collected errors (null = verdict only), the dynamic scope.</summary>
internal sealed class EvaluationRun
{
    /// <summary>
    /// References followed deeper than this are taken for a cycle that consumes no instance (e.g. <c>{"$ref": "#"}</c>).
    /// Instance nesting is bounded separately (the document's MaxDepth), so legitimate recursion stays far below.
    /// </summary>
    public const int MaxDepth = 512;

    private List<SchemaResource>? scope;

    public EvaluationRun(bool collectErrors, bool trackScope)
    {
        Errors = collectErrors ? [] : null;
        if (trackScope)
        {
            scope = [];
        }
    }

    public List<OutputUnit>? Errors { get; }

    public bool Collect => Errors is not null;

    public int Depth { get; set; }

    public List<SchemaResource>? Scope => scope;

    public int ErrorMark => Errors?.Count ?? 0;

    public void Rewind(int mark)
    {
        if (Errors is not null && Errors.Count > mark)
        {
            Errors.RemoveRange(mark, Errors.Count - mark);
        }
    }

    public Segment? Kw(Segment? parent, string name) => Errors is null ? null : new Segment(parent, name);

    public Segment? Kw(Segment? parent, int index) => Errors is null ? null : new Segment(parent, index);

    public Segment? At(Segment? parent, string name) => Errors is null ? null : new Segment(parent, name);

    public Segment? At(Segment? parent, int index) => Errors is null ? null : new Segment(parent, index);

    /// <summary>
    /// Counts one reference followed. Only references can make evaluation cycle without consuming the instance
    /// (<c>{"$ref": "#"}</c>), so only they are counted; false (with an error) when the limit is reached.
    /// </summary>
    public bool Enter(Segment? instance, Segment? keywordPath, string absoluteLocation)
    {
        if (++Depth <= MaxDepth)
        {
            return true;
        }

        Depth--;
        Fail(instance, keywordPath, absoluteLocation, "$ref", "schema recursion limit reached without consuming the instance");
        return false;
    }

    /// <summary>Ends what <see cref="Enter"/> began and passes the result through.</summary>
    public bool Leave(bool result)
    {
        Depth--;
        return result;
    }

    public void Fail(Segment? instance, Segment? keywordPath, string absoluteLocation, string keyword, string message, string? missingProperty = null)
    {
        if (Errors is null)
        {
            return;
        }

        var pointer = Segment.Pointer(instance);
        Errors.Add(new OutputUnit(pointer, Segment.Pointer(keywordPath), absoluteLocation, message, keyword, Segment.JsonPath(instance), missingProperty));
    }
}

/// <summary>A compiled keyword: evaluates one instance, in place, for the schema object that holds it.</summary>
internal abstract class Keyword
{
    protected Keyword(string name, string absoluteLocation)
    {
        Name = name;
        AbsoluteLocation = absoluteLocation;
    }

    /// <summary>The keyword as written (also its keyword-location segment).</summary>
    public string Name { get; }

    /// <summary>The keyword's absolute keyword location (resource URI + pointer).</summary>
    public string AbsoluteLocation { get; }

    public abstract bool Evaluate(in JsonElement instance, EvaluationRun run, Segment? instancePath, Segment? keywordPath, Annotations? annotations);

    protected void Fail(EvaluationRun run, Segment? instancePath, Segment? keywordPath, string message) =>
        run.Fail(instancePath, run.Kw(keywordPath, Name), AbsoluteLocation, Name, message);
}

/// <summary>A compiled schema (object or boolean).</summary>
internal sealed class SchemaNode
{
    public SchemaNode(SchemaResource resource, string absoluteLocation, bool? boolean)
    {
        Resource = resource;
        AbsoluteLocation = absoluteLocation;
        Boolean = boolean;
    }

    public SchemaResource Resource { get; }

    public string AbsoluteLocation { get; }

    public bool? Boolean { get; }

    /// <summary>This schema has <c>unevaluatedProperties</c>/<c>unevaluatedItems</c>, so it gathers annotations itself.</summary>
    public bool NeedsAnnotations { get; private set; }

    public void SetKeywords(Keyword[] compiled, bool needsAnnotations)
    {
        NeedsAnnotations = needsAnnotations;
        // Most keywords only apply to one instance type; selecting them once by ValueKind spares every keyword its own
        // type test (and the document lookup behind it) on instances it ignores anyway.
        byKind = new Keyword[9][];
        for (var kind = 0; kind < byKind.Length; kind++)
        {
            var k = (JsonValueKind)kind;
            byKind[kind] = [.. compiled.Where(keyword => AppliesTo(keyword.Name, k))];
        }
    }

    private Keyword[][] byKind = [];

    private static bool AppliesTo(string keyword, JsonValueKind kind) => keyword switch
    {
        "properties" or "patternProperties" or "additionalProperties" or "dependentSchemas" or "propertyNames" or "unevaluatedProperties"
            or "required" or "dependentRequired" or "minProperties" or "maxProperties" => kind == JsonValueKind.Object,
        "items" or "prefixItems" or "additionalItems" or "contains" or "unevaluatedItems" or "uniqueItems" or "minItems" or "maxItems"
            => kind == JsonValueKind.Array,
        "pattern" or "format" or "minLength" or "maxLength" => kind == JsonValueKind.String,
        "multipleOf" or "maximum" or "exclusiveMaximum" or "minimum" or "exclusiveMinimum" => kind == JsonValueKind.Number,
        _ => true,
    };

    public bool Evaluate(in JsonElement instance, EvaluationRun run, Segment? instancePath, Segment? keywordPath, Annotations? annotations)
    {
        if (Boolean is { } b)
        {
            if (!b)
            {
                // A false schema's error is reported against the keyword that applied it (e.g. additionalProperties).
                run.Fail(instancePath, keywordPath, AbsoluteLocation, LastKeyword(keywordPath), "no value is allowed here (false schema)");
            }

            return b;
        }

        var scope = run.Scope;
        var applicable = byKind[(int)instance.ValueKind];
        if (scope is null && annotations is null && !NeedsAnnotations)
        {
            // The common case (no dynamic references, no unevaluated*): just the keywords.
            var ok = true;
            foreach (var keyword in applicable)
            {
                if (!keyword.Evaluate(instance, run, instancePath, keywordPath, null))
                {
                    if (!run.Collect)
                    {
                        return false;
                    }

                    ok = false;
                }
            }

            return ok;
        }

        var pushed = false;
        if (scope is not null && (scope.Count == 0 || !ReferenceEquals(scope[^1], Resource)))
        {
            scope.Add(Resource);
            pushed = true;
        }

        var local = annotations is not null || NeedsAnnotations ? new Annotations() : null;
        var valid = true;
        foreach (var keyword in applicable)
        {
            if (!keyword.Evaluate(instance, run, instancePath, keywordPath, local))
            {
                valid = false;
                if (!run.Collect)
                {
                    break;
                }
            }
        }

        if (pushed)
        {
            scope!.RemoveAt(scope.Count - 1);
        }

        if (valid && annotations is not null)
        {
            local!.MergeInto(annotations);
        }

        return valid;
    }

    private static string LastKeyword(Segment? keywordPath)
    {
        for (var s = keywordPath; s is not null; s = s.Parent)
        {
            if (s.Name is { } name && !IsContainerMember(s))
            {
                return name;
            }
        }

        return "false";
    }

    // Under properties/patternProperties/$defs/dependentSchemas the last segment is a member name, not a keyword.
    private static bool IsContainerMember(Segment s) =>
        s.Parent?.Name is "properties" or "patternProperties" or "dependentSchemas" or "$defs" or "definitions";
}

/// <summary>A schema resource (a schema with <c>$id</c>, or a document root) and the anchors dynamic references may use.</summary>
internal sealed class SchemaResource
{
    public SchemaResource(string uri, Dialect dialect)
    {
        Uri = uri;
        Dialect = dialect;
    }

    public string Uri { get; }

    public Dialect Dialect { get; }

    /// <summary>2019-09: the resource root has <c>"$recursiveAnchor": true</c>.</summary>
    public bool RecursiveAnchor { get; set; }

    /// <summary>The compiled root, set once compiled (used by <c>$recursiveRef</c>).</summary>
    public SchemaNode? Root { get; set; }

    /// <summary>2020-12 <c>$dynamicAnchor</c> name → document location key.</summary>
    public Dictionary<string, string> DynamicAnchorKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>2020-12 <c>$dynamicAnchor</c> name → compiled schema (filled by the compiler).</summary>
    public Dictionary<string, SchemaNode> DynamicAnchors { get; } = new(StringComparer.Ordinal);
}
