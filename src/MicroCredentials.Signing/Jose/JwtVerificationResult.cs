using System.Text.Json.Nodes;
using MicroCredentials.Signing.Keys;

namespace MicroCredentials.Signing.Jose;

/// <summary>The outcome of verifying a VC-JWT. Verification never throws for bad input; it returns a coded failure.</summary>
public sealed class JwtVerificationResult
{
    private JwtVerificationResult(bool verified, string? errorCode, string message, JsonObject? header, JsonObject? claims, JsonObject? credential, VcJwtFormat? format, PublicKey? key)
    {
        Verified = verified;
        ErrorCode = errorCode;
        Message = message;
        Header = header;
        Claims = claims;
        Credential = credential;
        Format = format;
        Key = key;
    }

    /// <summary>True when the signature, the key binding, the claims and the validity window all check out.</summary>
    public bool Verified { get; }

    /// <summary>The credential (the <c>vc</c> claim, or the payload without JWT registered claims); null when the token could not be read.</summary>
    public JsonObject? Credential { get; }

    /// <summary>One of <see cref="JwtErrorCodes"/>, or null when verified.</summary>
    public string? ErrorCode { get; }

    /// <summary>A human-readable explanation.</summary>
    public string Message { get; }

    /// <summary>The decoded JOSE header, when it could be parsed.</summary>
    public JsonObject? Header { get; }

    /// <summary>The decoded payload (all claims), when it could be parsed.</summary>
    public JsonObject? Claims { get; }

    /// <summary>The token shape found, when the payload could be read.</summary>
    public VcJwtFormat? Format { get; }

    /// <summary>The issuer key the signature was checked with, when one was found.</summary>
    public PublicKey? Key { get; }

    internal static JwtVerificationResult Success(JsonObject header, JsonObject claims, JsonObject credential, VcJwtFormat format, PublicKey key) =>
        new(true, null, "The VC-JWT verified.", header, claims, credential, format, key);

    internal static JwtVerificationResult Failure(string code, string message, JsonObject? header = null, JsonObject? claims = null, JsonObject? credential = null, VcJwtFormat? format = null, PublicKey? key = null) =>
        new(false, code, message, header, claims, credential, format, key);

    /// <summary>
    /// True when the token could not be checked rather than found wrong: the issuer's key could not be obtained (its
    /// controller document unreachable, unmapped or of an unsupported method).
    /// </summary>
    public bool Undetermined { get; private init; }

    internal JwtVerificationResult AsUndetermined() =>
        new(Verified, ErrorCode, Message, Header, Claims, Credential, Format, Key) { Undetermined = true };

    /// <inheritdoc/>
    public override string ToString() => Verified ? Message : $"{ErrorCode}: {Message}";
}
