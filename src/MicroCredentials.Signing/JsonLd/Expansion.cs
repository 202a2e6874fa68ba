using System.Text.Json;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Primitives;

namespace MicroCredentials.Signing.JsonLd;

/// <summary>The Expansion algorithm (JSON-LD 1.1 API §5.1.2) and Value Expansion (§5.3.2).</summary>
internal sealed partial class ExpansionSession
{
    private int depth;
    private bool inValueObject;
    private JsonObject? ignoredOwner;
    private string? ignoredKey;

    /// <param name="initial">The starting active context.</param>
    /// <param name="document">The document.</param>
    /// <param name="documentUrl">Its base IRI.</param>
    /// <param name="ignoredTopLevelKey">
    /// A member of the top-level object to treat as absent, so callers can expand "the document without its proof"
    /// without deep-cloning the whole document first (Data Integrity does this on every sign and verify).
    /// </param>
    public JsonArray ExpandDocument(ActiveContext initial, JsonNode? document, string? documentUrl, string? ignoredTopLevelKey = null)
    {
        if (ignoredTopLevelKey is not null && document is JsonObject top)
        {
            ignoredOwner = top;
            ignoredKey = ignoredTopLevelKey;
        }

        var result = Expand(initial, null, document, documentUrl, fromMap: false);
        if (result is JsonObject o && o.Count == 1 && o.TryGetPropertyValue("@graph", out var g))
        {
            o.Remove("@graph");
            result = g;
        }

        if (result is null)
        {
            return [];
        }

        return result as JsonArray ?? new JsonArray(result);
    }

    private JsonNode? Expand(ActiveContext active, string? activeProperty, JsonNode? element, string? baseUrl, bool fromMap)
    {
        if (element is null)
        {
            return null;
        }

        Charge(1);
        if (++depth > Limits.MaxExpansionDepth)
        {
            throw Error(JsonLdErrorCodes.LimitExpansionDepth, $"The document nests deeper than {Limits.MaxExpansionDepth} levels.");
        }

        try
        {
            var propDef = activeProperty is null ? null : active.Term(activeProperty);
            if (element is JsonArray array)
            {
                var result = new JsonArray();
                var isList = propDef is not null && (propDef.Container & Containers.List) != 0;
                for (var i = 0; i < array.Count; i++)
                {
                    path.Add(IndexSegment(i));
                    var expanded = Expand(active, activeProperty, array[i], baseUrl, fromMap);
                    path.RemoveAt(path.Count - 1);
                    if (isList && expanded is JsonArray)
                    {
                        expanded = new JsonObject { ["@list"] = expanded };
                    }

                    if (expanded is JsonArray ea)
                    {
                        MoveAll(ea, result);
                    }
                    else if (expanded is not null)
                    {
                        result.Add(expanded);
                    }
                }

                return result;
            }

            if (element is not JsonObject obj)
            {
                if (activeProperty is null || activeProperty == "@graph")
                {
                    Unsafe(JsonLdErrorCodes.SafeModeDroppedValue, "A free-floating scalar value is dropped.");
                    return null;
                }

                if (propDef is not null && propDef.HasContext)
                {
                    active = ProcessContext(active, propDef.Context, propDef.BaseUrl, [], overrideProtected: true, cacheable: propDef.SharedContext, shared: propDef.SharedContext);
                }

                return ExpandValue(active, activeProperty, element);
            }

            return ExpandObject(active, activeProperty, propDef, obj, baseUrl, fromMap);
        }
        finally
        {
            depth--;
        }
    }

    private static void MoveAll(JsonArray from, JsonArray to)
    {
        var count = from.Count;
        if (count == 0)
        {
            return;
        }

        if (count <= 16)
        {
            // A node can have one parent: detach before re-attaching. Small arrays avoid the copy.
            var first = from[0];
            if (count == 1)
            {
                from.Clear();
                to.Add(first);
                return;
            }
        }

        var items = new JsonNode?[count];
        for (var i = 0; i < count; i++)
        {
            items[i] = from[i];
        }

        from.Clear();
        foreach (var item in items)
        {
            to.Add(item);
        }
    }

