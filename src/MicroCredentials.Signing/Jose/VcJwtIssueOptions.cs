using MicroCredentials.Signing.Keys;

namespace MicroCredentials.Signing.Jose;

/// <summary>Options for <see cref="VcJwt.IssueAsync"/>.</summary>
public sealed record VcJwtIssueOptions
{
    /// <summary>The default options: Open Badges 3.0 shape, <c>kid</c> = the signer's verification method.</summary>
    public static VcJwtIssueOptions Default { get; } = new();

    /// <summary>The token shape. Default <see cref="VcJwtFormat.VcClaim"/> (Open Badges 3.0).</summary>
    public VcJwtFormat Format { get; init; } = VcJwtFormat.VcClaim;

    /// <summary>
    /// The JWS <c>alg</c> the caller expects (<c>RS256</c>, <c>ES256</c> or <c>EdDSA</c>); null to derive it from the
    /// signer's key type. A value that does not match the key type is refused.
    /// </summary>
    public string? Algorithm { get; init; }

    /// <summary>Overrides the <c>kid</c> header (default: the signer's verification method id); empty omits it.</summary>
    public string? KeyId { get; init; }

    /// <summary>When set, the public key is also embedded as the <c>jwk</c> header (Open Badges 3.0 allows either).</summary>
    public PublicKey? EmbeddedPublicKey { get; init; }
}
