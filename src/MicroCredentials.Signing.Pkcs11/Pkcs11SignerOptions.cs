namespace MicroCredentials.Signing.Pkcs11;

/// <summary>Where the key is: the module, the token, the PIN and the key's label and/or id.</summary>
public sealed record Pkcs11SignerOptions
{
    /// <summary>Path of the vendor's PKCS#11 module, e.g. <c>/usr/lib/softhsm/libsofthsm2.so</c>.</summary>
    public required string ModulePath { get; init; }

    /// <summary>The token's label (<c>CK_TOKEN_INFO.label</c>, trailing spaces ignored); this or <see cref="TokenSerialNumber"/> is required.</summary>
    public string? TokenLabel { get; init; }

    /// <summary>The token's serial number (<c>CK_TOKEN_INFO.serialNumber</c>); checked as well when both are given.</summary>
    public string? TokenSerialNumber { get; init; }

    /// <summary>The user PIN. It is used to log in once and not kept by the signer.</summary>
    public required string Pin { get; init; }

    /// <summary>The key pair's <c>CKA_LABEL</c>; this or <see cref="KeyId"/> is required.</summary>
    public string? KeyLabel { get; init; }

    /// <summary>The key pair's <c>CKA_ID</c>; both must match when both are given.</summary>
    public ReadOnlyMemory<byte>? KeyId { get; init; }

    /// <summary>
    /// The verification method id the proofs name. Null (the default): the <c>did:key</c> verification method of the
    /// public key read from the token.
    /// </summary>
    public string? VerificationMethodId { get; init; }
}
