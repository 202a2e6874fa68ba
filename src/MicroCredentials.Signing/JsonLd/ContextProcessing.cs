using System.Text.Json;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Primitives;

namespace MicroCredentials.Signing.JsonLd;

/// <summary>Raised inside the synchronous algorithms when a remote document is needed; the async driver loads it and retries.</summary>
internal sealed class DocumentNeededException(string url) : Exception("Document needed: " + url)
{
    public string Url { get; } = url;
}

/// <summary>
/// One expansion run: the Context Processing, Create Term Definition and IRI Expansion algorithms of JSON-LD 1.1 API §4–5.
/// The run is synchronous; remote documents come from <see cref="documents"/>, and a miss raises
/// <see cref="DocumentNeededException"/> so the async caller can load it and start again (contexts already processed stay cached).
/// </summary>
internal sealed partial class ExpansionSession
{
    private static readonly object NullContextKey = new();

    private readonly Func<string, RemoteDocument?> documents;
    private readonly List<string> path = new(16);
    private readonly HashSet<string> remoteUrls = new(StringComparer.Ordinal);

    // True while processing a context that came from a loaded (remote) document, whose nodes live as long as the
    // document cache: only scoped contexts from such terms may be memoized on shared active contexts.
    private bool definingShared;

    // Scoped and inline contexts of this document, memoized for the run only: the shared memo on active contexts may
    // hold only nodes of loaded documents (they outlive this run), but without a memo for the document's own contexts
    // a property-scoped context used by M nodes is processed M times.
    private readonly Dictionary<(ActiveContext Active, DerivedKey Key, string? BaseUrl), ActiveContext> runDerived = [];

    public ExpansionSession(JsonLdOptions options, Func<string, RemoteDocument?> documents, WorkBudget? budget = null)
    {
        Options = options;
        Limits = options.Limits ?? JsonLdLimits.Default;
        Budget = budget ?? new WorkBudget(Limits.MaxWork, CancellationToken.None);
        Safe = options.SafeMode;
        Json10 = string.Equals(options.ProcessingMode, "json-ld-1.0", StringComparison.Ordinal);
        this.documents = documents;
    }

    public JsonLdOptions Options { get; }

    public JsonLdLimits Limits { get; }

    public WorkBudget Budget { get; }

    /// <summary>Charges the document's work budget (<see cref="JsonLdLimits.MaxWork"/>) and observes cancellation.</summary>
    internal void Charge(int units) => Budget.Charge(units, Error);

    public bool Safe { get; }

    public bool Json10 { get; }

    internal string CurrentPath()
    {
        var sb = new System.Text.StringBuilder("$");
        foreach (var s in path)
        {
            if (s.Length > 0 && s[0] == '[')
            {
                sb.Append(s);
            }
            else if (IsSimpleName(s))
            {
                sb.Append('.').Append(s);
            }
            else
            {
                sb.Append("['").Append(s.Replace("'", "\\'", StringComparison.Ordinal)).Append("']");
            }
        }

        return sb.ToString();
    }

    private static bool IsSimpleName(string s)
    {
        if (s.Length == 0)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_' || c == '$'))
            {
                return false;
            }
        }

