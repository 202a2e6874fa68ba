namespace MicroCredentials.Signing.Status;

/// <summary>Bounds applied when decoding an untrusted <c>encodedList</c>.</summary>
public sealed record StatusListLimits
{
    /// <summary>The defaults: 4 Mi characters of encoded text, 16 MiB decompressed (134 million one-bit entries).</summary>
    public static StatusListLimits Default { get; } = new();

    /// <summary>Largest accepted <c>encodedList</c>, in characters.</summary>
    public int MaxEncodedChars { get; init; } = 4 * 1024 * 1024;

    /// <summary>Largest accepted decompressed bitstring, in bytes; decompression stops as soon as it is passed.</summary>
    public int MaxDecodedBytes { get; init; } = 16 * 1024 * 1024;
}
