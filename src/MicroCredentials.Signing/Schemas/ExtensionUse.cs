using System.Text.Json;
using System.Text.Json.Nodes;

namespace MicroCredentials.Signing.Schemas;

/// <summary>
/// Whether a credential uses the project's extension terms: by the old context URL or by the inline term definitions
/// issued credentials carry. The schema validator needs the answer to pick the extension schema, and it sits below the
/// mapping that writes those terms, so the rule lives here and the mapper asks it.
/// </summary>
internal static class ExtensionUse
{
    public const string ContextUrl = "https://w3id.org/mcred/v1";

    public const string VocabularyBase = "https://w3id.org/mcred/vocab#";

    public static bool In(JsonObject credential) =>
        credential["@context"] switch
        {
            JsonValue v => v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == ContextUrl,
            JsonArray a => a.Any(IsExtensionContext),
            JsonObject o => IsExtensionContext(o),
            _ => false,
        };

    private static bool IsExtensionContext(JsonNode? context) => context switch
    {
        JsonValue v => v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == ContextUrl,
        JsonObject o => o.Any(term => term.Value is JsonObject definition && definition["@id"] is JsonValue id
            && id.GetValueKind() == JsonValueKind.String && id.GetValue<string>().StartsWith(VocabularyBase, StringComparison.Ordinal)),
        _ => false,
    };
}
