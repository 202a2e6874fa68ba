using System.Text;
using System.Text.Json;

namespace MicroCredentials.Signing.Jades.Internal;

/// <summary>One component of the <c>etsiU</c> array: its name, its decoded JSON value, and its text exactly as in the file.</summary>
internal sealed record EtsiUComponent(string Name, JsonElement Value, string RawText, bool Base64Url);

/// <summary>One parsed JWS signature (compact, flattened or one entry of <c>signatures</c>).</summary>
internal sealed class JwsSignature
{
    public required string ProtectedB64 { get; init; }

    public required JsonElement Protected { get; init; }

    public required string SignatureB64 { get; init; }

    public required byte[] SignatureValue { get; init; }

    public JsonElement? Unprotected { get; init; }

    public List<EtsiUComponent> EtsiU { get; } = [];

    /// <summary>Structural problems found while parsing (code, message): reported, not thrown.</summary>
    public List<(string Code, string Message)> StructureErrors { get; } = [];

    public bool HasProtected(string name) => Protected.TryGetProperty(name, out _);

    public string? ProtectedString(string name) =>
        Protected.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary><c>b64</c> header: true unless present and false.</summary>
    public bool B64 => !(Protected.TryGetProperty("b64", out var v) && v.ValueKind == JsonValueKind.False);
}

/// <summary>A parsed JAdES/JWS document.</summary>
internal sealed class JwsDocument
{
    public required string Serialization { get; init; }

    /// <summary>The payload text as it appears in the JWS (base64url for b64 true; the raw string for b64 false); null when absent.</summary>
    public string? Payload { get; init; }

    public List<JwsSignature> Signatures { get; } = [];

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
