namespace MicroCredentials.Signing.Status;

/// <summary>
/// A status list (or a status list store) could not be used: malformed or hostile input, or a store constraint.
/// <see cref="MicroCredentialsException.Code"/> is stable and meant for programs; the message is for people.
/// </summary>
public sealed class StatusListException : MicroCredentialsException
{
    /// <summary>Creates the exception with a stable code and a human-readable message.</summary>
    public StatusListException(string code, string message)
        : base(code, message)
    {
    }

    /// <summary>Creates the exception with a stable code, a message and the underlying cause.</summary>
    public StatusListException(string code, string message, Exception innerException)
        : base(code, message, innerException)
    {
    }
}

/// <summary>
/// Error codes of status list processing. The first five are the Bitstring Status List v1.0 processing errors;
/// the others are this library's own and more specific.
/// </summary>
public static class StatusErrorCodes
{
    /// <summary>Retrieval of the status list failed (spec).</summary>
    public const string StatusRetrievalError = "STATUS_RETRIEVAL_ERROR";

    /// <summary>Validation of the status entry or of the status list credential failed (spec).</summary>
    public const string StatusVerificationError = "STATUS_VERIFICATION_ERROR";

    /// <summary>The status list is shorter than the minimum number of entries (spec).</summary>
    public const string StatusListLengthError = "STATUS_LIST_LENGTH_ERROR";

    /// <summary>The index is outside the list, or not a non-negative integer (spec).</summary>
    public const string RangeError = "RANGE_ERROR";

    /// <summary>A value in the status entry or list is malformed (spec).</summary>
    public const string MalformedValueError = "MALFORMED_VALUE_ERROR";

    /// <summary>The <c>encodedList</c> is not multibase base64url GZIP data.</summary>
    public const string DecodeError = "STATUS_LIST_DECODE_ERROR";

    /// <summary>The encoded or decompressed list exceeds <see cref="StatusListLimits"/> (for example a gzip bomb).</summary>
    public const string TooLarge = "STATUS_LIST_TOO_LARGE";

    /// <summary>The <c>credentialStatus</c> type has no checker.</summary>
    public const string UnsupportedType = "STATUS_TYPE_UNSUPPORTED";

    /// <summary>The store has no list with that URL.</summary>
    public const string ListNotFound = "STATUS_LIST_NOT_FOUND";

    /// <summary>The store already has a list with that URL.</summary>
    public const string ListExists = "STATUS_LIST_EXISTS";

    /// <summary>Every index of the list is allocated.</summary>
    public const string ListFull = "STATUS_LIST_FULL";

    /// <summary>The index was never allocated from the store, so it has no status to set.</summary>
    public const string IndexNotAllocated = "STATUS_INDEX_NOT_ALLOCATED";
}
