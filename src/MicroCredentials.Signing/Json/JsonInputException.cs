namespace MicroCredentials.Signing.Json;

/// <summary>
/// Untrusted JSON was refused: it is not JSON, exceeds a <see cref="JsonInputLimits"/> bound, or is ambiguous
/// (a duplicate member name). <see cref="MicroCredentialsException.Code"/> is stable and safe to show or log.
/// </summary>
public sealed class JsonInputException : MicroCredentialsException
{
    /// <summary>The input is larger than <see cref="JsonInputLimits.MaxBytes"/>.</summary>
    public const string TooLarge = "INPUT_TOO_LARGE";

    /// <summary>Objects/arrays nest deeper than <see cref="JsonInputLimits.MaxDepth"/>.</summary>
    public const string TooDeep = "INPUT_TOO_DEEP";

    /// <summary>An object has two members with the same (unescaped) name.</summary>
    public const string DuplicateMember = "INPUT_DUPLICATE_MEMBER";

    /// <summary>An object has more than <see cref="JsonInputLimits.MaxPropertiesPerObject"/> members.</summary>
    public const string TooManyProperties = "INPUT_TOO_MANY_PROPERTIES";

    /// <summary>An array has more than <see cref="JsonInputLimits.MaxArrayItems"/> items.</summary>
    public const string TooManyItems = "INPUT_TOO_MANY_ITEMS";

    /// <summary>A string or member name is longer than <see cref="JsonInputLimits.MaxStringLength"/>.</summary>
    public const string StringTooLong = "INPUT_STRING_TOO_LONG";

    /// <summary>The input is not well-formed JSON (RFC 8259), or not the kind of value expected.</summary>
    public const string InvalidJson = "INPUT_INVALID_JSON";

    /// <summary>Creates the exception.</summary>
    /// <param name="code">One of the stable codes defined on this class.</param>
    /// <param name="message">A human-readable explanation.</param>
    /// <param name="jsonPath">Where in the document the problem was found (<c>$</c> for the root), if known.</param>
    /// <param name="innerException">The underlying parser error, if any.</param>
    public JsonInputException(string code, string message, string? jsonPath = null, Exception? innerException = null)
        : base(code, message, innerException)
    {
        JsonPath = jsonPath;
    }

    /// <summary>The JSON path (e.g. <c>$.credentialSubject.achievement</c>) of the offending value, when known.</summary>
    public string? JsonPath { get; }
}