    /// <summary>Adds an expanded value (a fresh, parentless array or node) under <paramref name="key"/>, reusing the array when possible.</summary>
    private static void AddExpanded(JsonObject target, string key, JsonNode expandedValue)
    {
        if (!target.TryGetPropertyValue(key, out var existing))
        {
            target[key] = expandedValue is JsonArray ? expandedValue : new JsonArray(expandedValue);
            return;
        }

        var dest = (JsonArray)existing!;
        if (expandedValue is JsonArray arr)
        {
            MoveAll(arr, dest);
        }
        else
        {
            dest.Add(expandedValue);
        }
    }

    private static readonly string[] IndexSegments = Enumerable.Range(0, 64).Select(i => "[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]").ToArray();

    private static string IndexSegment(int i) =>
        i < IndexSegments.Length ? IndexSegments[i] : "[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";

    /// <summary>True when <paramref name="key"/> is <paramref name="keyword"/> or a term aliasing it (only terms can alias keywords).</summary>
    private static bool IsKeywordKey(ActiveContext active, string key, string keyword) =>
        key == keyword || (active.Terms.TryGetValue(key, out var def) && def.Id == keyword);

    private JsonNode? ExpandObject(ActiveContext active, string? activeProperty, TermDefinition? propDef, JsonObject element, string? baseUrl, bool fromMap)
    {
        // Each value of a @graph container is a graph of its own (a presented credential, a proof).
        if (Options.Surface is { } graphAudit && propDef is not null && (propDef.Container & Containers.Graph) != 0)
        {
            var outer = graphAudit.EnterGraph();
            try
            {
                return ExpandObjectCore(active, activeProperty, propDef, element, baseUrl, fromMap);
            }
            finally
            {
                graphAudit.ExitGraph(outer);
            }
        }

        return ExpandObjectCore(active, activeProperty, propDef, element, baseUrl, fromMap);
    }

