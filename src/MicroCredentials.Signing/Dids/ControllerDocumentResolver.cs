using System.Text.Json.Nodes;
using MicroCredentials.Signing.Json;

namespace MicroCredentials.Signing.Dids;

/// <summary>
/// Shared logic for resolvers that obtain JSON controller documents (DID documents or OB 3.0 issuer profiles)
/// from somewhere: find the method, follow a method URL to its controller, and collect relationships.
/// </summary>
public abstract class ControllerDocumentResolver : IVerificationMethodResolver
{
    private protected ControllerDocumentResolver()
    {
    }

    /// <inheritdoc/>
    public abstract bool CanResolve(string verificationMethodId);

    /// <summary>Fetches the controller document for a DID or URL (no fragment); null when there is none.</summary>
    protected abstract ValueTask<JsonObject?> FetchAsync(string didOrUrl, CancellationToken cancellationToken);

    /// <inheritdoc/>
    public async ValueTask<ResolvedVerificationMethod> ResolveAsync(string verificationMethodId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(verificationMethodId);
        if (!CanResolve(verificationMethodId))
        {
            throw new VerificationMethodException(VerificationMethodErrorCodes.Unsupported, $"This resolver does not handle '{verificationMethodId}'.");
        }

        var hash = verificationMethodId.IndexOf('#', StringComparison.Ordinal);
        var documentId = hash < 0 ? verificationMethodId : verificationMethodId[..hash];
        var document = await FetchControllerDocumentAsync(documentId, cancellationToken).ConfigureAwait(false);

        var found = ControllerDocuments.Find(document, verificationMethodId, documentId);
        if (found is not null)
        {
            return found;
        }

        // The URL may dereference to the method itself; its controller document then says what it may do.
        if (ControllerDocuments.Str(document, "id") == verificationMethodId && document["type"] is not null)
        {
            var method = ControllerDocuments.ParseMethod(document, verificationMethodId, documentId);
            if (method.Controller == documentId)
            {
                throw new VerificationMethodException(VerificationMethodErrorCodes.Invalid, "The verification method names itself as its controller.");
            }

            var controllerDocument = await FetchControllerDocumentAsync(method.Controller, cancellationToken).ConfigureAwait(false);
            var listed = ControllerDocuments.Find(controllerDocument, verificationMethodId, method.Controller);
            if (listed is null || !listed.Method.PublicKey.Equals(method.PublicKey))
            {
                throw new VerificationMethodException(VerificationMethodErrorCodes.Invalid, $"The controller '{method.Controller}' does not list the method '{verificationMethodId}'.");
            }

            return listed;
        }

        throw new VerificationMethodException(VerificationMethodErrorCodes.NotListed, $"The controller document '{documentId}' has no method '{verificationMethodId}'.");
    }

    /// <summary>
    /// Whether the controller document of <paramref name="controllerId"/> lists <paramref name="methodId"/> (a method
    /// of another controller, e.g. a did:key) by reference under <paramref name="relationship"/>. Throws
    /// <see cref="VerificationMethodException"/> when the document cannot be obtained or speaks for another id.
    /// </summary>
    internal async ValueTask<bool> ListsByReferenceAsync(string controllerId, string methodId, string relationship, CancellationToken cancellationToken)
    {
        var document = await FetchControllerDocumentAsync(controllerId, cancellationToken).ConfigureAwait(false);
        return ControllerDocuments.References(document, methodId, relationship, controllerId);
    }

    /// <summary>Fetches the document for <paramref name="id"/> and refuses one that claims to be about someone else.</summary>
    private async ValueTask<JsonObject> FetchControllerDocumentAsync(string id, CancellationToken cancellationToken)
    {
        // A did:key document is a function of the DID; one served from anywhere else could carry any key.
        if (id.StartsWith(DidKey.Prefix, StringComparison.Ordinal))
        {
            throw new VerificationMethodException(VerificationMethodErrorCodes.Unsupported, $"'{id}' is a did:key; its document is derived from the DID, never fetched or mapped.");
        }

        var document = await FetchAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new VerificationMethodException(VerificationMethodErrorCodes.NotFound, $"No controller document for '{id}'.");

        // Whoever serves (or maps) the document for one identifier must not be able to speak for another: its keys
        // would otherwise be bound to whatever identity its id names, and sign as that issuer. A document without
        // an id is read as the one asked for, which claims nothing beyond what was resolved.
        switch (document["id"])
        {
            case null:
                break;
            case JsonValue v when v.TryGetValue<string>(out var claimed):
                if (claimed != id)
                {
                    throw new VerificationMethodException(VerificationMethodErrorCodes.ControllerIdMismatch, $"The document resolved for '{id}' says it is '{claimed}'.");
                }

                break;
            default:
                throw new VerificationMethodException(VerificationMethodErrorCodes.Invalid, $"The document resolved for '{id}' has an id that is not a string.");
        }

        return document;
    }
}

/// <summary>
/// Serves controller documents from memory: DID or URL → JSON document. Used to verify offline (the CLI's
/// <c>--did-map</c>) and by tests.
/// </summary>
public sealed class StaticControllerDocumentResolver : ControllerDocumentResolver
{
    private readonly IReadOnlyDictionary<string, JsonObject> _documents;

