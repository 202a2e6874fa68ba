namespace MicroCredentials.Signing.Mapping;

/// <summary>The VC Data Model version of a produced credential.</summary>
public enum VcDataModelVersion
{
    /// <summary>VC Data Model 2.0: <c>https://www.w3.org/ns/credentials/v2</c>, <c>validFrom</c>.</summary>
    V2 = 2,
    /// <summary>VC Data Model 1.1: <c>https://www.w3.org/2018/credentials/v1</c>, <c>issuanceDate</c>.</summary>
    V1_1 = 1,
}

/// <summary>Options for <see cref="OpenBadgesMapper.ToCredential"/>.</summary>
public sealed record MappingOptions
{
    /// <summary>VC Data Model version; 2.0 by default.</summary>
    public VcDataModelVersion VcVersion { get; init; } = VcDataModelVersion.V2;

    /// <summary>The credential's <c>id</c>; a fresh <c>urn:uuid:</c> when null.</summary>
    public string? CredentialId { get; init; }

    /// <summary>The achievement's <c>id</c>; a fresh <c>urn:uuid:</c> when null.</summary>
    public string? AchievementId { get; init; }

    /// <summary>Optional <c>validUntil</c> (VC 2.0) or <c>expirationDate</c> (VC 1.1).</summary>
    public DateTimeOffset? ValidUntil { get; init; }

    /// <summary>
    /// Adds a <c>credentialSchema</c> entry for the OB 3.0 AchievementCredential JSON Schema, and the
    /// OB <c>extensions.json</c> context that defines its type <c>1EdTechJsonSchemaValidator2019</c>.
    /// </summary>
    public bool IncludeCredentialSchema { get; init; }

    /// <summary>
    /// Maps elements that lack mandatory Annex I elements (the result is then not an EU micro-credential).
    /// Title, awarding body, date of issuing and learner are always required, because OB 3.0 needs them.
    /// </summary>
    public bool AllowIncomplete { get; init; }

    /// <summary>
    /// How the extension terms' context is given. <see cref="ExtensionContextForm.Inline"/> (default) embeds the term
    /// definitions in the credential's <c>@context</c>, so any verifier can process it with only published contexts;
    /// <see cref="ExtensionContextForm.Url"/> writes the unpublished URL <see cref="OpenBadgesMapper.ExtensionContextUrl"/>
    /// (only verifiers given that file beforehand can then process the credential).
    /// </summary>
    public ExtensionContextForm ExtensionContext { get; init; } = ExtensionContextForm.Inline;
}

/// <summary>How a produced credential refers to the extension's JSON-LD context.</summary>
public enum ExtensionContextForm
{
    /// <summary>The term definitions inline in <c>@context</c>: a protected object with absolute IRIs.</summary>
    Inline,
    /// <summary>The URL <c>https://w3id.org/mcred/v1</c> (unpublished; bundled in this library only).</summary>
    Url,
}