    private JsonNode? ExpandObjectCore(ActiveContext active, string? activeProperty, TermDefinition? propDef, JsonObject element, string? baseUrl, bool fromMap)
    {
        if (active.Previous is not null && !fromMap && !RevertExempt(active, element))
        {
            active = active.Previous;
        }

        if (propDef is not null && propDef.HasContext)
        {
            active = ProcessContext(active, propDef.Context, propDef.BaseUrl, [], overrideProtected: true, cacheable: propDef.SharedContext, shared: propDef.SharedContext);
        }

        if (element.TryGetPropertyValue("@context", out var localContext))
        {
            path.Add("@context");
            active = ProcessContext(active, localContext, baseUrl, []);
            path.RemoveAt(path.Count - 1);
        }

        var typeScoped = active;
        string? inputType = null;
        List<string>? typeKeys = null;
        foreach (var kv in element)
        {
            if (IsKeywordKey(active, kv.Key, "@type") && !Ignored(element, kv.Key))
            {
                (typeKeys ??= []).Add(kv.Key);
            }
        }

        if (typeKeys is not null)
        {
            typeKeys.Sort(StringComparer.Ordinal);
            foreach (var key in typeKeys)
            {
                var values = new List<string>();
                foreach (var item in JsonTree.Items(element[key]))
                {
                    if (JsonTree.AsString(item) is { } s)
                    {
                        values.Add(s);
                    }
                }

                values.Sort(StringComparer.Ordinal);
                foreach (var term in values)
                {
                    var tdef = typeScoped.Term(term);
                    if (tdef is not null && tdef.HasContext)
                    {
                        path.Add(key);
                        active = ProcessContext(active, tdef.Context, tdef.BaseUrl, [], propagate: false, cacheable: tdef.SharedContext, shared: tdef.SharedContext);
                        path.RemoveAt(path.Count - 1);
                    }
                }
            }

            var firstValues = JsonTree.Items(element[typeKeys[0]]);
            if (firstValues.Count > 0 && JsonTree.AsString(firstValues[^1]) is { } last)
            {
                inputType = ExpandIri(active, last, true, true);
            }
        }

        var result = new JsonObject();
        var audit = Options.Surface;
        var outerValueObject = inValueObject;
        if (audit is not null)
        {
            inValueObject = false;
            foreach (var kv in element)
            {
                if (IsKeywordKey(active, kv.Key, "@value"))
                {
                    inValueObject = true;
                    break;
                }
            }
        }

        ExpandEntries(active, typeScoped, activeProperty, element, result, inputType, baseUrl);
        inValueObject = outerValueObject;
        if (audit is not null && JsonTree.AsString(result["@id"]) is { } describedId && Describes(result))
        {
            // Documents and the nodes of named graphs (proofs, presented credentials) are what a verifier reads.
            var rootLike = activeProperty is null or "@graph" || (propDef is not null && (propDef.Container & Containers.Graph) != 0);
            audit.DescribedNode(this, describedId, rootLike);
        }

        // §5.1.2 step 15: value objects.
        if (result.TryGetPropertyValue("@value", out var value))
        {
            foreach (var kv in result)
            {
                if (kv.Key is not ("@direction" or "@index" or "@language" or "@type" or "@value"))
                {
                    throw Error("invalid value object", $"A value object cannot contain {kv.Key}.");
                }
            }

            var hasType = result.TryGetPropertyValue("@type", out var typeNode);
            if (hasType && (result.ContainsKey("@language") || result.ContainsKey("@direction")))
            {
                throw Error("invalid value object", "A value object cannot have both @type and @language/@direction.");
            }

            if (hasType && JsonTree.AsString(typeNode) == "@json")
            {
                return result;
            }

            if (value is null)
            {
                Unsafe(JsonLdErrorCodes.SafeModeDroppedValue, "A value object with a null @value is dropped.");
                return null;
            }

            if (!JsonTree.IsString(value) && result.ContainsKey("@language"))
            {
                throw Error("invalid language-tagged value", "Only strings can carry @language.");
            }

            if (hasType)
            {
                var t = JsonTree.AsString(typeNode);
                if (t is null || Iri.IsBlankNode(t) || !Iri.IsWellFormedRdfIri(t))
                {
                    throw Error("invalid typed value", "The @type of a value object must be an absolute IRI.");
                }
            }

            if (value is JsonObject or JsonArray)
            {
                throw Error("invalid value object value", "@value must be a scalar.");
            }
        }
        else if (result.TryGetPropertyValue("@type", out var types) && types is not JsonArray)
        {
            result["@type"] = JsonTree.AsArray(Detach(result, "@type"));
        }
        else if (result.ContainsKey("@set") || result.ContainsKey("@list"))
        {
            if (result.Count > 2 || (result.Count == 2 && !result.ContainsKey("@index")))
            {
                throw Error("invalid set or list object", "A @set or @list object may only also contain @index.");
            }

            if (result.ContainsKey("@set"))
            {
                return Detach(result, "@set");
            }
        }

        if (result.Count == 1 && result.ContainsKey("@language"))
        {
            Unsafe(JsonLdErrorCodes.SafeModeDroppedValue, "An object with only @language is dropped.");
            return null;
        }

        if (activeProperty is null || activeProperty == "@graph")
        {
            if (result.Count == 0)
            {
                Unsafe(JsonLdErrorCodes.SafeModeDroppedValue, "An empty object is dropped.");
                return null;
            }

            if (result.ContainsKey("@value") || result.ContainsKey("@list"))
            {
                Unsafe(JsonLdErrorCodes.SafeModeDroppedValue, "A free-floating value or list is dropped.");
                return null;
            }

            if (result.Count == 1 && result.ContainsKey("@id"))
            {
                Unsafe(JsonLdErrorCodes.SafeModeDroppedValue, "A top-level object with only @id is dropped.");
                return null;
            }
        }

        return result;
    }

    /// <summary>
    /// True for a node object that says something of its node beyond its identifier and types: a second such object for
    /// the same node splits its description. (A reference that repeats the node's types, as OB 3.0's own refresh-service
    /// example does with the credential's id, hides nothing a reader needs: the reader takes types from the node itself.)
    /// </summary>
    private static bool Describes(JsonObject expanded)
    {
        foreach (var kv in expanded)
        {
            if (kv.Key is not ("@id" or "@type" or "@index"))
            {
                return !expanded.ContainsKey("@value");
            }
        }

        return false;
    }