    /// <summary>Creates a resolver over the given documents (copied; keys are DIDs or URLs without fragment).</summary>
    public StaticControllerDocumentResolver(IEnumerable<KeyValuePair<string, JsonObject>> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var map = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (key, value) in documents)
        {
            map[key] = (JsonObject)value.DeepClone();
        }

        _documents = map;
    }

    /// <summary>
    /// Loads a map file <c>{"&lt;DID or URL&gt;": "&lt;path relative to the map file&gt;"}</c>.
    /// </summary>
    /// <exception cref="FormatException">The map or a document is not the expected JSON.</exception>
    public static async Task<StaticControllerDocumentResolver> LoadMapAsync(string mapPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(mapPath);
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(mapPath)) ?? ".";
        var map = ParseUntrusted(await File.ReadAllBytesAsync(mapPath, cancellationToken).ConfigureAwait(false), mapPath) as JsonObject
            ?? throw new FormatException("The DID map must be a JSON object.");
        var documents = new List<KeyValuePair<string, JsonObject>>();
        foreach (var (id, pathNode) in map)
        {
            var relative = pathNode is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new FormatException($"The DID map entry '{id}' must be a path string.");
            var bytes = await File.ReadAllBytesAsync(Path.Combine(baseDir, relative), cancellationToken).ConfigureAwait(false);
            var document = ParseUntrusted(bytes, relative) as JsonObject ?? throw new FormatException($"'{relative}' is not a JSON object.");
            documents.Add(new(id, document));
        }

        return new StaticControllerDocumentResolver(documents);
    }

    // Keys come from these files: a duplicate member (two different key sets) must be refused, as in credentials.
    private static JsonNode? ParseUntrusted(byte[] utf8, string path)
    {
        try
        {
            return SafeJson.Parse(utf8);
        }
        catch (JsonInputException ex)
        {
            throw new FormatException($"'{path}' is not usable JSON ({ex.Code} at {ex.JsonPath ?? "$"}): {ex.Message}", ex);
        }
    }

    /// <inheritdoc/>
    public override bool CanResolve(string verificationMethodId)
    {
        if (verificationMethodId is null)
        {
            return false;
        }

        // did:key is left to DidKeyResolver even when mapped, so a composite never takes its key from a map entry.
        if (verificationMethodId.StartsWith(DidKey.Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var hash = verificationMethodId.IndexOf('#', StringComparison.Ordinal);
        return _documents.ContainsKey(hash < 0 ? verificationMethodId : verificationMethodId[..hash]);
    }

    /// <inheritdoc/>
    protected override ValueTask<JsonObject?> FetchAsync(string didOrUrl, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_documents.TryGetValue(didOrUrl, out var d) ? d : null);
}

/// <summary>Tries resolvers in order; the first whose <see cref="IVerificationMethodResolver.CanResolve"/> is true answers.</summary>
public sealed class CompositeVerificationMethodResolver : IVerificationMethodResolver
{
    private readonly IVerificationMethodResolver[] _resolvers;

    /// <summary>Creates the composite.</summary>
    public CompositeVerificationMethodResolver(params IVerificationMethodResolver[] resolvers)
    {
        ArgumentNullException.ThrowIfNull(resolvers);
        _resolvers = [.. resolvers];
    }

    /// <inheritdoc/>
    public bool CanResolve(string verificationMethodId) => _resolvers.Any(r => r.CanResolve(verificationMethodId));

    /// <inheritdoc/>
    public ValueTask<ResolvedVerificationMethod> ResolveAsync(string verificationMethodId, CancellationToken cancellationToken = default)
    {
        foreach (var resolver in _resolvers)
        {
            if (resolver.CanResolve(verificationMethodId))
            {
                return resolver.ResolveAsync(verificationMethodId, cancellationToken);
            }
        }

        throw new VerificationMethodException(VerificationMethodErrorCodes.Unsupported, $"No resolver handles '{verificationMethodId}'.");
    }

    /// <summary>
    /// Asks the resolvers that can fetch <paramref name="controllerId"/>'s controller document whether it lists
    /// <paramref name="methodId"/> by reference under <paramref name="relationship"/>; false when none can.
    /// </summary>
    internal static async ValueTask<bool> ListsByReferenceAsync(IVerificationMethodResolver resolver, string controllerId, string methodId, string relationship, CancellationToken cancellationToken)
    {
        switch (resolver)
        {
            case ControllerDocumentResolver documents when documents.CanResolve(controllerId):
                return await documents.ListsByReferenceAsync(controllerId, methodId, relationship, cancellationToken).ConfigureAwait(false);
            case CompositeVerificationMethodResolver composite:
                foreach (var inner in composite._resolvers)
                {
                    if (inner.CanResolve(controllerId))
                    {
                        return await ListsByReferenceAsync(inner, controllerId, methodId, relationship, cancellationToken).ConfigureAwait(false);
                    }
                }

                return false;
            default:
                return false;
        }
    }
}
