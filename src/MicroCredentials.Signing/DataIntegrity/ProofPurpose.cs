using System.Text.Json.Nodes;

namespace MicroCredentials.Signing.DataIntegrity;

/// <summary>
/// Why a proof was made, and what a verifier must check beyond the signature (Data Integrity 1.0 §2.1; the reference
/// stack's <c>ProofPurpose</c> classes). A purpose names the verification relationship the key must be listed under in
/// its controller document, writes its members into a new proof, and checks them on verification.
/// </summary>
public abstract record ProofPurpose
{
    /// <summary>A proof that asserts a document's content (<c>assertionMethod</c>), with no check on who the issuer is.</summary>
    public static AssertionProofPurpose Assertion { get; } = new(requireIssuerMatch: false);

    /// <summary>
    /// A credential's issuance proof: <c>assertionMethod</c>, and the key's controller must be the document's
    /// <c>issuer</c> (or <c>issuer.id</c>), or the issuer's own controller document must list the key. The default
    /// for credentials.
    /// </summary>
    public static AssertionProofPurpose CredentialIssuance { get; } = new(requireIssuerMatch: true);

    /// <summary>A holder's proof of control (<c>authentication</c>) bound to a verifier's challenge and, optionally, domain.</summary>
    /// <param name="challenge">The verifier's one-time challenge; when verifying, null skips the check.</param>
    /// <param name="domain">The verifier's domain; when verifying, null skips the check.</param>
    public static AuthenticationProofPurpose Authentication(string? challenge, string? domain = null) => new(challenge, domain);

    /// <summary>
    /// Any other verification relationship of a controller document (<c>capabilityInvocation</c>,
    /// <c>capabilityDelegation</c>, …), with no checks of its own beyond the key being listed under it.
    /// </summary>
    /// <param name="term">The relationship, which is also the <c>proofPurpose</c> value.</param>
    public static ControllerProofPurpose Controller(string term) => new(term);

    /// <summary>The verification relationship (the <c>proofPurpose</c> value), e.g. <c>assertionMethod</c>.</summary>
    public abstract string Term { get; }

    /// <summary>Writes <c>proofPurpose</c> and the purpose's own members into a proof being created.</summary>
    internal virtual void WriteTo(JsonObject proof) => proof["proofPurpose"] = Term;

    /// <summary>
    /// Checks the purpose's own members of a proof being verified; null when they hold, else a
    /// <see cref="DataIntegrityErrorCodes"/> code and a message. The <c>proofPurpose</c> term itself is checked by the caller.
    /// </summary>
    internal virtual (string Code, string Message)? Check(JsonObject proof) => null;
}

/// <summary>
/// <c>assertionMethod</c>: the proof asserts the document. <see cref="RequiresIssuerMatch"/> adds the credential rule
/// that the key belongs to the issuer; use <see cref="ProofPurpose.Assertion"/> or
/// <see cref="ProofPurpose.CredentialIssuance"/>.
/// </summary>
public sealed record AssertionProofPurpose : ProofPurpose
{
    internal AssertionProofPurpose(bool requireIssuerMatch) => RequiresIssuerMatch = requireIssuerMatch;

    /// <inheritdoc/>
    public override string Term => "assertionMethod";

    /// <summary>Whether the key's controller must be the document's issuer.</summary>
    public bool RequiresIssuerMatch { get; }
}

/// <summary>
/// <c>authentication</c>: the holder proves control of a key to a verifier, bound to the verifier's
/// <see cref="Challenge"/> (replay protection) and <see cref="Domain"/> (who it was meant for).
/// </summary>
public sealed record AuthenticationProofPurpose : ProofPurpose
{
    internal AuthenticationProofPurpose(string? challenge, string? domain)
    {
        Challenge = challenge;
        Domain = domain;
    }

    /// <inheritdoc/>
    public override string Term => "authentication";

    /// <summary>The challenge written into, or required of, the proof; null: none written, not checked.</summary>
    public string? Challenge { get; }

    /// <summary>The domain written into, or required of, the proof; null: none written, not checked.</summary>
    public string? Domain { get; }

    internal override void WriteTo(JsonObject proof)
    {
        base.WriteTo(proof);
        if (Domain is not null)
        {
            proof["domain"] = Domain;
        }

        if (Challenge is not null)
        {
            proof["challenge"] = Challenge;
        }
    }

    internal override (string Code, string Message)? Check(JsonObject proof)
    {
        if (Domain is not null && !DomainMatches(proof["domain"], Domain))
        {
            return (DataIntegrityErrorCodes.InvalidDomainError, "The proof's domain does not match.");
        }

        if (Challenge is not null && !(proof["challenge"] is JsonValue v && v.TryGetValue<string>(out var c) && c == Challenge))
        {
            return (DataIntegrityErrorCodes.InvalidChallengeError, "The proof's challenge does not match.");
        }

        return null;
    }

    // Data Integrity allows domain to be one string or a list of them; the expected one must be among them.
    private static bool DomainMatches(JsonNode? domain, string expected) => domain switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s == expected,
        JsonArray a => a.Any(d => d is JsonValue dv && dv.TryGetValue<string>(out var s) && s == expected),
        _ => false,
    };
}

/// <summary>A verification relationship with no checks of its own; see <see cref="ProofPurpose.Controller(string)"/>.</summary>
public sealed record ControllerProofPurpose : ProofPurpose
{
    internal ControllerProofPurpose(string term)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(term);
        Term = term;
    }

    /// <inheritdoc/>
    public override string Term { get; }
}
