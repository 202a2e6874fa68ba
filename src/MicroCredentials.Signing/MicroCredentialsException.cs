namespace MicroCredentials.Signing;

/// <summary>
/// The one base of every exception this library throws for input it refuses or work it cannot do. <see cref="Code"/>
/// is stable, machine-readable and documented in <c>docs/codes.md</c>; the message is for people and may change.
/// Verification outcomes are never exceptions: they are findings in a report, with codes from the same table.
/// </summary>
public abstract class MicroCredentialsException : Exception
{
    /// <summary>Creates the exception with a stable code, a message and, optionally, the underlying cause.</summary>
    /// <param name="code">A stable UPPER_SNAKE code from <c>docs/codes.md</c>.</param>
    /// <param name="message">A human-readable explanation.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    protected MicroCredentialsException(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        Code = code;
    }

    /// <summary>The stable error code.</summary>
    public string Code { get; }
}