    private static JsonNode? Detach(JsonObject obj, string key)
    {
        obj.TryGetPropertyValue(key, out var v);
        obj.Remove(key);
        return v;
    }

    /// <summary>True for the top-level member the caller asked to treat as absent (see <see cref="ExpandDocument"/>).</summary>
    private bool Ignored(JsonObject element, string key) => ReferenceEquals(element, ignoredOwner) && key == ignoredKey;

    private bool RevertExempt(ActiveContext active, JsonObject element)
    {
        var count = 0;
        var onlyId = true;
        foreach (var kv in element)
        {
            if (Ignored(element, kv.Key))
            {
                continue;
            }

            count++;
            if (IsKeywordKey(active, kv.Key, "@value"))
            {
                return true;
            }

            if (!IsKeywordKey(active, kv.Key, "@id"))
            {
                onlyId = false;
            }
        }

        return count == 1 && onlyId;
    }

    private void ExpandEntries(ActiveContext active, ActiveContext typeScoped, string? activeProperty, JsonObject element, JsonObject result, string? inputType, string? baseUrl)
    {
        List<string>? nests = null;
        var audit = Options.Surface;
        HashSet<string>? seenProperties = null;
        foreach (var kv in element)
        {
            var key = kv.Key;
            var value = kv.Value;
            if (key == "@context" || Ignored(element, key))
            {
                continue;
            }

            path.Add(key);
            var expandedProperty = ExpandIri(active, key, false, true);
            if (expandedProperty is null || (!expandedProperty.Contains(':', StringComparison.Ordinal) && !Keywords.IsKeyword(expandedProperty)))
            {
                Unsafe(JsonLdErrorCodes.SafeModeDroppedProperty, $"The property \"{key}\" does not expand to an absolute IRI and would be dropped.");
                path.RemoveAt(path.Count - 1);
                continue;
            }

            audit?.Key(this, key, expandedProperty, inValueObject);
            if (audit is not null && !Keywords.IsKeyword(expandedProperty) && !(seenProperties ??= new(StringComparer.Ordinal)).Add(expandedProperty))
            {
                audit.DuplicateProperty(this, key, expandedProperty);
            }

            if (Keywords.IsKeyword(expandedProperty))
            {
                if (ExpandKeyword(active, typeScoped, activeProperty, key, expandedProperty, value, result, inputType, baseUrl))
                {
                    (nests ??= []).Add(key);
                }

                path.RemoveAt(path.Count - 1);
                continue;
            }

            if (!Iri.IsAbsoluteOrBlank(expandedProperty))
            {
                Unsafe(JsonLdErrorCodes.SafeModeDroppedProperty, $"The property \"{key}\" expands to the relative IRI \"{expandedProperty}\".");
            }

            var def = active.Term(key);
            var container = def?.Container ?? Containers.None;
            JsonNode? expandedValue;
            if (def?.TypeMapping == "@json")
            {
                expandedValue = new JsonObject { ["@value"] = JsonTree.Clone(value), ["@type"] = "@json" };
            }
            else if ((container & Containers.Language) != 0 && value is JsonObject langMap)
            {
                expandedValue = ExpandLanguageMap(active, def!, langMap);
            }
            else if ((container & (Containers.Index | Containers.Type | Containers.Id)) != 0 && value is JsonObject indexMap)
            {
                expandedValue = ExpandIndexMap(active, key, def!, container, indexMap, baseUrl);
            }
            else
            {
                expandedValue = Expand(active, key, value, baseUrl, fromMap: false);
            }

            if (expandedValue is null)
            {
                path.RemoveAt(path.Count - 1);
                continue;
            }

            if ((container & Containers.List) != 0 && !(expandedValue is JsonObject lo && lo.ContainsKey("@list")))
            {
                expandedValue = new JsonObject { ["@list"] = JsonTree.AsArray(expandedValue) };
            }

            if ((container & Containers.Graph) != 0 && (container & (Containers.Id | Containers.Index)) == 0)
            {
                var wrapped = new JsonArray();
                var items = JsonTree.AsArray(expandedValue);
                var copy = items.ToArray();
                items.Clear();
                foreach (var ev in copy)
                {
                    wrapped.Add((JsonNode)new JsonObject { ["@graph"] = JsonTree.AsArray(ev) });
                }

                expandedValue = wrapped;
            }

            if (def is not null && def.Reverse)
            {
                if (!result.TryGetPropertyValue("@reverse", out var rm) || rm is not JsonObject reverseMap)
                {
                    reverseMap = new JsonObject();
                    result["@reverse"] = reverseMap;
                }

                var items = JsonTree.AsArray(expandedValue);
                foreach (var item in items)
                {
                    if (item is JsonObject io && (io.ContainsKey("@value") || io.ContainsKey("@list")))
                    {
                        throw Error("invalid reverse property value", "A reverse property cannot have a value or list object.");
                    }
                }

                JsonTree.AddValue(reverseMap, expandedProperty, items);
            }
            else
            {
                AddExpanded(result, expandedProperty, expandedValue);
            }

            path.RemoveAt(path.Count - 1);
        }

        if (nests is null)
        {
            return;
        }

        nests.Sort(StringComparer.Ordinal);
        foreach (var nestKey in nests)
        {
            path.Add(nestKey);
            var nestDef = active.Term(nestKey);
            var nestActive = active;
            if (nestDef is not null && nestDef.HasContext)
            {
                nestActive = ProcessContext(active, nestDef.Context, nestDef.BaseUrl, [], overrideProtected: true, cacheable: nestDef.SharedContext, shared: nestDef.SharedContext);
            }

            foreach (var nested in JsonTree.Items(element[nestKey]))
            {
                if (nested is not JsonObject nestedObj)
                {
                    throw Error("invalid @nest value", "@nest values must be objects.");
                }

                foreach (var kv in nestedObj)
                {
                    if (ExpandIri(nestActive, kv.Key, false, true) == "@value")
                    {
                        throw Error("invalid @nest value", "A nested object cannot be a value object.");
                    }
                }

                ExpandEntries(nestActive, typeScoped, nestKey, nestedObj, result, inputType, baseUrl);
            }

            path.RemoveAt(path.Count - 1);
        }
    }

