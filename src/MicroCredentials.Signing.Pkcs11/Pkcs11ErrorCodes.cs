namespace MicroCredentials.Signing.Pkcs11;

/// <summary>
/// The stable codes of <see cref="Pkcs11SignerException.Code"/>: what went wrong with the module, the token or the
/// key, independent of the vendor's <c>CKR_*</c> value (which the exception carries as well, when there is one).
/// </summary>
public static class Pkcs11ErrorCodes
{
    /// <summary>The PKCS#11 module (shared library) could not be loaded or initialised.</summary>
    public const string ModuleLoadFailed = "PKCS11_MODULE_LOAD_FAILED";

    /// <summary>No token with the requested label or serial number is present (never inserted, removed, or deleted).</summary>
    public const string TokenNotPresent = "PKCS11_TOKEN_NOT_PRESENT";

    /// <summary>The token went away while the signer was using it (removed, or its session was closed under it).</summary>
    public const string TokenRemoved = "PKCS11_TOKEN_REMOVED";

    /// <summary>The user PIN was refused.</summary>
    public const string PinIncorrect = "PKCS11_PIN_INCORRECT";

    /// <summary>The user PIN is locked after too many wrong attempts.</summary>
    public const string PinLocked = "PKCS11_PIN_LOCKED";

    /// <summary>No private key (or no matching public key) with the requested label/id is on the token.</summary>
    public const string KeyNotFound = "PKCS11_KEY_NOT_FOUND";

    /// <summary>More than one private key matches the requested label/id; give the id as well.</summary>
    public const string KeyAmbiguous = "PKCS11_KEY_AMBIGUOUS";

    /// <summary>The key's type or curve is not Ed25519, P-256 or P-384, or the token does not offer the mechanism.</summary>
    public const string UnsupportedKey = "PKCS11_UNSUPPORTED_KEY";

    /// <summary>The token refused or failed the operation for another reason (the message names the <c>CKR_*</c> value).</summary>
    public const string DeviceError = "PKCS11_DEVICE_ERROR";
}
