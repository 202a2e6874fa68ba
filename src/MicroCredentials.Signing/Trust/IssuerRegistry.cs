namespace MicroCredentials.Signing.Trust;

/// <summary>
/// A list of issuers someone vouches for (the DCC's known-issuer registries today; EBSI's Trusted Issuers Registry or
/// 1EdTech's registry plug in the same way). A registry only names an issuer: it never makes a credential more or less
/// authentic, so the verifier reports what it says beside the verdict, not in it.
/// </summary>
public interface IIssuerRegistry
{
    /// <summary>The registry's name as the report shows it (e.g. <c>DCC Member Registry</c>).</summary>
    string Name { get; }

    /// <summary>
    /// The entry for <paramref name="issuerId"/> (a DID or URL, compared exactly), or null when the registry does not
    /// list it. Throws <see cref="IssuerRegistryException"/> when the registry cannot answer (unreachable, unusable).
    /// </summary>
    ValueTask<IssuerRegistryEntry?> FindAsync(string issuerId, CancellationToken cancellationToken = default);
}

/// <summary>What a registry says about one issuer.</summary>
/// <param name="Registry">The name of the registry that listed the issuer.</param>
/// <param name="IssuerId">The issuer identifier the entry is for.</param>
/// <param name="Name">The name the registry knows the issuer by.</param>
/// <param name="Url">The issuer's web site, when the registry gives one.</param>
/// <param name="Location">Where the issuer is, when the registry gives it.</param>
public sealed record IssuerRegistryEntry(string Registry, string IssuerId, string Name, string? Url = null, string? Location = null);

/// <summary>A registry could not be read or could not answer. <see cref="MicroCredentialsException.Code"/> is one of <see cref="IssuerRegistryErrorCodes"/>.</summary>
public sealed class IssuerRegistryException : MicroCredentialsException
{
    /// <summary>Creates the exception.</summary>
    public IssuerRegistryException(string code, string message, Exception? innerException = null)
        : base(code, message, innerException)
    {
    }
}

/// <summary>The stable codes of registry loading and lookup.</summary>
public static class IssuerRegistryErrorCodes
{
    /// <summary>The registry document is not JSON, exceeds the input limits, or is not in the registry format.</summary>
    public const string Invalid = "REGISTRY_INVALID";

    /// <summary>The registry could not be fetched or read (file missing, host refused or unreachable).</summary>
    public const string Unavailable = "REGISTRY_UNAVAILABLE";
}
