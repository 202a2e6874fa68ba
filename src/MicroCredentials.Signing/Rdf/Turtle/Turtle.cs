namespace MicroCredentials.Signing.Rdf;

/// <summary>
/// Turtle 1.1 reader (W3C Recommendation 2014-02-25). Produces triples in the default graph as <see cref="Quad"/>s,
/// over the same term types as <see cref="NQuads"/>.
/// </summary>
public static class Turtle
{
    /// <summary>The default maximum input length in characters (16 Mi).</summary>
    public const int DefaultMaxChars = 16 * 1024 * 1024;

    /// <summary>The default maximum nesting depth of <c>[ … ]</c> and <c>( … )</c>.</summary>
    public const int DefaultMaxDepth = 128;

    /// <summary>
    /// Parses a Turtle document. Blank-node labels of the document are kept with a <c>b</c> prefix and generated
    /// blank nodes (<c>[]</c>, collections) are labelled <c>g0</c>, <c>g1</c>, …, so the two never collide.
    /// </summary>
    /// <param name="text">The document.</param>
    /// <param name="baseIri">The absolute IRI relative IRIs resolve against, or null to require absolute IRIs.</param>
    /// <param name="maxChars">The largest accepted input, in UTF-16 characters.</param>
    /// <param name="maxDepth">The deepest accepted nesting of blank-node property lists and collections.</param>
    /// <returns>The triples in document order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="TurtleException">The document is not valid Turtle or exceeds a limit; the code and line:column say why.</exception>
    public static IReadOnlyList<Quad> Parse(string text, string? baseIri = null, int maxChars = DefaultMaxChars, int maxDepth = DefaultMaxDepth)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > maxChars)
        {
            throw new TurtleException(TurtleErrorCodes.TooLarge, $"the document has {text.Length} characters, more than the limit of {maxChars}", 1, 1);
        }

        return new TurtleReader(text, baseIri, maxDepth).ReadAll();
    }
}

/// <summary>A Turtle document could not be read. <see cref="MicroCredentialsException.Code"/> is one of <see cref="TurtleErrorCodes"/>.</summary>
public sealed class TurtleException : MicroCredentialsException
{
    /// <summary>Creates the exception for a position in the document.</summary>
    public TurtleException(string code, string message, int line, int column)
        : base(code, $"{code}: Turtle line {line}:{column}: {message}")
    {
        Line = line;
        Column = column;
    }

    /// <summary>The 1-based line of the error.</summary>
    public int Line { get; }

    /// <summary>The 1-based column (UTF-16 code units) of the error.</summary>
    public int Column { get; }
}

/// <summary>The error codes of <see cref="TurtleException"/>.</summary>
public static class TurtleErrorCodes
{
    /// <summary>The text does not follow the Turtle grammar.</summary>
    public const string Syntax = "TURTLE_SYNTAX";

    /// <summary>A prefixed name uses a prefix that was not declared.</summary>
    public const string UndefinedPrefix = "TURTLE_UNDEFINED_PREFIX";

    /// <summary>An IRI is relative and there is no base, or it contains characters an IRI may not hold.</summary>
    public const string InvalidIri = "TURTLE_INVALID_IRI";

    /// <summary>A string or IRI holds an invalid escape sequence.</summary>
    public const string InvalidEscape = "TURTLE_INVALID_ESCAPE";

    /// <summary>The document is larger than the limit.</summary>
    public const string TooLarge = "TURTLE_LIMIT_SIZE";

    /// <summary>Blank-node property lists or collections are nested deeper than the limit.</summary>
    public const string TooDeep = "TURTLE_LIMIT_DEPTH";
}
