namespace MicroCredentials.Signing.Baking;

/// <summary>Bounds applied to badge images before and while they are read.</summary>
public sealed record BakingLimits
{
    /// <summary>The default limits.</summary>
    public static BakingLimits Default { get; } = new();

    /// <summary>Maximum image size in bytes. Default 8 MiB.</summary>
    public int MaxImageBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Maximum number of PNG chunks (or SVG elements) read. Default 4,096.</summary>
    public int MaxChunkCount { get; init; } = 4_096;

    /// <summary>Maximum size of the baked credential text (PNG <c>iTXt</c> chunk data or SVG credential text), in bytes. Default 2 MiB.</summary>
    public int MaxCredentialBytes { get; init; } = 2 * 1024 * 1024;

    internal void Validate(string paramName)
    {
        if (MaxImageBytes <= 0 || MaxChunkCount <= 0 || MaxCredentialBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(paramName, "Every baking limit must be positive.");
        }
    }
}
