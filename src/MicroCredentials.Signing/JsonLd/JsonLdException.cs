namespace MicroCredentials.Signing.JsonLd;

/// <summary>
/// A JSON-LD document or context could not be processed. <see cref="Code"/> is the JSON-LD 1.1 API error code
/// (for example <c>invalid context entry</c>), a safe-mode code (<c>jsonld.safe-mode.relative-type</c>) or a limit code
/// (<c>jsonld.limit.*</c>); <see cref="JsonPath"/> locates the offending member when it is known.
/// </summary>
public sealed class JsonLdException : Exception
{
    /// <summary>Creates an exception with a stable code and an optional JSON path.</summary>
    public JsonLdException(string code, string message, string? jsonPath = null, Exception? innerException = null)
        : base(jsonPath is null ? $"{code}: {message}" : $"{code}: {message} (at {jsonPath})", innerException)
    {
        Code = code;
        JsonPath = jsonPath;
    }

    /// <summary>The stable error code: a JSON-LD 1.1 API error code or a <c>jsonld.*</c> code of this library.</summary>
    public string Code { get; }

    /// <summary>The JSON path (<c>$.credentialSubject.achievement</c>) of the offending member, when known.</summary>
    public string? JsonPath { get; }
}

/// <summary>The error codes raised by safe mode and by the processing limits.</summary>
public static class JsonLdErrorCodes
{
    /// <summary>A property did not expand to an absolute IRI and would be dropped.</summary>
    public const string SafeModeDroppedProperty = "jsonld.safe-mode.dropped-property";

    /// <summary>A <c>@type</c> value did not expand to an absolute IRI.</summary>
    public const string SafeModeRelativeType = "jsonld.safe-mode.relative-type";

    /// <summary>An <c>@id</c> value did not expand to an absolute IRI.</summary>
    public const string SafeModeRelativeId = "jsonld.safe-mode.relative-id";

    /// <summary>An <c>@vocab</c> mapping is relative.</summary>
    public const string SafeModeRelativeVocab = "jsonld.safe-mode.relative-vocab";

    /// <summary>A value was dropped (empty object, free-floating value, null <c>@value</c>, object with only <c>@language</c>, ...).</summary>
    public const string SafeModeDroppedValue = "jsonld.safe-mode.dropped-value";

    /// <summary>A keyword-like term or <c>@id</c>/<c>@reverse</c> value (such as <c>@foo</c>) was ignored.</summary>
    public const string SafeModeReservedTerm = "jsonld.safe-mode.reserved-term";

    /// <summary>A language tag is not well-formed BCP 47.</summary>
    public const string SafeModeInvalidLanguage = "jsonld.safe-mode.invalid-language";

    /// <summary>A statement was dropped during RDF conversion (relative subject, predicate, object or graph, blank-node predicate).</summary>
    public const string SafeModeDroppedStatement = "jsonld.safe-mode.dropped-statement";

    /// <summary>A value carries <c>@direction</c> but no <see cref="JsonLdOptions.RdfDirection"/> was chosen, so the direction would be lost.</summary>
    public const string SafeModeDirectionLost = "jsonld.safe-mode.direction-lost";

    /// <summary>Expansion nested deeper than <see cref="JsonLdLimits.MaxExpansionDepth"/>.</summary>
    public const string LimitExpansionDepth = "jsonld.limit.expansion-depth";

    /// <summary>Context processing and expansion of one document needed more than <see cref="JsonLdLimits.MaxWork"/> units of work.</summary>
    public const string LimitWork = "jsonld.limit.work";
}
