using MicroCredentials.Signing.Baking;
using MicroCredentials.Signing.Json;

namespace MicroCredentials.Signing.Verification;

/// <summary>The limits the verifier enforces on hostile input, with safe defaults.</summary>
public sealed record VerificationLimits
{
    /// <summary>The defaults.</summary>
    public static VerificationLimits Default { get; } = new();

    /// <summary>JSON size, nesting, member counts and string lengths (duplicate member names are always refused).</summary>
    public JsonInputLimits Json { get; init; } = JsonInputLimits.Default;

    /// <summary>Image size and chunk limits for baked PNG/SVG badges.</summary>
    public BakingLimits Baking { get; init; } = BakingLimits.Default;

    /// <summary>The most proofs a credential may carry.</summary>
    public int MaxProofs { get; init; } = 8;

    /// <summary>The most endorsements verified per credential (beyond that the check fails).</summary>
    public int MaxEndorsements { get; init; } = 16;

    /// <summary>How deep endorsements of endorsements are followed.</summary>
    public int MaxEndorsementDepth { get; init; } = 2;

    /// <summary>The most credentials verified per presentation (beyond that the presentation fails).</summary>
    public int MaxPresentationCredentials { get; init; } = 32;

    /// <summary>The longest compact JWT accepted, in characters.</summary>
    public int MaxJwtLength { get; init; } = 1024 * 1024;
}
