namespace MicroCredentials.Signing.Jose;

/// <summary>How a credential is carried in a JWT.</summary>
public enum VcJwtFormat
{
    /// <summary>
    /// Open Badges 3.0 / VC 1.1 JWT: the credential under the <c>vc</c> claim, with <c>iss jti sub nbf exp</c>
    /// mapped from it; <c>typ</c> is <c>JWT</c>.
    /// </summary>
    VcClaim = 0,

    /// <summary>VC-JOSE-COSE (<c>application/vc+jwt</c>, VC 2.0): the payload is the credential itself; <c>typ</c> is <c>vc+jwt</c>.</summary>
    VcJwt = 1,
}
