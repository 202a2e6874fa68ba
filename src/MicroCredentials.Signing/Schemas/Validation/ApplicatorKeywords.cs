using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MicroCredentials.Signing.Schemas.Validation;

/// <summary><c>$ref</c>, and <c>$dynamicRef</c>/<c>$recursiveRef</c> whose target resolved statically.</summary>
internal sealed class RefKeyword : Keyword
{
    public RefKeyword(string name, string absoluteLocation)
        : base(name, absoluteLocation)
    {
    }

    public SchemaNode? Target { get; set; }

    public override bool Evaluate(in JsonElement instance, EvaluationRun run, Segment? instancePath, Segment? keywordPath, Annotations? annotations) =>
        run.Enter(instancePath, keywordPath, AbsoluteLocation)
        && run.Leave(Target!.Evaluate(instance, run, instancePath, run.Kw(keywordPath, Name), annotations));
}

/// <summary>
/// 2020-12 <c>$dynamicRef</c> whose static target carries the same <c>$dynamicAnchor</c> (the "bookend"): the target
/// is the outermost resource in the dynamic scope that declares that dynamic anchor.
/// </summary>
internal sealed class DynamicRefKeyword : Keyword
{
    private readonly string anchor;

    public DynamicRefKeyword(string absoluteLocation, string anchor)
        : base("$dynamicRef", absoluteLocation)
    {
        this.anchor = anchor;
    }

    public SchemaNode? StaticTarget { get; set; }

    public override bool Evaluate(in JsonElement instance, EvaluationRun run, Segment? instancePath, Segment? keywordPath, Annotations? annotations)
    {
        var target = StaticTarget!;
        foreach (var resource in run.Scope!)
        {
            if (resource.DynamicAnchors.TryGetValue(anchor, out var node))
            {
                target = node;
                break;
            }
        }

        return run.Enter(instancePath, keywordPath, AbsoluteLocation)
            && run.Leave(target.Evaluate(instance, run, instancePath, run.Kw(keywordPath, Name), annotations));
    }
}

/// <summary>
/// 2019-09 <c>$recursiveRef</c> whose static target has <c>"$recursiveAnchor": true</c>: the target is the outermost
/// resource in the dynamic scope whose root has <c>"$recursiveAnchor": true</c>.
/// </summary>
internal sealed class RecursiveRefKeyword : Keyword
{
    public RecursiveRefKeyword(string absoluteLocation)
        : base("$recursiveRef", absoluteLocation)
    {
    }

    public SchemaNode? StaticTarget { get; set; }

    public override bool Evaluate(in JsonElement instance, EvaluationRun run, Segment? instancePath, Segment? keywordPath, Annotations? annotations)
    {
        var target = StaticTarget!;
        foreach (var resource in run.Scope!)
        {
            if (resource.RecursiveAnchor && resource.Root is { } root)
            {
                target = root;
                break;
            }
        }

        return run.Enter(instancePath, keywordPath, AbsoluteLocation)
            && run.Leave(target.Evaluate(instance, run, instancePath, run.Kw(keywordPath, Name), annotations));
    }
}

/// <summary><c>allOf</c>.</summary>
internal sealed class AllOfKeyword(string absoluteLocation, SchemaNode[] schemas) : Keyword("allOf", absoluteLocation)
{
    public override bool Evaluate(in JsonElement instance, EvaluationRun run, Segment? instancePath, Segment? keywordPath, Annotations? annotations)
    {
        var kp = run.Kw(keywordPath, Name);
        var valid = true;
        for (var i = 0; i < schemas.Length; i++)
        {
            if (!schemas[i].Evaluate(instance, run, instancePath, run.Kw(kp, i), annotations))
            {
                valid = false;
                if (!run.Collect)
                {
                    return false;
                }
            }
        }

        return valid;
    }
}

