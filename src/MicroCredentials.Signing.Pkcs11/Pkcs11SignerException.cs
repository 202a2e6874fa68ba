namespace MicroCredentials.Signing.Pkcs11;

/// <summary>
/// A PKCS#11 module, token or key failure, with a stable <see cref="Code"/> from <see cref="Pkcs11ErrorCodes"/> and,
/// when the module returned one, its <c>CKR_*</c> value. Misuse (null or empty arguments) throws the BCL's argument
/// exceptions instead.
/// </summary>
public sealed class Pkcs11SignerException : Exception
{
    /// <summary>Creates the exception.</summary>
    public Pkcs11SignerException(string code, string message, ulong? returnValue = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        Code = code;
        ReturnValue = returnValue;
    }

    /// <summary>One of <see cref="Pkcs11ErrorCodes"/>.</summary>
    public string Code { get; }

    /// <summary>The module's <c>CK_RV</c> (e.g. <c>0xA0</c> for <c>CKR_PIN_INCORRECT</c>), or null when the failure did not come from the module.</summary>
    public ulong? ReturnValue { get; }
}
