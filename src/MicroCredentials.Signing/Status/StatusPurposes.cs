namespace MicroCredentials.Signing.Status;

/// <summary>The <c>statusPurpose</c> values this library issues and checks.</summary>
public static class StatusPurposes
{
    /// <summary>A set bit means the credential is revoked, permanently.</summary>
    public const string Revocation = "revocation";

    /// <summary>A set bit means the credential is suspended, possibly temporarily.</summary>
    public const string Suspension = "suspension";

    /// <summary>The status value (<c>statusSize</c> bits) selects one of the entry's <c>statusMessage</c>s.</summary>
    public const string Message = "message";

    internal static bool IsKnown(string purpose) => purpose is Revocation or Suspension or Message;
}

/// <summary>One <c>statusMessage</c> of a <c>message</c> status entry: a status value and what it means.</summary>
/// <param name="Status">The status value.</param>
/// <param name="Message">The human-readable meaning.</param>
public sealed record StatusMessage(int Status, string Message)
{
    /// <summary>The value as the spec writes it: a lowercase hexadecimal string with <c>0x</c> prefix.</summary>
    public string StatusHex => "0x" + Status.ToString("x", System.Globalization.CultureInfo.InvariantCulture);
}