        return true;
    }

    internal JsonLdException Error(string code, string message) => new(code, message, CurrentPath());

    /// <summary>A jsonld.js "unsafe" event: fatal in safe mode, ignored otherwise.</summary>
    internal void Unsafe(string safeCode, string message)
    {
        if (Safe)
        {
            throw Error(safeCode, message);
        }
    }

    private RemoteDocument Load(string url)
    {
        // Distinct URLs: the same context dereferenced under several parent contexts counts once.
        if (remoteUrls.Add(url) && remoteUrls.Count > Limits.MaxRemoteContexts)
        {
            throw Error("context overflow", $"More than {Limits.MaxRemoteContexts} remote contexts are needed for one document.");
        }

        if (documents(url) is { } doc)
        {
            return doc;
        }

        throw new DocumentNeededException(url);
    }

    // ---------------------------------------------------------------- Context Processing (§4.1.2)

    public ActiveContext ProcessContext(
        ActiveContext active,
        JsonNode? local,
        string? baseUrl,
        List<string> remote,
        bool overrideProtected = false,
        bool propagate = true,
        bool validate = true,
        bool cacheable = false,
        bool shared = false)
    {
        Charge(1);
        var key = new DerivedKey(local ?? NullContextKey, overrideProtected, propagate, validate, Safe);
        if (cacheable)
        {
            if (active.TryGetDerived(key, out var hit))
            {
                return hit!;
            }
        }
        else if (remote.Count == 0 && local is not null && runDerived.TryGetValue((active, key, baseUrl), out var runHit))
        {
            // The result depends only on these inputs (and on remote.Count == 0: no cycle or depth state), so the
            // same context applied to the same active context again is the same active context.
            return runHit;
        }

        var saved = definingShared;
        definingShared = shared;
        ActiveContext result;
        try
        {
            result = ProcessContextCore(active, local, baseUrl, remote, overrideProtected, propagate, validate);
        }
        finally
        {
            definingShared = saved;
        }

        if (cacheable)
        {
            active.AddDerived(key, result);
        }
        else if (remote.Count == 0 && local is not null)
        {
            runDerived[(active, key, baseUrl)] = result;
        }

        return result;
    }

    private ActiveContext ProcessContextCore(
        ActiveContext active,
        JsonNode? local,
        string? baseUrl,
        List<string> remote,
        bool overrideProtected,
        bool propagate,
        bool validate)
    {
        var result = active;
        var owned = false;
        if (local is JsonObject lo && lo.TryGetPropertyValue("@propagate", out var prop))
        {
            var k = JsonTree.Kind(prop);
            if (k is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw Error("invalid @propagate value", "@propagate must be a boolean.");
            }

            propagate = k == JsonValueKind.True;
        }

        if (!propagate && result.Previous is null)
        {
            Charge(active.Terms.Count);
            result = active.Clone();
            result.Previous = active;
            owned = true;
        }

        if (local is JsonArray arr)
        {
            for (var i = 0; i < arr.Count; i++)
            {
                ProcessOne(arr[i]);
            }
        }
        else
        {
            ProcessOne(local);
        }

        return result;

        void ProcessOne(JsonNode? context)
        {
            if (context is null)
            {
                if (!overrideProtected && result.HasProtected)
                {
                    throw Error("invalid context nullification", "A context with protected terms cannot be nullified.");
                }

                var fresh = new ActiveContext(active.OriginalBaseUrl);
                if (!propagate)
                {
                    fresh.Previous = result;
                }

                result = fresh;
                owned = true;
                return;
            }

            if (context is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            {
                var s = v.GetValue<string>();
                string url;
                if (Iri.IsAbsolute(s))
                {
                    url = s;
                }
                else if (baseUrl is not null)
                {
                    url = Iri.Resolve(baseUrl, s);
                }
                else
                {
                    throw Error("loading remote context failed", $"The relative context reference {s} cannot be resolved without a base URL.");
                }

                if (!validate && remote.Contains(url))
                {
                    return;
                }

                if (remote.Count >= Limits.MaxContextDepth)
                {
                    throw Error("context overflow", $"Too many nested remote contexts (limit {Limits.MaxContextDepth}) while loading {url}.");
                }

                var remoteKey = new DerivedKey(url, false, true, validate, Safe);
                if (result.TryGetDerived(remoteKey, out var cached))
                {
                    result = cached!;
                    owned = false;
                    return;
                }

                var doc = Load(url);
                if (doc.Document is not JsonObject docObj || !docObj.TryGetPropertyValue("@context", out var loaded))
                {
                    throw Error("invalid remote context", $"The document at {url} is not a JSON object with an @context entry.");
                }

                var nested = new List<string>(remote) { url };
                var processed = ProcessContext(result, loaded, doc.DocumentUrl, nested, false, true, validate, shared: true);
                if (!owned)
                {
                    result.AddDerived(remoteKey, processed);
                }

                result = processed;
                owned = false;
                return;
            }

            if (context is not JsonObject def)
            {
                throw Error("invalid local context", "A context must be null, a string, an object or an array of those.");
            }

            if (!owned)
            {
                // Copying the term table is the dominant cost of applying a scoped context to a large active context.
                Charge(result.Terms.Count);
                result = result.Clone();
                owned = true;
            }

            ProcessDefinition(result, def, baseUrl, remote, overrideProtected, validate);
        }
    }

    private void ProcessDefinition(ActiveContext result, JsonObject context, string? baseUrl, List<string> remote, bool overrideProtected, bool validate)
    {
        if (context.TryGetPropertyValue("@version", out var version))
        {
            if (version is not JsonValue vv || vv.GetValueKind() != JsonValueKind.Number || JsonTree.NumberValue(vv) != 1.1)
            {
                throw Error("invalid @version value", "@version must be the number 1.1.");
            }

            if (Json10)
            {
                throw Error("processing mode conflict", "@version 1.1 in json-ld-1.0 processing mode.");
            }
        }

        if (context.TryGetPropertyValue("@import", out var import))
        {
            if (Json10)
            {
                throw Error("invalid context entry", "@import is not allowed in json-ld-1.0.");
            }

            var importRef = JsonTree.AsString(import) ?? throw Error("invalid @import value", "@import must be a string.");
            var importUrl = Iri.Resolve(baseUrl, importRef);
            var importDoc = Load(importUrl);
            if (importDoc.Document is not JsonObject idoc || !idoc.TryGetPropertyValue("@context", out var ictx) || ictx is not JsonObject importContext)
            {
                throw Error("invalid remote context", $"The imported document {importUrl} has no @context object.");
            }

            // The copy below costs the size of the imported context each time: charge it, so K imports used by M
            // nodes cannot cost K x M silently.
            Charge(JsonTree.Size(importContext));
            if (importContext.ContainsKey("@import"))
            {
                throw Error("invalid context entry", "An imported context must not itself contain @import.");
            }

            var merged = new JsonObject();
            foreach (var kv in importContext)
            {
                if (!context.ContainsKey(kv.Key))
                {
                    merged[kv.Key] = JsonTree.Clone(kv.Value);
                }
            }

            foreach (var kv in context)
            {
                if (kv.Key != "@import")
                {
                    merged[kv.Key] = JsonTree.Clone(kv.Value);
                }
            }

            context = merged;
        }

        if (context.TryGetPropertyValue("@base", out var baseValue) && remote.Count == 0)
        {
            if (baseValue is null)
            {
                result.BaseIri = null;
            }
            else
            {
                var b = JsonTree.AsString(baseValue) ?? throw Error("invalid base IRI", "@base must be a string or null.");
                if (Iri.IsAbsolute(b))
                {
                    result.BaseIri = b;
                }
                else if (result.BaseIri is not null)
                {
                    result.BaseIri = Iri.Resolve(result.BaseIri, b);
                }
                else
                {
                    throw Error("invalid base IRI", "A relative @base needs a base IRI.");
                }
            }
        }

        if (context.TryGetPropertyValue("@vocab", out var vocab))
        {
            if (vocab is null)
            {
                result.Vocab = null;
            }
            else
            {
                var s = JsonTree.AsString(vocab) ?? throw Error("invalid vocab mapping", "@vocab must be a string or null.");
                if (!Iri.IsAbsoluteOrBlank(s))
                {
                    if (Json10)
                    {
                        throw Error("invalid vocab mapping", "@vocab must be an absolute IRI in json-ld-1.0.");
                    }

                    Unsafe(JsonLdErrorCodes.SafeModeRelativeVocab, $"@vocab \"{s}\" is relative.");
                }

                var expanded = ExpandIri(result, s, documentRelative: true, vocab: true, null, null, baseUrl, remote, validate);
                if (expanded is null || (!Iri.IsAbsoluteOrBlank(expanded) && Json10))
                {
                    throw Error("invalid vocab mapping", "@vocab must expand to an IRI.");
                }

                result.Vocab = expanded;
            }
        }

        if (context.TryGetPropertyValue("@language", out var language))
        {
            if (language is null)
            {
                result.DefaultLanguage = null;
            }
            else
            {
                var s = JsonTree.AsString(language) ?? throw Error("invalid default language", "@language must be a string or null.");
                if (!Keywords.IsWellFormedLanguage(s))
                {
                    Unsafe(JsonLdErrorCodes.SafeModeInvalidLanguage, $"@language \"{s}\" is not a well-formed language tag.");
                }

                result.DefaultLanguage = s.ToLowerInvariant();
            }
        }

        if (context.TryGetPropertyValue("@direction", out var direction))
        {
            if (Json10)
            {
                throw Error("invalid context entry", "@direction is not allowed in json-ld-1.0.");
            }

            if (direction is null)
            {
                result.DefaultDirection = null;
            }
            else
            {
                var s = JsonTree.AsString(direction);
                if (s is not ("ltr" or "rtl"))
                {
                    throw Error("invalid base direction", "@direction must be \"ltr\", \"rtl\" or null.");
                }

                result.DefaultDirection = s;
            }
        }

        if (context.TryGetPropertyValue("@propagate", out var propagate))
        {
            if (Json10)
            {
                throw Error("invalid context entry", "@propagate is not allowed in json-ld-1.0.");
            }

            if (JsonTree.Kind(propagate) is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw Error("invalid @propagate value", "@propagate must be a boolean.");
            }
        }

        var protectedDefault = false;
        if (context.TryGetPropertyValue("@protected", out var prot))
        {
            var k = JsonTree.Kind(prot);
            if (k is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw Error("invalid @protected value", "@protected must be a boolean.");
            }

            protectedDefault = k == JsonValueKind.True;
        }

        var defined = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var kv in context)
        {
            switch (kv.Key)
            {
                case "@base":
                case "@direction":
                case "@import":
                case "@language":
                case "@propagate":
                case "@protected":
                case "@version":
                case "@vocab":
                    continue;
            }

            path.Add(kv.Key);
            CreateTermDefinition(result, context, kv.Key, defined, baseUrl, protectedDefault, overrideProtected, remote, validate);
            path.RemoveAt(path.Count - 1);
        }
    }

    // ---------------------------------------------------------------- Create Term Definition (§4.2.2)

    private void CreateTermDefinition(
        ActiveContext active,
        JsonObject local,
        string term,
        Dictionary<string, bool> defined,
        string? baseUrl,
        bool protectedDefault,
        bool overrideProtected,
        List<string> remote,
        bool validate)
    {
        Charge(1);
        if (defined.TryGetValue(term, out var done))
        {
            if (done)
            {
                return;
            }

            throw Error("cyclic IRI mapping", $"The term \"{term}\" is defined in terms of itself.");
        }

        if (term.Length == 0)
        {
            throw Error("invalid term definition", "The empty string is not a valid term.");
        }

        defined[term] = false;
        var value = local[term];

        if (term == "@type")
        {
            if (Json10)
            {
                throw Error("keyword redefinition", "@type cannot be redefined in json-ld-1.0.");
            }

            if (value is not JsonObject tobj || tobj.Count == 0)
            {
                throw Error("keyword redefinition", "@type may only be given @container: @set and @protected.");
            }

            foreach (var kv in tobj)
            {
                if (kv.Key == "@container")
                {
                    if (JsonTree.AsString(kv.Value) != "@set")
                    {
                        throw Error("keyword redefinition", "@type may only have @container @set.");
                    }
                }
                else if (kv.Key != "@protected")
                {
                    throw Error("keyword redefinition", "@type may only be given @container: @set and @protected.");
                }
            }
        }
        else if (Keywords.IsKeyword(term))
        {
            throw Error("keyword redefinition", $"The keyword {term} cannot be redefined.");
        }
        else if (Keywords.HasKeywordForm(term))
        {
            Unsafe(JsonLdErrorCodes.SafeModeReservedTerm, $"The term \"{term}\" has the form of a keyword and is ignored.");
            defined[term] = true;
            return;
        }

        var previous = active.Term(term);
        active.Terms.Remove(term);

        JsonObject? map;
        var simpleTerm = false;
        if (value is null)
        {
            map = null;
            simpleTerm = true;
        }
        else if (value is JsonValue sv && sv.GetValueKind() == JsonValueKind.String)
        {
            map = null;
            simpleTerm = true;
        }
        else if (value is JsonObject vo)
        {
            map = vo;
        }
        else
        {
            throw Error("invalid term definition", $"The definition of \"{term}\" must be a string, an object or null.");
        }

        var def = new TermDefinition { Protected = protectedDefault };
        var idValue = value is JsonValue ? JsonTree.AsString(value) : null;
        var hasId = value is null || idValue is not null;
        var idIsNull = value is null;

        if (map is not null)
        {
            if (map.TryGetPropertyValue("@protected", out var p))
            {
                if (Json10)
                {
                    throw Error("invalid term definition", "@protected is not allowed in json-ld-1.0.");
                }

                var k = JsonTree.Kind(p);
                if (k is not (JsonValueKind.True or JsonValueKind.False))
                {
                    throw Error("invalid @protected value", "@protected must be a boolean.");
                }

                def.Protected = k == JsonValueKind.True;
            }

            if (map.TryGetPropertyValue("@type", out var typeNode))
            {
                var type = JsonTree.AsString(typeNode) ?? throw Error("invalid type mapping", "@type in a term definition must be a string.");
                var expandedType = ExpandIri(active, type, false, true, local, defined, baseUrl, remote, validate);
                var ok = expandedType is "@id" or "@vocab"
                    || (!Json10 && expandedType is "@json" or "@none")
                    || (expandedType is not null && !Keywords.IsKeyword(expandedType) && Iri.IsAbsolute(expandedType));
                if (!ok)
                {
                    throw Error("invalid type mapping", $"The type mapping \"{type}\" of \"{term}\" is not an absolute IRI.");
                }

                def.TypeMapping = expandedType;
            }

            if (map.TryGetPropertyValue("@reverse", out var reverseNode))
            {
                if (map.ContainsKey("@id") || map.ContainsKey("@nest"))
                {
                    throw Error("invalid reverse property", "A reverse property cannot have @id or @nest.");
                }

                var reverse = JsonTree.AsString(reverseNode) ?? throw Error("invalid IRI mapping", "@reverse must be a string.");
                if (Keywords.HasKeywordForm(reverse))
                {
                    Unsafe(JsonLdErrorCodes.SafeModeReservedTerm, $"@reverse \"{reverse}\" has the form of a keyword and is ignored.");
                    defined[term] = true;
                    return;
                }

                var rid = ExpandIri(active, reverse, false, true, local, defined, baseUrl, remote, validate);
                if (rid is null || !rid.Contains(':', StringComparison.Ordinal))
                {
                    throw Error("invalid IRI mapping", $"The reverse property \"{reverse}\" does not expand to an IRI.");
                }

                def.Id = rid;
                if (map.TryGetPropertyValue("@container", out var rc))
                {
                    var c = JsonTree.AsString(rc);
                    if (rc is not null && c is not ("@set" or "@index"))
                    {
                        throw Error("invalid reverse property", "A reverse property's container must be @set, @index or null.");
                    }

                    def.Container = c switch { "@set" => Containers.Set, "@index" => Containers.Index, _ => Containers.None };
                }

                def.Reverse = true;
            }
            else if (map.TryGetPropertyValue("@id", out var idNode))
            {
                if (idNode is null)
                {
                    idIsNull = true;
                    hasId = true;
                }
                else
                {
                    idValue = JsonTree.AsString(idNode) ?? throw Error("invalid IRI mapping", "@id must be a string or null.");
                    hasId = true;
                }
            }
        }

        if (def.Reverse)
        {
            // The IRI mapping came from @reverse.
        }
        else if (hasId && idIsNull)
        {
            def.Id = null;
        }
        else if (hasId && idValue != term)
        {
            if (!Keywords.IsKeyword(idValue) && Keywords.HasKeywordForm(idValue!))
            {
                Unsafe(JsonLdErrorCodes.SafeModeReservedTerm, $"The @id \"{idValue}\" has the form of a keyword and is ignored.");
                defined[term] = true;
                return;
            }

            var id = ExpandIri(active, idValue!, false, true, local, defined, baseUrl, remote, validate);
            if (id is null || (!Keywords.IsKeyword(id) && !id.Contains(':', StringComparison.Ordinal) && !Iri.IsBlankNode(id)))
            {
                throw Error("invalid IRI mapping", $"The term \"{term}\" does not map to an IRI, blank node or keyword.");
            }

            if (id == "@context")
            {
                throw Error("invalid keyword alias", "@context cannot be aliased.");
            }

            def.Id = id;
            var colon = term.IndexOf(':', 1 < term.Length ? 1 : 0);
            if ((colon > 0 && colon < term.Length - 1) || term.Contains('/', StringComparison.Ordinal))
            {
                defined[term] = true;
                var termIri = ExpandIri(active, term, false, true, local, defined, baseUrl, remote, validate);
                if (termIri != id)
                {
                    throw Error("invalid IRI mapping", $"The term \"{term}\" looks like an IRI but maps to a different one.");
                }
            }

            if (!term.Contains(':', StringComparison.Ordinal) && !term.Contains('/', StringComparison.Ordinal) && simpleTerm
                && (Iri.IsBlankNode(id) || (id.Length > 0 && id[^1] is ':' or '/' or '?' or '#' or '[' or ']' or '@')))
            {
                def.Prefix = true;
            }
        }
        else
        {
            var colon = term.Length > 1 ? term.IndexOf(':', 1) : -1;
            if (colon > 0)
            {
                var prefix = term[..colon];
                var suffix = term[(colon + 1)..];
                if (local.ContainsKey(prefix))
                {
                    CreateTermDefinition(active, local, prefix, defined, baseUrl, protectedDefault, overrideProtected, remote, validate);
                }

                var pdef = active.Term(prefix);
                def.Id = pdef?.Id is not null && !suffix.StartsWith("//", StringComparison.Ordinal) && prefix != "_" ? pdef.Id + suffix : term;
            }
            else if (term.Contains('/', StringComparison.Ordinal))
            {
                // Expanded without the local context: the term itself is being defined.
                var id = ExpandIri(active, term, false, true);
                if (id is null || !Iri.IsAbsolute(id))
                {
                    throw Error("invalid IRI mapping", $"The term \"{term}\" does not expand to an IRI.");
                }

                def.Id = id;
            }
            else if (term == "@type")
            {
                def.Id = "@type";
            }
            else if (active.Vocab is not null)
            {
                def.Id = active.Vocab + term;
            }
            else
            {
                throw Error("invalid IRI mapping", $"The term \"{term}\" has no IRI mapping and there is no @vocab.");
            }
        }

        if (map is not null)
        {
            if (map.TryGetPropertyValue("@container", out var containerNode) && !def.Reverse)
            {
                def.Container = ParseContainer(containerNode);
                if ((def.Container & Containers.Type) != 0)
                {
                    if (def.TypeMapping is null)
                    {
                        def.TypeMapping = "@id";
                    }
                    else if (def.TypeMapping is not ("@id" or "@vocab"))
                    {
                        throw Error("invalid type mapping", "A @type container requires a type mapping of @id or @vocab.");
                    }
                }
            }

            if (map.TryGetPropertyValue("@index", out var indexNode))
            {
                if (Json10 || (def.Container & Containers.Index) == 0)
                {
                    throw Error("invalid term definition", "@index requires an @index container (json-ld-1.1).");
                }

                var index = JsonTree.AsString(indexNode) ?? throw Error("invalid term definition", "@index must be a string.");
                var expandedIndex = ExpandIri(active, index, false, true, local, defined, baseUrl, remote, validate);
                if (expandedIndex is null || Keywords.IsKeyword(expandedIndex) || !Iri.IsAbsolute(expandedIndex))
                {
                    throw Error("invalid term definition", "@index must expand to an IRI.");
                }

                def.Index = index;
            }

            if (map.TryGetPropertyValue("@context", out var scoped))
            {
                if (Json10)
                {
                    throw Error("invalid term definition", "Scoped contexts need json-ld-1.1.");
                }

                if (validate)
                {
                    try
                    {
                        ProcessContext(active, scoped, baseUrl, new List<string>(remote), true, true, false, shared: definingShared);
                    }
                    catch (JsonLdException ex) when (ex.Code != "context overflow" && !ex.Code.StartsWith("JSONLD_", StringComparison.Ordinal))
                    {
                        throw new JsonLdException("invalid scoped context", $"The scoped context of \"{term}\" is invalid: {ex.Message}", ex.JsonPath, ex);
                    }
                }

                def.HasContext = true;
                def.Context = scoped;
                def.BaseUrl = baseUrl;
                def.SharedContext = definingShared;
            }

            if (map.TryGetPropertyValue("@language", out var lang) && !map.ContainsKey("@type"))
            {
                if (lang is not null && !JsonTree.IsString(lang))
                {
                    throw Error("invalid language mapping", "@language must be a string or null.");
                }

                var l = JsonTree.AsString(lang);
                if (l is not null && !Keywords.IsWellFormedLanguage(l))
                {
                    Unsafe(JsonLdErrorCodes.SafeModeInvalidLanguage, $"@language \"{l}\" is not a well-formed language tag.");
                }

                def.HasLanguage = true;
                def.Language = l?.ToLowerInvariant();
            }

            if (map.TryGetPropertyValue("@direction", out var dir) && !map.ContainsKey("@type"))
            {
                var d = JsonTree.AsString(dir);
                if (dir is not null && d is not ("ltr" or "rtl"))
                {
                    throw Error("invalid base direction", "@direction must be \"ltr\", \"rtl\" or null.");
                }

                def.HasDirection = true;
                def.Direction = d;
            }

            if (map.TryGetPropertyValue("@nest", out var nest))
            {
                if (Json10)
                {
                    throw Error("invalid term definition", "@nest needs json-ld-1.1.");
                }

                var n = JsonTree.AsString(nest);
                if (n is null || (Keywords.IsKeyword(n) && n != "@nest"))
                {
                    throw Error("invalid @nest value", "@nest must be a term or @nest.");
                }

                def.Nest = n;
            }

            if (map.TryGetPropertyValue("@prefix", out var prefixNode))
            {
                if (Json10 || term.Contains(':', StringComparison.Ordinal) || term.Contains('/', StringComparison.Ordinal))
                {
                    throw Error("invalid term definition", "@prefix is not allowed here.");
                }

                var k = JsonTree.Kind(prefixNode);
                if (k is not (JsonValueKind.True or JsonValueKind.False))
                {
                    throw Error("invalid @prefix value", "@prefix must be a boolean.");
                }

                def.Prefix = k == JsonValueKind.True;
                if (def.Prefix && Keywords.IsKeyword(def.Id))
                {
                    throw Error("invalid term definition", "A keyword alias cannot be a prefix.");
                }
            }

            foreach (var kv in map)
            {
                switch (kv.Key)
                {
                    case "@id":
                    case "@reverse":
                    case "@container":
                    case "@context":
                    case "@direction":
                    case "@index":
                    case "@language":
                    case "@nest":
                    case "@prefix":
                    case "@protected":
                    case "@type":
                        continue;
                    default:
                        throw Error("invalid term definition", $"The definition of \"{term}\" has the unknown entry \"{kv.Key}\".");
                }
            }
        }

        FinishTerm(active, term, def, previous, overrideProtected, defined);
    }

    private void FinishTerm(ActiveContext active, string term, TermDefinition def, TermDefinition? previous, bool overrideProtected, Dictionary<string, bool> defined)
    {
        if (!overrideProtected && previous is not null && previous.Protected)
        {
            if (!def.SameAs(previous))
            {
                throw Error("protected term redefinition", $"The protected term \"{term}\" cannot be redefined.");
            }

            def = previous;
        }

        active.Terms[term] = def;
        if (def.Protected)
        {
            active.HasProtected = true;
        }

        defined[term] = true;
    }

    private Containers ParseContainer(JsonNode? node)
    {
        if (node is null)
        {
            return Containers.None;
        }

        var result = Containers.None;
        var count = 0;
        if (node is JsonArray arr)
        {
            if (Json10)
            {
                throw Error("invalid container mapping", "Container arrays need json-ld-1.1.");
            }

            foreach (var item in arr)
            {
                result |= One(item);
                count++;
            }
        }
        else
        {
            result = One(node);
            count = 1;
        }

        var valid = result switch
        {
            Containers.List or Containers.Set or Containers.Index or Containers.Id or Containers.Type or Containers.Language or Containers.Graph => count == 1 || (result == Containers.Set && count >= 1),
            Containers.None => count == 0,
            _ => !Json10 && (result & Containers.List) == 0 && IsValidCombination(result),
        };
        if (!valid)
        {
            throw Error("invalid container mapping", "Invalid @container value.");
        }

        return result;

        Containers One(JsonNode? item)
        {
            var s = JsonTree.AsString(item);
            var c = s switch
            {
                "@list" => Containers.List,
                "@set" => Containers.Set,
                "@index" => Containers.Index,
                "@id" => Containers.Id,
                "@type" => Containers.Type,
                "@language" => Containers.Language,
                "@graph" => Containers.Graph,
                _ => throw Error("invalid container mapping", $"Unknown container \"{s}\"."),
            };
            if (Json10 && c is Containers.Id or Containers.Type or Containers.Graph)
            {
                throw Error("invalid container mapping", $"The container {s} needs json-ld-1.1.");
            }

            return c;
        }

        static bool IsValidCombination(Containers c)
        {
            if ((c & Containers.Graph) != 0)
            {
                var rest = c & ~(Containers.Graph | Containers.Set);
                return rest is Containers.None or Containers.Id or Containers.Index;
            }

            if ((c & Containers.Set) != 0)
            {
                var rest = c & ~Containers.Set;
                return rest is Containers.Index or Containers.Id or Containers.Type or Containers.Language;
            }

            return false;
        }
    }

    // ---------------------------------------------------------------- IRI Expansion (§5.2.2)

    public string? ExpandIri(
        ActiveContext active,
        string value,
        bool documentRelative,
        bool vocab,
        JsonObject? local = null,
        Dictionary<string, bool>? defined = null,
        string? baseUrl = null,
        List<string>? remote = null,
        bool validate = true)
    {
        if (value.Length > 0 && value[0] == '@')
        {
            if (Keywords.IsKeyword(value))
            {
                return value;
            }

            if (Keywords.HasKeywordForm(value))
            {
                return null;
            }
        }

        if (local is not null && local.ContainsKey(value) && (!defined!.TryGetValue(value, out var d) || !d))
        {
            CreateTermDefinition(active, local, value, defined!, baseUrl, ProtectedDefault(local), false, remote ?? [], validate);
        }

        if (active.Terms.TryGetValue(value, out var def))
        {
            if (def.Id is not null && Keywords.IsKeyword(def.Id))
            {
                return def.Id;
            }

            if (vocab)
            {
                return def.Id;
            }
        }

        var colon = value.Length > 1 ? value.IndexOf(':', 1) : -1;
        if (colon > 0)
        {
            var prefix = value[..colon];
            var suffix = value[(colon + 1)..];
            if (prefix == "_" || suffix.StartsWith("//", StringComparison.Ordinal))
            {
                return value;
            }

            if (local is not null && local.ContainsKey(prefix) && (!defined!.TryGetValue(prefix, out var pd) || !pd))
            {
                CreateTermDefinition(active, local, prefix, defined!, baseUrl, ProtectedDefault(local), false, remote ?? [], validate);
            }

            if (active.Terms.TryGetValue(prefix, out var pdef) && pdef.Id is not null && pdef.Prefix)
            {
                return pdef.Id + suffix;
            }

            if (Iri.IsAbsolute(value))
            {
                return value;
            }
        }

        if (vocab && active.Vocab is not null)
        {
            return active.Vocab + value;
        }

        if (documentRelative)
        {
            return Iri.Resolve(active.BaseIri, value);
        }

        return value;
    }

    private static bool ProtectedDefault(JsonObject local) =>
        local.TryGetPropertyValue("@protected", out var p) && JsonTree.Kind(p) == JsonValueKind.True;
}
