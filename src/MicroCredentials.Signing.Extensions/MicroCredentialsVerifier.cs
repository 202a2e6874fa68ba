using System.Text.Json.Nodes;
using MicroCredentials.Signing.Verification;
using Microsoft.Extensions.Logging;

namespace MicroCredentials.Signing.Extensions;

/// <summary>
/// The host's verifier: the registered <see cref="CredentialVerifier"/> plus a log line per verification
/// (<see cref="MicroCredentialsLogEvents.CredentialVerified"/> / <see cref="MicroCredentialsLogEvents.CredentialNotVerified"/>)
/// with the credential id, issuer, outcome and codes; never the credential. Traces and metrics come from the core
/// (<c>MicroCredentialsTelemetry</c>). Thread-safe; registered as a singleton.
/// </summary>
public sealed class MicroCredentialsVerifier
{
    private readonly ILogger<MicroCredentialsVerifier> _logger;

    /// <summary>Wraps <paramref name="verifier"/>.</summary>
    public MicroCredentialsVerifier(CredentialVerifier verifier, ILogger<MicroCredentialsVerifier> logger)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(logger);
        Verifier = verifier;
        _logger = logger;
    }

    /// <summary>The core verifier.</summary>
    public CredentialVerifier Verifier { get; }

    /// <summary>Verifies text input (JSON, a compact JWT, an SVG badge).</summary>
    public async Task<VerificationReport> VerifyAsync(string input, VerifyOptions? options = null, CancellationToken cancellationToken = default) =>
        Logged(await Verifier.VerifyAsync(input, options, cancellationToken).ConfigureAwait(false));

    /// <summary>Verifies bytes (JSON, a compact JWT, a baked PNG or SVG).</summary>
    public async Task<VerificationReport> VerifyAsync(ReadOnlyMemory<byte> input, VerifyOptions? options = null, CancellationToken cancellationToken = default) =>
        Logged(await Verifier.VerifyAsync(input, options, cancellationToken).ConfigureAwait(false));

    /// <summary>Verifies a parsed credential.</summary>
    public async Task<VerificationReport> VerifyAsync(JsonObject credential, VerifyOptions? options = null, CancellationToken cancellationToken = default) =>
        Logged(await Verifier.VerifyAsync(credential, options, cancellationToken).ConfigureAwait(false));

    private VerificationReport Logged(VerificationReport report)
    {
        if (report.Verified)
        {
            Log.Verified(_logger, report.CredentialId, report.IssuerId, report.InputFormat);
        }
        else
        {
            var codes = string.Join(",", report.Failures.Select(f => f.Check + ":" + f.Code).Distinct());
            Log.NotVerified(_logger, report.CredentialId, report.IssuerId, report.Outcome.ToString().ToLowerInvariant(), codes);
        }

        return report;
    }
}
