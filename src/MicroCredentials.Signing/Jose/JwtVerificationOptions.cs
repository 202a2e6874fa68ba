using MicroCredentials.Signing.Json;

namespace MicroCredentials.Signing.Jose;

/// <summary>Options for <see cref="VcJwt.VerifyAsync"/>.</summary>
public sealed record JwtVerificationOptions
{
    /// <summary>The default options.</summary>
    public static JwtVerificationOptions Default { get; } = new();

    /// <summary>The clock; inject a fixed one in tests. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Tolerance applied to <c>nbf</c>/<c>exp</c>/<c>validFrom</c>/<c>validUntil</c>. Default 5 minutes.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Maximum token length in characters. Default 1 MiB.</summary>
    public int MaxTokenLength { get; init; } = 1024 * 1024;

    /// <summary>Maximum length of the encoded header in characters. Default 8 KiB (a 4096-bit RSA <c>jwk</c> fits easily).</summary>
    public int MaxHeaderLength { get; init; } = 8 * 1024;

    /// <summary>Limits for parsing the payload. Default <see cref="JsonInputLimits.Default"/>.</summary>
    public JsonInputLimits PayloadLimits { get; init; } = JsonInputLimits.Default;

    /// <summary>
    /// Header parameter names the caller processes itself and so accepts in <c>crit</c>. Default empty: any
    /// <c>crit</c> entry is refused, since this verifier implements no JWS extensions.
    /// </summary>
    public IReadOnlySet<string> UnderstoodCriticalHeaders { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}
