namespace MicroCredentials.Signing.Canonicalization;

/// <summary>
/// Canonicalization (RDFC-1.0 or JCS) refused its input: a work or size limit was exceeded or the input
/// cannot be canonicalized. <see cref="MicroCredentialsException.Code"/> is stable and machine-readable.
/// </summary>
public sealed class CanonicalizationException : MicroCredentialsException
{
    /// <summary>Code: the Hash N-Degree Quads work budget was exhausted (a poison graph or an unusually symmetric one).</summary>
    public const string WorkLimitExceeded = "RDFC_WORK_LIMIT_EXCEEDED";

    /// <summary>Code: the dataset has more blank nodes than <see cref="RdfcOptions.MaxBlankNodes"/>.</summary>
    public const string TooManyBlankNodes = "RDFC_TOO_MANY_BLANK_NODES";

    /// <summary>Code: the dataset has more quads than <see cref="RdfcOptions.MaxQuads"/>.</summary>
    public const string TooManyQuads = "RDFC_TOO_MANY_QUADS";

    /// <summary>Code: a quad is not valid RDF (for example a literal or blank node as predicate).</summary>
    public const string InvalidQuad = "RDFC_INVALID_QUAD";

    /// <summary>Code: a JSON number is not finite (NaN or an infinity), which RFC 8785 cannot represent.</summary>
    public const string JcsInvalidNumber = "JCS_INVALID_NUMBER";

    /// <summary>Code: a JSON string holds a lone surrogate, which RFC 8785 (I-JSON) forbids.</summary>
    public const string JcsInvalidString = "JCS_INVALID_STRING";

    /// <summary>Code: a JSON object has the same member name twice.</summary>
    public const string JcsDuplicateName = "JCS_DUPLICATE_NAME";

    /// <summary>Code: the JSON value nests deeper than the canonicalizer accepts.</summary>
    public const string JcsTooDeep = "JCS_TOO_DEEP";

    /// <summary>Creates an exception with a code and a message.</summary>
    /// <param name="code">One of the code constants of this class.</param>
    /// <param name="message">A human-readable explanation.</param>
    /// <param name="path">Where in the input the problem is (a JSON path for JCS), if known.</param>
    public CanonicalizationException(string code, string message, string? path = null)
        : base(code, message)
    {
        Path = path;
    }

    /// <summary>Where in the input the problem is (a JSON path for JCS), or null.</summary>
    public string? Path { get; }
}
