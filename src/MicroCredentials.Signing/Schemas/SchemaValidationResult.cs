namespace MicroCredentials.Signing.Schemas;

/// <summary>One JSON Schema violation.</summary>
/// <param name="Path">JSON path of the offending value (<c>$</c>, <c>$.issuer.type</c>, <c>$.credentialSubject.result[0]</c>).</param>
/// <param name="Keyword">The schema keyword that failed (e.g. <c>required</c>, <c>contains</c>), or a code such as <c>schema.unknown-url</c>.</param>
/// <param name="Message">A human-readable explanation.</param>
public sealed record SchemaError(string Path, string Keyword, string Message)
{
    /// <summary>The error comes from a schema the credential itself declares in <c>credentialSchema</c>.</summary>
    public bool Declared { get; init; }
}

/// <summary>The outcome of a schema validation.</summary>
public sealed class SchemaValidationResult
{
    internal SchemaValidationResult(IReadOnlyList<SchemaError> errors, IReadOnlyList<string> schemasApplied)
    {
        Errors = errors;
        SchemasApplied = schemasApplied;
    }

    /// <summary>True when no error was found.</summary>
    public bool Valid => Errors.Count == 0;

    /// <summary>Every error found.</summary>
    public IReadOnlyList<SchemaError> Errors { get; }

    /// <summary>The <c>$id</c>s of the bundled schemas that were applied.</summary>
    public IReadOnlyList<string> SchemasApplied { get; }
}
