namespace MicroCredentials.Signing.JsonLd;

/// <summary>
/// A JSON-LD document or context could not be processed. <see cref="MicroCredentialsException.Code"/> is the JSON-LD 1.1 API error code
/// (for example <c>invalid context entry</c>), a safe-mode code (<c>JSONLD_SAFE_MODE_RELATIVE_TYPE</c>) or a limit code
/// (<c>jsonld.limit.*</c>); <see cref="JsonPath"/> locates the offending member when it is known.
/// </summary>
public sealed class JsonLdException : MicroCredentialsException
{
    /// <summary>Creates an exception with a stable code and an optional JSON path.</summary>
    public JsonLdException(string code, string message, string? jsonPath = null, Exception? innerException = null)
        : base(code, jsonPath is null ? $"{code}: {message}" : $"{code}: {message} (at {jsonPath})", innerException)
    {
        JsonPath = jsonPath;
    }

    /// <summary>The JSON path (<c>$.credentialSubject.achievement</c>) of the offending member, when known.</summary>
    public string? JsonPath { get; }
}

/// <summary>The error codes raised by safe mode and by the processing limits.</summary>
public static class JsonLdErrorCodes
{
    /// <summary>A property did not expand to an absolute IRI and would be dropped.</summary>
    public const string SafeModeDroppedProperty = "JSONLD_SAFE_MODE_DROPPED_PROPERTY";

    /// <summary>A <c>@type</c> value did not expand to an absolute IRI.</summary>
    public const string SafeModeRelativeType = "JSONLD_SAFE_MODE_RELATIVE_TYPE";

    /// <summary>An <c>@id</c> value did not expand to an absolute IRI.</summary>
    public const string SafeModeRelativeId = "JSONLD_SAFE_MODE_RELATIVE_ID";

    /// <summary>An <c>@vocab</c> mapping is relative.</summary>
    public const string SafeModeRelativeVocab = "JSONLD_SAFE_MODE_RELATIVE_VOCAB";

    /// <summary>A value was dropped (empty object, free-floating value, null <c>@value</c>, object with only <c>@language</c>, ...).</summary>
    public const string SafeModeDroppedValue = "JSONLD_SAFE_MODE_DROPPED_VALUE";

    /// <summary>A keyword-like term or <c>@id</c>/<c>@reverse</c> value (such as <c>@foo</c>) was ignored.</summary>
    public const string SafeModeReservedTerm = "JSONLD_SAFE_MODE_RESERVED_TERM";

    /// <summary>A language tag is not well-formed BCP 47.</summary>
    public const string SafeModeInvalidLanguage = "JSONLD_SAFE_MODE_INVALID_LANGUAGE";

    /// <summary>A statement was dropped during RDF conversion (relative subject, predicate, object or graph, blank-node predicate).</summary>
    public const string SafeModeDroppedStatement = "JSONLD_SAFE_MODE_DROPPED_STATEMENT";

    /// <summary>A value carries <c>@direction</c> but no <see cref="JsonLdOptions.RdfDirection"/> was chosen, so the direction would be lost.</summary>
    public const string SafeModeDirectionLost = "JSONLD_SAFE_MODE_DIRECTION_LOST";

    /// <summary>Expansion nested deeper than <see cref="JsonLdLimits.MaxExpansionDepth"/>.</summary>
    public const string LimitExpansionDepth = "JSONLD_LIMIT_EXPANSION_DEPTH";

    /// <summary>Context processing and expansion of one document needed more than <see cref="JsonLdLimits.MaxWork"/> units of work.</summary>
    public const string LimitWork = "JSONLD_LIMIT_WORK";
}