/// <summary><c>anyOf</c>: stops at the first passing branch unless annotations are being gathered.</summary>
internal sealed class AnyOfKeyword(string absoluteLocation, SchemaNode[] schemas) : Keyword("anyOf", absoluteLocation)
{
    public override bool Evaluate(in JsonElement instance, EvaluationRun run, Segment? instancePath, Segment? keywordPath, Annotations? annotations)
    {
        var kp = run.Kw(keywordPath, Name);
        var mark = run.ErrorMark;
        var valid = false;
        for (var i = 0; i < schemas.Length; i++)
        {
            if (schemas[i].Evaluate(instance, run, instancePath, run.Kw(kp, i), annotations))
            {
                valid = true;
                if (annotations is null)
                {
                    break;
                }
            }
        }

        if (valid)
        {
            run.Rewind(mark);
        }
        else
        {
            Fail(run, instancePath, keywordPath, "the value matches none of the anyOf schemas");
        }

        return valid;
    }
}

/// <summary><c>oneOf</c>.</summary>
internal sealed class OneOfKeyword(string absoluteLocation, SchemaNode[] schemas) : Keyword("oneOf", absoluteLocation)
{
    public override bool Evaluate(in JsonElement instance, EvaluationRun run, Segment? instancePath, Segment? keywordPath, Annotations? annotations)
    {
        var kp = run.Kw(keywordPath, Name);
        var mark = run.ErrorMark;
        var passed = 0;
        var first = -1;
        Annotations? kept = null;
        for (var i = 0; i < schemas.Length && passed < 2; i++)
        {
            var branch = annotations is null ? null : new Annotations();
            if (schemas[i].Evaluate(instance, run, instancePath, run.Kw(kp, i), branch))
            {
                passed++;
                if (first < 0)
                {
                    first = i;
                    kept = branch;
                }
            }
        }

        if (passed == 1)
        {
            run.Rewind(mark);
            if (annotations is not null)
            {
                kept!.MergeInto(annotations);
            }

            return true;
        }

        // Matching none, the branches' errors stay in the output (as anyOf's do): they are what explains the failure.
        if (passed > 0)
        {
            run.Rewind(mark);
        }

        if (run.Collect)
        {
            Fail(run, instancePath, keywordPath, passed == 0
                ? "the value matches none of the oneOf schemas"
                : "the value matches more than one of the oneOf schemas");
        }

        return false;
    }
}

/// <summary><c>not</c>.</summary>
internal sealed class NotKeyword(string absoluteLocation, SchemaNode schema) : Keyword("not", absoluteLocation)
{
    public override bool Evaluate(in JsonElement instance, EvaluationRun run, Segment? instancePath, Segment? keywordPath, Annotations? annotations)
    {
        var mark = run.ErrorMark;
        var inner = schema.Evaluate(instance, run, instancePath, run.Kw(keywordPath, Name), null);
        run.Rewind(mark);
        if (inner)
        {
            Fail(run, instancePath, keywordPath, "the value must not match the 'not' schema");
        }

        return !inner;
    }
}

/// <summary><c>if</c>/<c>then</c>/<c>else</c> (compiled together; absent when <c>if</c> is absent).</summary>
internal sealed class IfKeyword(string absoluteLocation, SchemaNode condition, SchemaNode? then, SchemaNode? otherwise) : Keyword("if", absoluteLocation)
{
    public override bool Evaluate(in JsonElement instance, EvaluationRun run, Segment? instancePath, Segment? keywordPath, Annotations? annotations)
    {
        var mark = run.ErrorMark;
        var conditionAnnotations = annotations is null ? null : new Annotations();
        var matched = condition.Evaluate(instance, run, instancePath, run.Kw(keywordPath, "if"), conditionAnnotations);
        run.Rewind(mark);
        if (matched)
        {
            if (annotations is not null)
            {
                conditionAnnotations!.MergeInto(annotations);
            }

            return then is null || then.Evaluate(instance, run, instancePath, run.Kw(keywordPath, "then"), annotations);
        }

        return otherwise is null || otherwise.Evaluate(instance, run, instancePath, run.Kw(keywordPath, "else"), annotations);
    }
}

/// <summary><c>properties</c>.</summary>
internal sealed class PropertiesKeyword : Keyword
{
    private readonly string[] names;
    private readonly SchemaNode[] schemas;

    public PropertiesKeyword(string absoluteLocation, string[] names, SchemaNode[] schemas)
        : base("properties", absoluteLocation)
    {
        this.names = names;
        this.schemas = schemas;
        Table = new PropertyTable(names);
    }

    public PropertyTable Table { get; }

