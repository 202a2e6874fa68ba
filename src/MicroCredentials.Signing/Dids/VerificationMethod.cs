using MicroCredentials.Signing.Keys;

namespace MicroCredentials.Signing.Dids;

/// <summary>A resolved verification method: its id, type, controller and public key.</summary>
/// <param name="Id">The absolute verification method id.</param>
/// <param name="Type">The method type as published (<c>Multikey</c>, <c>Ed25519VerificationKey2020</c>, <c>JsonWebKey</c>, …).</param>
/// <param name="Controller">The controller of the method.</param>
/// <param name="PublicKey">The key.</param>
public sealed record VerificationMethod(string Id, string Type, string Controller, PublicKey PublicKey);

/// <summary>
/// A verification method together with the verification relationships its controller document lists it under
/// (by reference or embedded), e.g. <c>assertionMethod</c>.
/// </summary>
/// <param name="Method">The method.</param>
/// <param name="Relationships">The relationship names (<c>assertionMethod</c>, <c>authentication</c>, …) that authorise it.</param>
public sealed record ResolvedVerificationMethod(VerificationMethod Method, IReadOnlySet<string> Relationships)
{
    /// <summary>True when the controller document authorises the method for <paramref name="proofPurpose"/>.</summary>
    public bool IsAuthorizedFor(string proofPurpose) => Relationships.Contains(proofPurpose);
}

/// <summary>Stable codes for <see cref="VerificationMethodException"/>.</summary>
public static class VerificationMethodErrorCodes
{
    /// <summary>The resolver cannot handle this kind of identifier.</summary>
    public const string Unsupported = "UNSUPPORTED_VERIFICATION_METHOD";

    /// <summary>The controller document could not be obtained (not mapped, not allowed, network error, too large).</summary>
    public const string NotFound = "VERIFICATION_METHOD_NOT_FOUND";

    /// <summary>The controller document was obtained but does not list the method: the key is not the controller's.</summary>
    public const string NotListed = "VERIFICATION_METHOD_NOT_LISTED";

    /// <summary>The controller document or the method in it is malformed (bad key, unsupported type, …).</summary>
    public const string Invalid = "INVALID_VERIFICATION_METHOD";

    /// <summary>
    /// The controller document's <c>id</c> is not the DID (without fragment) or URL it was resolved for, so it
    /// speaks for an identity other than the one asked about (DID Core §7.1.1, Controlled Identifiers §3.1).
    /// </summary>
    public const string ControllerIdMismatch = "CONTROLLER_ID_MISMATCH";

    /// <summary>The verification method's <c>controller</c> is not the <c>id</c> of the document that lists it.</summary>
    public const string ControllerMismatch = "VERIFICATION_METHOD_CONTROLLER_MISMATCH";

    /// <summary>Online resolution refused to fetch the controller document (not https, origin not allowed, non-public address, redirect, size or content type).</summary>
    public const string ResolutionRefused = "RESOLUTION_REFUSED";

    /// <summary>Online resolution could not fetch the controller document (unreachable, timed out, HTTP error).</summary>
    public const string ResolutionFailed = "RESOLUTION_FAILED";

    /// <summary>
    /// Whether <paramref name="code"/> means the controller document could not be obtained (rather than that it was
    /// obtained and found wanting): a verification that stops there is indeterminate, not failed.
    /// </summary>
    public static bool IsUnobtainable(string code) => code is NotFound or Unsupported or ResolutionRefused or ResolutionFailed;
}

/// <summary>A verification method could not be resolved; <see cref="MicroCredentialsException.Code"/> says why.</summary>
public sealed class VerificationMethodException : MicroCredentialsException
{
    /// <summary>Creates the exception.</summary>
    public VerificationMethodException(string code, string message, Exception? innerException = null)
        : base(code, message, innerException)
    {
    }
}

/// <summary>
/// Resolves a verification method id to its key and the relationships that authorise it. Implementations throw
/// <see cref="VerificationMethodException"/> when they cannot; callers on the verification path turn that into a result.
/// </summary>
public interface IVerificationMethodResolver
{
    /// <summary>True when this resolver handles the id's method (e.g. did:key, did:web, https).</summary>
    bool CanResolve(string verificationMethodId);

    /// <summary>Resolves the method.</summary>
    /// <exception cref="VerificationMethodException">Unknown, unreachable or invalid.</exception>
    ValueTask<ResolvedVerificationMethod> ResolveAsync(string verificationMethodId, CancellationToken cancellationToken = default);
}
