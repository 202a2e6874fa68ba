using System.Text.Json.Nodes;

namespace MicroCredentials.Signing.Json;

/// <summary>The outcome of <see cref="SafeJson.TryParse(ReadOnlySpan{byte}, JsonInputLimits?)"/>: a value, or a coded error.</summary>
public sealed class SafeJsonResult
{
    private SafeJsonResult(bool success, JsonNode? value, JsonInputException? error)
    {
        Success = success;
        Value = value;
        Error = error;
    }

    /// <summary>Whether the input was accepted.</summary>
    public bool Success { get; }

    /// <summary>The parsed value when <see cref="Success"/> (null also for the JSON literal <c>null</c>).</summary>
    public JsonNode? Value { get; }

    /// <summary>The refusal when not <see cref="Success"/>.</summary>
    public JsonInputException? Error { get; }

    /// <summary>The stable error code, or null on success.</summary>
    public string? ErrorCode => Error?.Code;

    /// <summary>The JSON path of the error, or null.</summary>
    public string? JsonPath => Error?.JsonPath;

    internal static SafeJsonResult Ok(JsonNode? value) => new(true, value, null);

    internal static SafeJsonResult Fail(JsonInputException error) => new(false, null, error);
}