    /// <summary>Handles a keyword entry; returns true when the key is a @nest to process later.</summary>
    private bool ExpandKeyword(ActiveContext active, ActiveContext typeScoped, string? activeProperty, string key, string expandedProperty, JsonNode? value, JsonObject result, string? inputType, string? baseUrl)
    {
        if (activeProperty == "@reverse")
        {
            throw Error("invalid reverse property map", "A @reverse map cannot contain keywords.");
        }

        if (result.ContainsKey(expandedProperty) && (Json10 || expandedProperty is not ("@included" or "@type")))
        {
            throw Error("colliding keywords", $"Two entries expand to {expandedProperty}.");
        }

        JsonNode? expandedValue = null;
        switch (expandedProperty)
        {
            case "@id":
            {
                var s = JsonTree.AsString(value) ?? throw Error("invalid @id value", "@id must be a string.");
                var id = ExpandIri(active, s, true, false);
                if (id is null)
                {
                    Unsafe(JsonLdErrorCodes.SafeModeReservedTerm, $"The @id \"{s}\" has the form of a keyword and is dropped.");
                    result["@id"] = null;
                    return false;
                }

                if (!Iri.IsSafeReference(id))
                {
                    Unsafe(JsonLdErrorCodes.SafeModeRelativeId, $"The @id \"{s}\" is a relative reference.");
                }

                Options.Surface?.Identifier(this, s, id);
                expandedValue = id;
                break;
            }

            case "@type":
            {
                JsonNode? typeValue;
                if (JsonTree.AsString(value) is { } one)
                {
                    typeValue = ExpandType(typeScoped, one);
                    Options.Surface?.Type(this, one, JsonTree.AsString(typeValue));
                }
                else if (value is JsonArray ta)
                {
                    var arr = new JsonArray();
                    for (var i = 0; i < ta.Count; i++)
                    {
                        var s = JsonTree.AsString(ta[i]) ?? throw Error("invalid type value", "@type values must be strings.");
                        var t = ExpandType(typeScoped, s);
                        Options.Surface?.Type(this, s, t);
                        if (t is not null)
                        {
                            arr.Add((JsonNode)JsonValue.Create(t));
                        }
                    }

                    typeValue = arr;
                }
                else
                {
                    throw Error("invalid type value", "@type must be a string or an array of strings.");
                }

                if (result.TryGetPropertyValue("@type", out var existing))
                {
                    var merged = JsonTree.AsArray(Detach(result, "@type"));
                    if (typeValue is JsonArray tva)
                    {
                        MoveAll(tva, merged);
                    }
                    else if (typeValue is not null)
                    {
                        merged.Add(typeValue);
                    }

                    typeValue = merged;
                    _ = existing;
                }

                if (typeValue is null)
                {
                    return false;
                }

                expandedValue = typeValue;
                break;
            }

            case "@graph":
                expandedValue = JsonTree.AsArray(Expand(active, "@graph", value, baseUrl, false));
                break;

            case "@included":
            {
                if (Json10)
                {
                    return false;
                }

                var included = new JsonArray();
                foreach (var raw in JsonTree.Items(value))
                {
                    var expandedItem = Expand(active, activeProperty, raw, baseUrl, false);
                    foreach (var item in JsonTree.Items(expandedItem))
                    {
                        if (item is not JsonObject io || io.ContainsKey("@value") || io.ContainsKey("@list") || io.ContainsKey("@set"))
                        {
                            throw Error("invalid @included value", "@included values must be node objects.");
                        }
                    }

                    if (expandedItem is null || (expandedItem is JsonArray { Count: 0 } && raw is not JsonArray))
                    {
                        throw Error("invalid @included value", "@included values must be node objects.");
                    }

                    MoveAll(JsonTree.AsArray(expandedItem), included);
                }

                if (result.ContainsKey("@included"))
                {
                    var merged = JsonTree.AsArray(Detach(result, "@included"));
                    MoveAll(included, merged);
                    included = merged;
                }

                expandedValue = included;
                break;
            }

            case "@value":
                if (inputType == "@json")
                {
                    if (Json10)
                    {
                        throw Error("invalid value object value", "@json needs json-ld-1.1.");
                    }

                    result["@value"] = JsonTree.Clone(value);
                    return false;
                }

                if (value is not null && !JsonTree.IsScalar(value))
                {
                    throw Error("invalid value object value", "@value must be a string, number, boolean or null.");
                }

                result["@value"] = JsonTree.Clone(value);
                return false;

            case "@language":
            {
                var s = JsonTree.AsString(value) ?? throw Error("invalid language-tagged string", "@language must be a string.");
                if (!Keywords.IsWellFormedLanguage(s))
                {
                    Unsafe(JsonLdErrorCodes.SafeModeInvalidLanguage, $"@language \"{s}\" is not a well-formed language tag.");
                }

                expandedValue = s.ToLowerInvariant();
                break;
            }

            case "@direction":
            {
                if (Json10)
                {
                    return false;
                }

                var s = JsonTree.AsString(value);
                if (s is not ("ltr" or "rtl"))
                {
                    throw Error("invalid base direction", "@direction must be \"ltr\" or \"rtl\".");
                }

                expandedValue = s;
                break;
            }

            case "@index":
                expandedValue = JsonTree.AsString(value) ?? throw Error("invalid @index value", "@index must be a string.");
                break;

            case "@list":
            {
                if (activeProperty is null || activeProperty == "@graph")
                {
                    Unsafe(JsonLdErrorCodes.SafeModeDroppedValue, "A free-floating list is dropped.");
                    return false;
                }

                expandedValue = JsonTree.AsArray(Expand(active, activeProperty, value, baseUrl, false));
                break;
            }

            case "@set":
                expandedValue = Expand(active, activeProperty, value, baseUrl, false);
                break;

            case "@reverse":
            {
                if (value is not JsonObject)
                {
                    throw Error("invalid @reverse value", "@reverse must be an object.");
                }

                var expanded = Expand(active, "@reverse", value, baseUrl, false) as JsonObject;
                if (expanded is null)
                {
                    return false;
                }

                if (expanded.TryGetPropertyValue("@reverse", out var doubleReversed) && doubleReversed is JsonObject dr)
                {
                    foreach (var p in dr.ToArray())
                    {
                        var items = p.Value as JsonArray ?? JsonTree.AsArray(p.Value);
                        dr.Remove(p.Key);
                        JsonTree.AddValue(result, p.Key, items);
                    }
                }

                JsonObject? reverseMap = null;
                foreach (var p in expanded.ToArray())
                {
                    if (p.Key == "@reverse")
                    {
                        continue;
                    }

                    if (reverseMap is null)
                    {
                        if (!result.TryGetPropertyValue("@reverse", out var rm) || rm is not JsonObject existingMap)
                        {
                            existingMap = new JsonObject();
                            result["@reverse"] = existingMap;
                        }

                        reverseMap = existingMap;
                    }

                    var items = JsonTree.AsArray(Detach(expanded, p.Key));
                    foreach (var item in items)
                    {
                        if (item is JsonObject io && (io.ContainsKey("@value") || io.ContainsKey("@list")))
                        {
                            throw Error("invalid reverse property value", "A reverse property cannot have a value or list object.");
                        }
                    }

                    JsonTree.AddValue(reverseMap, p.Key, items);
                }

                return false;
            }

            case "@nest":
                return true;

            default:
                // Other keywords (@context handled earlier; framing keywords) carry nothing in expansion.
                return false;
        }

        if (expandedValue is not null)
        {
            result[expandedProperty] = expandedValue.Parent is null ? expandedValue : expandedValue.DeepClone();
        }

        return false;
    }

