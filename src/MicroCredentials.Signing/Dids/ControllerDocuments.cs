using System.Text.Json.Nodes;
using MicroCredentials.Signing.Keys;

namespace MicroCredentials.Signing.Dids;

/// <summary>Reads verification methods and relationships out of DID documents and controller documents.</summary>
internal static class ControllerDocuments
{
    internal static readonly string[] RelationshipNames =
        ["assertionMethod", "authentication", "capabilityInvocation", "capabilityDelegation", "keyAgreement"];

    /// <summary>Finds <paramref name="methodId"/> in the document and the relationships listing it; null when absent.</summary>
    public static ResolvedVerificationMethod? Find(JsonObject document, string methodId, string documentUrl)
    {
        var docId = Str(document, "id") ?? documentUrl;
        JsonObject? methodJson = null;
        var relationships = new HashSet<string>(StringComparer.Ordinal);

        foreach (var entry in Entries(document["verificationMethod"]))
        {
            if (entry is JsonObject o && Absolute(Str(o, "id"), docId) == methodId)
            {
                methodJson ??= o;
            }
        }

        foreach (var name in RelationshipNames)
        {
            foreach (var entry in Entries(document[name]))
            {
                if (entry is JsonValue v && v.TryGetValue<string>(out var reference) && Absolute(reference, docId) == methodId)
                {
                    relationships.Add(name);
                }
                else if (entry is JsonObject embedded && Absolute(Str(embedded, "id"), docId) == methodId)
                {
                    relationships.Add(name);
                    methodJson ??= embedded;
                }
            }
        }

        if (methodJson is null)
        {
            return null;
        }

        var method = ParseMethod(methodJson, methodId, docId);
        if (method.Controller != docId)
        {
            throw new VerificationMethodException(
                VerificationMethodErrorCodes.ControllerMismatch,
                $"The method's controller '{method.Controller}' is not the document '{docId}'.");
        }

        return new ResolvedVerificationMethod(method, relationships);
    }

    /// <summary>
    /// True when the document lists <paramref name="methodId"/>, a method of another document, by reference under
    /// <paramref name="relationship"/> (Controlled Identifiers 1.0 §3.3 and DID Core §5.3 allow relationships to
    /// reference methods by URL). Embedded methods and the document's own methods do not count: those are found by
    /// <see cref="Find"/>, with their controller checked.
    /// </summary>
    public static bool References(JsonObject document, string methodId, string relationship, string documentUrl)
    {
        var docId = Str(document, "id") ?? documentUrl;
        var hash = methodId.IndexOf('#', StringComparison.Ordinal);
        if ((hash < 0 ? methodId : methodId[..hash]) == docId)
        {
            return false;
        }

        foreach (var entry in Entries(document[relationship]))
        {
            if (entry is JsonValue v && v.TryGetValue<string>(out var reference) && Absolute(reference, docId) == methodId)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Parses one verification method object (Multikey, Ed25519VerificationKey2020/2018, JsonWebKey(2020)).</summary>
    public static VerificationMethod ParseMethod(JsonObject json, string methodId, string defaultController)
    {
        var type = Str(json, "type") ?? throw Invalid("The verification method has no type.");
        var controller = Absolute(Str(json, "controller"), defaultController) ?? defaultController;
        try
        {
            PublicKey key = type switch
            {
                "Multikey" => Multikey.DecodePublicKey(Str(json, "publicKeyMultibase") ?? throw Invalid("Multikey without publicKeyMultibase.")),
                "Ed25519VerificationKey2020" => RequireEd25519(Multikey.DecodePublicKey(Str(json, "publicKeyMultibase") ?? throw Invalid("Ed25519VerificationKey2020 without publicKeyMultibase."))),
                "Ed25519VerificationKey2018" => KeyAlgorithm.Ed25519.ImportPublicKey(Base58.Decode(Str(json, "publicKeyBase58") ?? throw Invalid("Ed25519VerificationKey2018 without publicKeyBase58."))),
                "JsonWebKey" or "JsonWebKey2020" => Jwk.ImportPublicKey(json["publicKeyJwk"] as JsonObject ?? throw Invalid($"{type} without publicKeyJwk.")),
                _ => throw Invalid($"Unsupported verification method type '{type}'."),
            };
            return new VerificationMethod(methodId, type, controller, key);
        }
        catch (FormatException ex)
        {
            throw new VerificationMethodException(VerificationMethodErrorCodes.Invalid, $"Invalid {type} key: {ex.Message}", ex);
        }
    }

    public static string? Str(JsonObject json, string name) =>
        json[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>Resolves a relative reference (<c>#key-1</c>) against the document id; absolute ids pass through.</summary>
    public static string? Absolute(string? reference, string baseId)
    {
        if (reference is null)
        {
            return null;
        }

        if (reference.StartsWith('#'))
        {
            var hash = baseId.IndexOf('#', StringComparison.Ordinal);
            return (hash < 0 ? baseId : baseId[..hash]) + reference;
        }

        return reference;
    }

    private static IEnumerable<JsonNode?> Entries(JsonNode? node) => node switch
    {
        JsonArray a => a,
        null => [],
        _ => [node],
    };

    private static PublicKey RequireEd25519(PublicKey key) =>
        ReferenceEquals(key.Algorithm, KeyAlgorithm.Ed25519) ? key : throw new FormatException("Ed25519VerificationKey2020 must hold an Ed25519 key.");

    private static VerificationMethodException Invalid(string message) => new(VerificationMethodErrorCodes.Invalid, message);
}
