using System.Security.Cryptography.X509Certificates;

namespace MicroCredentials.Signing.Jades;

/// <summary>Hostile-input limits of the JAdES verifier. Exceeding one is a failure with <see cref="JadesCodes.LimitExceeded"/>.</summary>
public sealed record JadesLimits
{
    /// <summary>The default limits.</summary>
    public static JadesLimits Default { get; } = new();

    /// <summary>Largest accepted input, in bytes (default 16 MiB).</summary>
    public int MaxInputBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Most signatures in one JSON serialization (default 16).</summary>
    public int MaxSignatures { get; init; } = 16;

    /// <summary>Most certificates in <c>x5c</c> (default 10).</summary>
    public int MaxX5c { get; init; } = 10;

    /// <summary>Most timestamp tokens in one signature, all members together (default 32).</summary>
    public int MaxTimestamps { get; init; } = 32;

    /// <summary>Most <c>etsiU</c> components (default 64).</summary>
    public int MaxEtsiUComponents { get; init; } = 64;

    /// <summary>Most certificates in a path, anchor included (default 8).</summary>
    public int MaxChainDepth { get; init; } = 8;

    /// <summary>Most certificates and revocation values gathered from one signature (default 200).</summary>
    public int MaxValidationValues { get; init; } = 200;
}

/// <summary>How <see cref="JadesVerifier"/> verifies. Offline: nothing is ever fetched, and the machine's certificate store is never used.</summary>
public sealed record JadesVerifierOptions
{
    /// <summary>Trust anchors supplied by the caller (root or intermediate certificates). A path ends at the first anchor reached.</summary>
    public IReadOnlyList<X509Certificate2> TrustAnchors { get; init; } = [];

    /// <summary>Trusted lists (ETSI TS 119 612) whose CA/QC and TSA/QTST services are anchors, with their status history.</summary>
    public IReadOnlyList<TrustedList> TrustedLists { get; init; } = [];

    /// <summary>Extra certificates that may complete a path or identify a signing certificate referenced by <c>x5t#S256</c>/<c>x5t#o</c> only.</summary>
    public IReadOnlyList<X509Certificate2> Certificates { get; init; } = [];

    /// <summary>Detached contents by name (the <c>sigD</c> <c>pars</c> URI; the name of a lone detached payload does not matter).</summary>
    public IReadOnlyDictionary<string, ReadOnlyMemory<byte>> DetachedContents { get; init; } = new Dictionary<string, ReadOnlyMemory<byte>>();

    /// <summary>The validation time (default: now). The signing certificate is checked at the time a trusted timestamp proves when that is earlier.</summary>
    public DateTimeOffset? ValidationTime { get; init; }

    /// <summary>When false (default), a signature whose path lacks revocation values is indeterminate (TRY_LATER); when true, missing revocation only warns.</summary>
    public bool AllowMissingRevocation { get; init; }

    /// <summary>How much older than the control time a revocation value without <c>nextUpdate</c> may be (default 1 day).</summary>
    public TimeSpan MaxRevocationAge { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Hostile-input limits.</summary>
    public JadesLimits Limits { get; init; } = JadesLimits.Default;
}