    private string? ExpandType(ActiveContext typeScoped, string value)
    {
        var t = ExpandIri(typeScoped, value, true, true);
        if (t is null)
        {
            Unsafe(JsonLdErrorCodes.SafeModeRelativeType, $"The @type \"{value}\" has the form of a keyword and is dropped.");
            return null;
        }

        if (!Iri.IsSafeReference(t) && t != "@json")
        {
            Unsafe(JsonLdErrorCodes.SafeModeRelativeType, $"The @type \"{value}\" is a relative reference (no term definition or @vocab).");
        }

        return t;
    }

    private JsonArray ExpandLanguageMap(ActiveContext active, TermDefinition def, JsonObject map)
    {
        var result = new JsonArray();
        var direction = def.HasDirection ? def.Direction : active.DefaultDirection;
        foreach (var kv in map)
        {
            path.Add(kv.Key);
            var languageIsNone = kv.Key == "@none" || ExpandIri(active, kv.Key, false, true) == "@none";
            foreach (var item in JsonTree.Items(kv.Value))
            {
                if (item is null)
                {
                    continue;
                }

                var s = JsonTree.AsString(item) ?? throw Error("invalid language map value", "Language map values must be strings.");
                var v = new JsonObject { ["@value"] = s };
                if (!languageIsNone)
                {
                    if (!Keywords.IsWellFormedLanguage(kv.Key))
                    {
                        Unsafe(JsonLdErrorCodes.SafeModeInvalidLanguage, $"\"{kv.Key}\" is not a well-formed language tag.");
                    }

                    v["@language"] = kv.Key.ToLowerInvariant();
                }

                if (direction is not null)
                {
                    v["@direction"] = direction;
                }

                result.Add((JsonNode)v);
            }

            path.RemoveAt(path.Count - 1);
        }

        return result;
    }