    /// <summary>A sibling <c>required</c> whose names are all declared here, checked in the same pass over the members.</summary>
    public RequiredKeyword? Required { get; private set; }

    private ulong requiredMask;

    /// <summary>Takes over the sibling <c>required</c> (only when every required name is declared and at most 64 are).</summary>
    public bool TryMerge(RequiredKeyword required)
    {
        if (names.Length > 64)
        {
            return false;
        }

        ulong mask = 0;
        foreach (var name in required.Names)
        {
            var i = Array.IndexOf(names, name);
            if (i < 0)
            {
                return false;
            }

            mask |= 1UL << i;
        }

        Required = required;
        requiredMask = mask;
        return true;
    }

    public override bool Evaluate(in JsonElement instance, EvaluationRun run, Segment? instancePath, Segment? keywordPath, Annotations? annotations)
    {
        if (instance.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        var kp = run.Kw(keywordPath, Name);
        var valid = true;
        ulong seen = 0;
        foreach (var property in instance.EnumerateObject())
        {
            var i = Table.Find(property);
            if (i < 0)
            {
                continue;
            }

            seen |= i < 64 ? 1UL << i : 0;
            annotations?.AddProperty(names[i]);
            if (!schemas[i].Evaluate(property.Value, run, run.At(instancePath, names[i]), run.Kw(kp, names[i]), null))
            {
                valid = false;
                if (!run.Collect)
                {
                    return false;
                }
            }
        }

        if (Required is not null && (seen & requiredMask) != requiredMask)
        {
            valid = false;
            if (run.Collect)
            {
                for (var i = 0; i < names.Length; i++)
                {
                    if ((requiredMask & (1UL << i)) != 0 && (seen & (1UL << i)) == 0)
                    {
                        Required.Missing(run, instancePath, keywordPath, names[i]);
                    }
                }
            }
        }

        return valid;
    }
}

/// <summary><c>patternProperties</c>.</summary>
internal sealed class PatternPropertiesKeyword(string absoluteLocation, string[] patterns, Regex[] regexes, SchemaNode[] schemas)
    : Keyword("patternProperties", absoluteLocation)
{
    public IReadOnlyList<Regex> Regexes => regexes;

    public override bool Evaluate(in JsonElement instance, EvaluationRun run, Segment? instancePath, Segment? keywordPath, Annotations? annotations)
    {
        if (instance.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        var kp = run.Kw(keywordPath, Name);
        var valid = true;
        foreach (var property in instance.EnumerateObject())
        {
            var name = property.Name;
            for (var i = 0; i < regexes.Length; i++)
            {
                // On a timeout the member is treated as matching, so its schema still applies (strict).
                if (!EcmaRegex.IsMatch(regexes[i], name, onTimeout: true))
                {
                    continue;
                }

                annotations?.AddProperty(name);
                if (!schemas[i].Evaluate(property.Value, run, run.At(instancePath, name), run.Kw(kp, patterns[i]), null))
                {
                    valid = false;
                    if (!run.Collect)
                    {
                        return false;
                    }
                }
            }
        }

        return valid;
    }
}

/// <summary><c>additionalProperties</c>: members matched by neither sibling <c>properties</c> nor <c>patternProperties</c>.</summary>
internal sealed class AdditionalPropertiesKeyword(string absoluteLocation, SchemaNode schema, PropertyTable declared, Regex[] patterns)
    : Keyword("additionalProperties", absoluteLocation)
{
    public override bool Evaluate(in JsonElement instance, EvaluationRun run, Segment? instancePath, Segment? keywordPath, Annotations? annotations)
    {
        if (instance.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        // "additionalProperties": true (20 of the OB 3.0 classes) only matters as an annotation.
        if (schema.Boolean == true)
        {
            if (annotations is not null)
            {
                annotations.AllProperties = true;
            }

            return true;
        }

        var kp = run.Kw(keywordPath, Name);
        var valid = true;
        foreach (var property in instance.EnumerateObject())
        {
            if (IsDeclared(property))
            {
                continue;
            }

            if (!schema.Evaluate(property.Value, run, run.At(instancePath, property.Name), kp, null))
            {
                valid = false;
                if (!run.Collect)
                {
                    return false;
                }
            }
        }

        if (annotations is not null && valid)
        {
            annotations.AllProperties = true;
        }

        return valid;
    }

    private bool IsDeclared(JsonProperty property)
    {
        if (declared.Find(property) >= 0)
        {
            return true;
        }

        if (patterns.Length == 0)
        {
            return false;
        }

        var text = property.Name;
        foreach (var regex in patterns)
        {
            // On a timeout the member counts as undeclared, so additionalProperties still applies (strict).
            if (EcmaRegex.IsMatch(regex, text, onTimeout: false))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary><c>dependentSchemas</c>.</summary>
internal sealed class DependentSchemasKeyword(string absoluteLocation, string[] names, SchemaNode[] schemas) : Keyword("dependentSchemas", absoluteLocation)
{
    public override bool Evaluate(in JsonElement instance, EvaluationRun run, Segment? instancePath, Segment? keywordPath, Annotations? annotations)
    {
        if (instance.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        var kp = run.Kw(keywordPath, Name);
        var valid = true;
        for (var i = 0; i < names.Length; i++)
        {
            if (instance.TryGetProperty(names[i], out _) && !schemas[i].Evaluate(instance, run, instancePath, run.Kw(kp, names[i]), annotations))
            {
                valid = false;
                if (!run.Collect)
                {
                    return false;
                }
            }
        }

        return valid;
    }
}

/// <summary><c>propertyNames</c>: each member name is validated as a string instance.</summary>
internal sealed class PropertyNamesKeyword(string absoluteLocation, SchemaNode schema) : Keyword("propertyNames", absoluteLocation)
{
    // A property name as a JSON string element, written by hand rather than with JsonSerializer, which trimming
    // and native AOT cannot analyse.
    private static JsonElement StringElement(string value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStringValue(value);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    public override bool Evaluate(in JsonElement instance, EvaluationRun run, Segment? instancePath, Segment? keywordPath, Annotations? annotations)
    {
        if (instance.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        var kp = run.Kw(keywordPath, Name);
        var valid = true;
        foreach (var property in instance.EnumerateObject())
        {
            var name = StringElement(property.Name);
            if (!schema.Evaluate(name, run, run.At(instancePath, property.Name), kp, null))
            {
                valid = false;
                if (!run.Collect)
                {
                    return false;
                }
            }
        }

        return valid;
    }
}

/// <summary>
/// Positional item schemas: 2019-09 <c>items</c> in array form, 2020-12 <c>prefixItems</c>.
/// </summary>
internal sealed class PrefixItemsKeyword(string name, string absoluteLocation, SchemaNode[] schemas) : Keyword(name, absoluteLocation)
{
    public int Count => schemas.Length;

    public override bool Evaluate(in JsonElement instance, EvaluationRun run, Segment? instancePath, Segment? keywordPath, Annotations? annotations)
    {
        if (instance.ValueKind != JsonValueKind.Array)
        {
            return true;
        }

        var kp = run.Kw(keywordPath, Name);
        var valid = true;
        var i = 0;
        foreach (var item in instance.EnumerateArray())
        {
            if (i >= schemas.Length)
            {
                break;
            }

            if (!schemas[i].Evaluate(item, run, run.At(instancePath, i), run.Kw(kp, i), null))
            {
                valid = false;
                if (!run.Collect)
                {
                    return false;
                }
            }

            i++;
        }

        if (annotations is not null)
        {
            annotations.ItemPrefix = Math.Max(annotations.ItemPrefix, i);
        }

        return valid;
    }
}

/// <summary>
/// A schema for every item from <c>start</c> on: <c>items</c> (schema form; 2020-12 after <c>prefixItems</c>) and
/// 2019-09 <c>additionalItems</c> after an array-form <c>items</c>.
/// </summary>
internal sealed class RestItemsKeyword(string name, string absoluteLocation, SchemaNode schema, int start) : Keyword(name, absoluteLocation)
{
    public override bool Evaluate(in JsonElement instance, EvaluationRun run, Segment? instancePath, Segment? keywordPath, Annotations? annotations)
    {
        if (instance.ValueKind != JsonValueKind.Array)
        {
            return true;
        }

        if (schema.Boolean == true)
        {
            if (annotations is not null)
            {
                annotations.AllItems = true;
            }

            return true;
        }

        var kp = run.Kw(keywordPath, Name);
        var valid = true;
        var i = 0;
        foreach (var item in instance.EnumerateArray())
        {
            if (i >= start && !schema.Evaluate(item, run, run.At(instancePath, i), kp, null))
            {
                valid = false;
                if (!run.Collect)
                {
                    return false;
                }
            }

            i++;
        }

        if (annotations is not null && valid)
        {
            annotations.AllItems = true;
        }

        return valid;
    }
}

/// <summary><c>contains</c> with the sibling <c>minContains</c>/<c>maxContains</c>.</summary>
internal sealed class ContainsKeyword(string absoluteLocation, SchemaNode schema, int min, int? max, bool annotates) : Keyword("contains", absoluteLocation)
{
    public override bool Evaluate(in JsonElement instance, EvaluationRun run, Segment? instancePath, Segment? keywordPath, Annotations? annotations)
    {
        if (instance.ValueKind != JsonValueKind.Array)
        {
            return true;
        }

        var kp = run.Kw(keywordPath, Name);
        var mark = run.ErrorMark;
        var matches = 0;
        var i = 0;
        var needAll = max is not null || (annotates && annotations is not null);
        foreach (var item in instance.EnumerateArray())
        {
            if (schema.Evaluate(item, run, run.At(instancePath, i), kp, null))
            {
                matches++;
                if (annotates)
                {
                    annotations?.AddItem(i);
                }

                if (!needAll && matches >= min)
                {
                    break;
                }
            }

            i++;
        }

        run.Rewind(mark);
        if (matches < min)
        {
            if (run.Collect)
            {
                Fail(run, instancePath, keywordPath, min == 1
                    ? "no item matches the 'contains' schema"
                    : $"{matches} item(s) match the 'contains' schema, at least {min} required");
            }

            return false;
        }

        if (max is { } m && matches > m)
        {
            if (run.Collect)
            {
                run.Fail(instancePath, run.Kw(keywordPath, "maxContains"), AbsoluteLocation, "maxContains", $"{matches} items match the 'contains' schema, at most {m} allowed");
            }

            return false;
        }

        return true;
    }
}

/// <summary><c>unevaluatedProperties</c>: runs after every sibling keyword of its schema.</summary>
internal sealed class UnevaluatedPropertiesKeyword(string absoluteLocation, SchemaNode schema) : Keyword("unevaluatedProperties", absoluteLocation)
{
    public override bool Evaluate(in JsonElement instance, EvaluationRun run, Segment? instancePath, Segment? keywordPath, Annotations? annotations)
    {
        if (instance.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        var kp = run.Kw(keywordPath, Name);
        var valid = true;
        foreach (var property in instance.EnumerateObject())
        {
            var name = property.Name;
            if (annotations!.IsPropertyEvaluated(name))
            {
                continue;
            }

            if (!schema.Evaluate(property.Value, run, run.At(instancePath, name), kp, null))
            {
                valid = false;
                if (!run.Collect)
                {
                    return false;
                }
            }
        }

        if (valid)
        {
            annotations!.AllProperties = true;
        }

        return valid;
    }
}

/// <summary><c>unevaluatedItems</c>: runs after every sibling keyword of its schema.</summary>
internal sealed class UnevaluatedItemsKeyword(string absoluteLocation, SchemaNode schema) : Keyword("unevaluatedItems", absoluteLocation)
{
    public override bool Evaluate(in JsonElement instance, EvaluationRun run, Segment? instancePath, Segment? keywordPath, Annotations? annotations)
    {
        if (instance.ValueKind != JsonValueKind.Array)
        {
            return true;
        }

        var kp = run.Kw(keywordPath, Name);
        var valid = true;
        var i = 0;
        foreach (var item in instance.EnumerateArray())
        {
            if (!annotations!.IsItemEvaluated(i) && !schema.Evaluate(item, run, run.At(instancePath, i), kp, null))
            {
                valid = false;
                if (!run.Collect)
                {
                    return false;
                }
            }

            i++;
        }

        if (valid)
        {
            annotations!.AllItems = true;
        }

        return valid;
    }
}
