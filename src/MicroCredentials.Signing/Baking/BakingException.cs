namespace MicroCredentials.Signing.Baking;

/// <summary>A badge image could not be baked or read. <see cref="MicroCredentialsException.Code"/> is stable.</summary>
public sealed class BakingException : MicroCredentialsException
{
    /// <summary>The image exceeds <see cref="BakingLimits.MaxImageBytes"/>.</summary>
    public const string TooLarge = "BAKING_TOO_LARGE";

    /// <summary>The PNG has more chunks (or the SVG more elements) than <see cref="BakingLimits.MaxChunkCount"/>.</summary>
    public const string TooManyChunks = "BAKING_TOO_MANY_CHUNKS";

    /// <summary>A chunk, or the baked credential, exceeds <see cref="BakingLimits.MaxCredentialBytes"/>.</summary>
    public const string ChunkTooLarge = "BAKING_CHUNK_TOO_LARGE";

    /// <summary>The SVG has a document type declaration (entities are never expanded).</summary>
    public const string DtdProhibited = "BAKING_DTD_PROHIBITED";

    /// <summary>The image holds no Open Badges 3.0 credential.</summary>
    public const string NotFound = "BAKING_NOT_FOUND";

    /// <summary>A PNG chunk's CRC does not match its contents.</summary>
    public const string CrcMismatch = "BAKING_CRC_MISMATCH";

    /// <summary>The image is not a well-formed PNG or SVG, or the baked data is not usable.</summary>
    public const string Malformed = "BAKING_MALFORMED";

    /// <summary>
    /// The image says more than one thing: several credential-bearing PNG text chunks (<c>iTXt</c>, <c>tEXt</c> or
    /// <c>zTXt</c> with an Open Badges keyword), several SVG credential or assertion elements, or one element with
    /// a credential both in an attribute and in its content. Different readers would pick different credentials.
    /// </summary>
    public const string Ambiguous = "BAKING_AMBIGUOUS";

    /// <summary>The PNG has bytes after its <c>IEND</c> chunk, where some readers look for a credential.</summary>
    public const string TrailingData = "BAKING_TRAILING_DATA";

    /// <summary>Creates the exception.</summary>
    /// <param name="code">One of the stable codes defined on this class.</param>
    /// <param name="message">A human-readable explanation.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public BakingException(string code, string message, Exception? innerException = null)
        : base(code, message, innerException)
    {
    }
}