    private JsonArray ExpandIndexMap(ActiveContext active, string key, TermDefinition def, Containers container, JsonObject map, string? baseUrl)
    {
        var result = new JsonArray();
        var indexKey = def.Index ?? "@index";
        foreach (var kv in map)
        {
            var index = kv.Key;
            path.Add(index);
            ActiveContext mapContext = active;
            if ((container & (Containers.Id | Containers.Type)) != 0)
            {
                mapContext = active.Previous ?? active;
                if ((container & Containers.Type) != 0)
                {
                    var idef = mapContext.Term(index);
                    if (idef is not null && idef.HasContext)
                    {
                        mapContext = ProcessContext(mapContext, idef.Context, idef.BaseUrl, [], cacheable: idef.SharedContext, shared: idef.SharedContext);
                    }
                }
            }

            var expandedIndex = ExpandIri(active, index, false, true);
            var expanded = JsonTree.AsArray(Expand(mapContext, key, JsonTree.AsArray(kv.Value is JsonArray ? kv.Value : kv.Value), baseUrl, fromMap: true));
            foreach (var itemNode in expanded.ToArray())
            {
                expanded.Remove(itemNode);
                var item = itemNode;
                if ((container & Containers.Graph) != 0 && !IsGraphObject(item))
                {
                    item = new JsonObject { ["@graph"] = JsonTree.AsArray(item) };
                }

                if (item is not JsonObject io)
                {
                    result.Add(item);
                    continue;
                }

                if ((container & Containers.Index) != 0 && indexKey != "@index" && expandedIndex != "@none")
                {
                    var reExpanded = ExpandValue(active, indexKey, JsonValue.Create(index));
                    var expandedIndexKey = ExpandIri(active, indexKey, false, true)!;
                    var values = new JsonArray(reExpanded);
                    if (io.ContainsKey(expandedIndexKey))
                    {
                        MoveAll(JsonTree.AsArray(Detach(io, expandedIndexKey)), values);
                    }

                    io[expandedIndexKey] = values;
                    if (io.ContainsKey("@value"))
                    {
                        throw Error("invalid value object", "A property-valued index cannot apply to a value object.");
                    }
                }
                else if ((container & Containers.Index) != 0 && !io.ContainsKey("@index") && expandedIndex != "@none")
                {
                    io["@index"] = index;
                }
                else if ((container & Containers.Id) != 0 && !io.ContainsKey("@id") && expandedIndex != "@none")
                {
                    var id = ExpandIri(active, index, true, false);
                    if (id is not null && !Iri.IsSafeReference(id))
                    {
                        Unsafe(JsonLdErrorCodes.SafeModeRelativeId, $"The @id map key \"{index}\" is a relative reference.");
                    }

                    if (io.ContainsKey("@value"))
                    {
                        // jsonld.js refuses too: an @id map entry whose value is a literal would smuggle an @id into a value object.
                        throw Error("invalid value object", $"The @id map key \"{index}\" cannot apply to a value object.");
                    }

                    io["@id"] = id;
                }
                else if ((container & Containers.Type) != 0 && expandedIndex != "@none")
                {
                    var types = new JsonArray(expandedIndex);
                    if (io.ContainsKey("@type"))
                    {
                        MoveAll(JsonTree.AsArray(Detach(io, "@type")), types);
                    }

                    io["@type"] = types;
                }

                result.Add((JsonNode)io);
            }

            path.RemoveAt(path.Count - 1);
        }

        return result;
    }

