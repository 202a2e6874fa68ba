namespace MicroCredentials.Signing.Canonicalization;

/// <summary>
/// Canonicalization (RDFC-1.0 or JCS) refused its input: a work or size limit was exceeded or the input
/// cannot be canonicalized. <see cref="Code"/> is stable and machine-readable.
/// </summary>
public sealed class CanonicalizationException : Exception
{
    /// <summary>Code: the Hash N-Degree Quads work budget was exhausted (a poison graph or an unusually symmetric one).</summary>
    public const string WorkLimitExceeded = "rdfc.work-limit-exceeded";

    /// <summary>Code: the dataset has more blank nodes than <see cref="RdfcOptions.MaxBlankNodes"/>.</summary>
    public const string TooManyBlankNodes = "rdfc.too-many-blank-nodes";

    /// <summary>Code: the dataset has more quads than <see cref="RdfcOptions.MaxQuads"/>.</summary>
    public const string TooManyQuads = "rdfc.too-many-quads";

    /// <summary>Code: a quad is not valid RDF (for example a literal or blank node as predicate).</summary>
    public const string InvalidQuad = "rdfc.invalid-quad";

    /// <summary>Code: a JSON number is not finite (NaN or an infinity), which RFC 8785 cannot represent.</summary>
    public const string JcsInvalidNumber = "jcs.invalid-number";

    /// <summary>Code: a JSON string holds a lone surrogate, which RFC 8785 (I-JSON) forbids.</summary>
    public const string JcsInvalidString = "jcs.invalid-string";

    /// <summary>Code: a JSON object has the same member name twice.</summary>
    public const string JcsDuplicateName = "jcs.duplicate-name";

    /// <summary>Code: the JSON value nests deeper than the canonicalizer accepts.</summary>
    public const string JcsTooDeep = "jcs.too-deep";

    /// <summary>Creates an exception with a code and a message.</summary>
    /// <param name="code">One of the code constants of this class.</param>
    /// <param name="message">A human-readable explanation.</param>
    /// <param name="path">Where in the input the problem is (a JSON path for JCS), if known.</param>
    public CanonicalizationException(string code, string message, string? path = null)
        : base(message)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        Code = code;
        Path = path;
    }

    /// <summary>The stable error code.</summary>
    public string Code { get; }

    /// <summary>Where in the input the problem is (a JSON path for JCS), or null.</summary>
    public string? Path { get; }
}
