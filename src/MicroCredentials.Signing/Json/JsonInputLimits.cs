namespace MicroCredentials.Signing.Json;

/// <summary>
/// Bounds applied while parsing untrusted JSON. The defaults comfortably fit real credentials
/// (a few KiB to a few hundred KiB with embedded images) while keeping the worst case small.
/// </summary>
public sealed record JsonInputLimits
{
    /// <summary>The default limits.</summary>
    public static JsonInputLimits Default { get; } = new();

    /// <summary>Maximum size of the input in UTF-8 bytes. Default 4 MiB (credentials may embed a data-URI image).</summary>
    public int MaxBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Maximum nesting depth of objects and arrays (the top-level value is depth 1). Default 64.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Maximum number of members in one object. Default 1,000.</summary>
    public int MaxPropertiesPerObject { get; init; } = 1_000;

    /// <summary>Maximum number of items in one array. Default 10,000.</summary>
    public int MaxArrayItems { get; init; } = 10_000;

    /// <summary>Maximum length of one string (value or member name) in UTF-16 code units. Default 2 Mi (fits a data-URI image).</summary>
    public int MaxStringLength { get; init; } = 2 * 1024 * 1024;

    internal void Validate(string paramName)
    {
        if (MaxBytes <= 0 || MaxDepth <= 0 || MaxPropertiesPerObject <= 0 || MaxArrayItems <= 0 || MaxStringLength <= 0)
        {
            throw new ArgumentOutOfRangeException(paramName, "Every JSON input limit must be positive.");
        }
    }
}