    private static bool IsGraphObject(JsonNode? node)
    {
        if (node is not JsonObject o || !o.ContainsKey("@graph"))
        {
            return false;
        }

        foreach (var kv in o)
        {
            if (kv.Key is not ("@graph" or "@id" or "@index"))
            {
                return false;
            }
        }

        return true;
    }

    private JsonObject ExpandValue(ActiveContext active, string activeProperty, JsonNode value)
    {
        var def = active.Term(activeProperty);
        var typeMapping = def?.TypeMapping;
        if (typeMapping is "@id" or "@vocab" && JsonTree.AsString(value) is { } s)
        {
            var id = ExpandIri(active, s, true, typeMapping == "@vocab");
            if (id is not null && !Iri.IsSafeReference(id))
            {
                Unsafe(JsonLdErrorCodes.SafeModeRelativeId, $"The value \"{s}\" is a relative IRI reference.");
            }

            if (typeMapping == "@id")
            {
                Options.Surface?.Identifier(this, s, id);
            }

            return new JsonObject { ["@id"] = id };
        }

        var result = new JsonObject { ["@value"] = JsonTree.Clone(value) };
        if (typeMapping is not null and not ("@id" or "@vocab" or "@none"))
        {
            result["@type"] = typeMapping;
        }
        else if (JsonTree.IsString(value))
        {
            var language = def is not null && def.HasLanguage ? def.Language : active.DefaultLanguage;
            var direction = def is not null && def.HasDirection ? def.Direction : active.DefaultDirection;
            if (language is not null)
            {
                result["@language"] = language;
            }

            if (direction is not null)
            {
                result["@direction"] = direction;
            }
        }

        return result;
    }
}
