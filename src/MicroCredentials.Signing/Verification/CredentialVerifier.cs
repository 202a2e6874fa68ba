using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Baking;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Jose;
using MicroCredentials.Signing.Json;
using MicroCredentials.Signing.JsonLd;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Telemetry;
using MicroCredentials.Signing.Verification.Checks;

namespace MicroCredentials.Signing.Verification;

/// <summary>
/// Verifies Open Badges 3.0 credentials end to end: whatever a learner presents (JSON, a compact VC-JWT, a baked PNG
/// or SVG) gets one report with a check per step of OB 3.0's "Verification and Validation" and VC Data Model 2.0.
/// Thread-safe and reusable: processed JSON-LD contexts are cached for the verifier's lifetime.
/// </summary>
/// <remarks>
/// Order: parsing → context (JSON-LD safe mode) → type → schema → proof (and issuer–key binding) → validity window
/// → status (only after a verified proof) → refresh (opt-in) → endorsements (recursive, bounded, only after a verified
/// proof) → EU completeness
/// (warning) → recipient (optional). Hostile input never throws: every failure is a failed check with a code.
/// </remarks>
public sealed partial class CredentialVerifier
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly CredentialVerifierOptions _options;
    private readonly JsonLdProcessor _jsonLd;
    private readonly ProofCanonicalizer _canonicalizer;

    internal ProofCanonicalizer Canonicalizer => _canonicalizer;
    private readonly IJwtKeyResolver _jwtKeys;
    private readonly DataIntegrityVerificationOptions _dataIntegrity;
    private readonly ContextCheck _context;

    // The checks in the order they run; each reads the one VerificationContext and appends to the run.
    private readonly ICredentialCheck[] _checks;

    /// <summary>Creates a verifier; with no options it is fully offline (bundled contexts, did:key, no status lists).</summary>
    public CredentialVerifier(CredentialVerifierOptions? options = null)
    {
        _options = options ?? new CredentialVerifierOptions();
        _jsonLd = new JsonLdProcessor(_options.DocumentLoader);
        // One processor for the context check and the proofs, so each context is processed once per verifier.
        _canonicalizer = ProofCanonicalizer.Create(_jsonLd);
        _jwtKeys = _options.JwtKeyResolver ?? new VerificationMethodJwtKeyResolver(_options.MethodResolver);
        _dataIntegrity = new DataIntegrityVerificationOptions
        {
            Resolver = _options.MethodResolver,
            TimeProvider = _options.TimeProvider,
            MaxClockSkew = _options.ClockSkew,
            Canonicalizer = _canonicalizer,
            LegacyCanonicalForm = _options.LegacyCanonicalForm,
        };
        CredentialStatusVerifier? status = null;
        if (_options.StatusListResolver is { } resolver)
        {
            status = CredentialStatusVerifier.CreateDefault(
                resolver,
                VerifyStatusListProofAsync,
                new StatusCheckerOptions { TrustedStatusListIssuers = _options.TrustedStatusListIssuers, ClockSkew = _options.ClockSkew, MinimumEntries = _options.MinimumStatusListEntries, MaxStatusListDepth = _options.MaxStatusListDepth },
                _options.TimeProvider);
        }

        NestedVerifier nested = (text, depth, ct) => VerifyTextAsync(text, CheckJson.LooksLikeJwt(text) ? "jwt" : "json", [], depth, VerifyOptions.Default, ct);
        _context = new ContextCheck(_jsonLd);
        _checks =
        [
            _context,
            new TypeCheck(_options),
            new SchemaCheck(_options),
            new ProofCheck(_options, _dataIntegrity),
            new ValidityCheck(_options),
            new StatusCheck(status),
            new RefreshCheck(_options, nested),
            new EndorsementCheck(_options.Limits, nested),
            new EuCompletenessCheck(),
            new RecipientCheck(),
            new TrustCheck(_options.IssuerRegistries),
        ];
    }

    /// <summary>The options this verifier was built with.</summary>
    public CredentialVerifierOptions Options => _options;

    /// <summary>Verifies input given as text: a JSON credential, a compact JWT, or an SVG badge.</summary>
    public Task<VerificationReport> VerifyAsync(string input, VerifyOptions? verifyOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return VerifyAsync(Encoding.UTF8.GetBytes(input), verifyOptions, cancellationToken);
    }

    /// <summary>Verifies input given as bytes: JSON, a compact JWT, or a baked PNG or SVG badge (sniffed).</summary>
    public Task<VerificationReport> VerifyAsync(ReadOnlyMemory<byte> input, VerifyOptions? verifyOptions = null, CancellationToken cancellationToken = default) =>
        VerifyAsync(input, verifyOptions, null, cancellationToken);

    /// <summary>As the public overload, adding the time each check took to <paramref name="timings"/> (for <c>mcred bench</c>).</summary>
    internal async Task<VerificationReport> VerifyAsync(ReadOnlyMemory<byte> input, VerifyOptions? verifyOptions, CheckTimings? timings, CancellationToken cancellationToken)
    {
        using var activity = MicroCredentialsTelemetry.ActivitySource.StartActivity(MicroCredentialsTelemetry.VerifyActivity);
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var report = await VerifyCoreAsync(input, verifyOptions, timings, cancellationToken).ConfigureAwait(false);
        var outcome = OutcomeTag(report.Outcome);
        var outcomeTag = new KeyValuePair<string, object?>("mcred.outcome", outcome);
        MicroCredentialsTelemetry.Verifications.Add(1, outcomeTag);
        MicroCredentialsTelemetry.VerificationDuration.Record(MicroCredentialsTelemetry.SecondsSince(start), outcomeTag);
        foreach (var check in report.Checks)
        {
            if (check.Status == CheckStatus.Failed)
            {
                MicroCredentialsTelemetry.VerificationCodes.Add(1, new KeyValuePair<string, object?>("mcred.check", check.Check), new KeyValuePair<string, object?>("mcred.code", check.Code), outcomeTag);
            }
        }

        if (activity is not null)
        {
            activity.SetTag("mcred.input_format", report.InputFormat);
            activity.SetTag("mcred.credential.id", report.CredentialId);
            activity.SetTag("mcred.issuer", report.IssuerId);
            activity.SetTag("mcred.outcome", outcome);
            var codes = report.Checks.Where(c => c.Status == CheckStatus.Failed).Select(c => c.Code).Distinct().ToArray();
            if (codes.Length > 0)
            {
                activity.SetTag("mcred.codes", string.Join(',', codes));
            }

            if (report.Outcome == VerificationOutcome.Failed)
            {
                activity.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "not verified");
            }
        }

        return report;
    }

    private async Task<VerificationReport> VerifyCoreAsync(ReadOnlyMemory<byte> input, VerifyOptions? verifyOptions, CheckTimings? timings, CancellationToken cancellationToken)
    {
        verifyOptions ??= VerifyOptions.Default;
        var checks = new List<VerificationCheck>();
        try
        {
            var format = BadgeBaker.DetectFormat(input.Span);
            string text;
            string inputFormat;
            if (format is { } imageFormat)
            {
                inputFormat = imageFormat == BadgeImageFormat.Png ? "png" : "svg";
                if (!BadgeBaker.TryExtract(input.Span, out var baked, out var error, _options.Limits.Baking))
                {
                    checks.Add(VerificationCheck.Fail(VerificationSteps.Parsing, error!.Code, error.Message));
                    return new VerificationReport(inputFormat, checks, null, []);
                }

                checks.Add(VerificationCheck.Pass(VerificationSteps.Parsing, VerificationCodes.Ok, $"extracted the credential baked into the {inputFormat.ToUpperInvariant()} image"));
                text = baked!.Text;
            }
            else
            {
                if (input.Length > _options.Limits.Json.MaxBytes)
                {
                    checks.Add(VerificationCheck.Fail(VerificationSteps.Parsing, JsonInputException.TooLarge, $"input of {input.Length} bytes exceeds the limit of {_options.Limits.Json.MaxBytes}"));
                    return new VerificationReport("unknown", checks, null, []);
                }

                try
                {
                    text = StrictUtf8.GetString(input.Span);
                }
                catch (DecoderFallbackException)
                {
                    // Never repair: bytes another parser would read differently must not verify as the repaired text.
                    checks.Add(VerificationCheck.Fail(VerificationSteps.Parsing, JsonInputException.InvalidJson, "the input is neither an image nor valid UTF-8 text"));
                    return new VerificationReport("unknown", checks, null, []);
                }

                inputFormat = CheckJson.LooksLikeJwt(text) ? "jwt" : "json";
            }

            return await VerifyTextAsync(text, inputFormat, checks, 0, verifyOptions, cancellationToken, timings).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // Fail closed: a bug or an unforeseen input must never turn into an exception for the caller or a pass.
            checks.Add(VerificationCheck.Fail(VerificationSteps.Parsing, VerificationCodes.InternalError, ex.GetType().Name + ": " + ex.Message));
            return new VerificationReport("unknown", checks, null, []);
        }
    }

    /// <summary>Verifies a credential already parsed as JSON (it is not modified).</summary>
    public Task<VerificationReport> VerifyAsync(JsonObject credential, VerifyOptions? verifyOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        string text;
        try
        {
            text = credential.ToJsonString();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or NotSupportedException or System.Text.Json.JsonException)
        {
            // A JsonObject can hold values JSON cannot (NaN, infinities): report, never throw.
            var check = VerificationCheck.Fail(VerificationSteps.Parsing, JsonInputException.InvalidJson, "the credential cannot be written as JSON: " + ex.Message, "$");
            return Task.FromResult(new VerificationReport("json", [check], null, []));
        }

        // Through the byte path: the same input limits and the same fail-closed guard as any other input.
        return VerifyAsync(Encoding.UTF8.GetBytes(text), verifyOptions, cancellationToken);
    }

    private async Task<VerificationReport> VerifyTextAsync(string text, string inputFormat, List<VerificationCheck> checks, int depth, VerifyOptions verifyOptions, CancellationToken ct, CheckTimings? timings = null)
    {
        var parseStart = timings is null ? 0 : System.Diagnostics.Stopwatch.GetTimestamp();
        JsonObject credential;
        JwtVerificationResult? jwt = null;
        if (CheckJson.LooksLikeJwt(text))
        {
            inputFormat = inputFormat == "json" ? "jwt" : inputFormat;
            var trimmed = text.Trim();
            if (trimmed.Length > _options.Limits.MaxJwtLength)
            {
                checks.Add(VerificationCheck.Fail(VerificationSteps.Parsing, JwtErrorCodes.TooLarge, $"JWT of {trimmed.Length} characters exceeds the limit of {_options.Limits.MaxJwtLength}"));
                return new VerificationReport(inputFormat, checks, null, []);
            }

            jwt = await VcJwt.VerifyAsync(trimmed, _jwtKeys, new JwtVerificationOptions
            {
                TimeProvider = _options.TimeProvider,
                ClockSkew = _options.ClockSkew,
                MaxTokenLength = _options.Limits.MaxJwtLength,
                PayloadLimits = _options.Limits.Json,
            }, ct).ConfigureAwait(false);
            if (jwt.Credential is null)
            {
                checks.Add(VerificationCheck.Fail(VerificationSteps.Parsing, jwt.ErrorCode ?? JwtErrorCodes.Malformed, jwt.Message));
                return new VerificationReport(inputFormat, checks, null, []);
            }

            credential = jwt.Credential;
            checks.Add(VerificationCheck.Pass(VerificationSteps.Parsing, VerificationCodes.Ok, $"read a VC-JWT ({jwt.Format})"));
        }
        else
        {
            var parsed = SafeJson.TryParse(text, _options.Limits.Json);
            if (!parsed.Success)
            {
                checks.Add(VerificationCheck.Fail(VerificationSteps.Parsing, parsed.ErrorCode!, parsed.Error!.Message, parsed.JsonPath));
                return new VerificationReport(inputFormat, checks, null, []);
            }

            if (parsed.Value is not JsonObject obj)
            {
                checks.Add(VerificationCheck.Fail(VerificationSteps.Parsing, VerificationCodes.NotAnObject, "a credential must be a JSON object", "$"));
                return new VerificationReport(inputFormat, checks, null, []);
            }

            credential = obj;
            if (checks.Count == 0)
            {
                checks.Add(VerificationCheck.Pass(VerificationSteps.Parsing, VerificationCodes.Ok, "read a JSON credential within the input limits"));
            }
        }

        var context = new VerificationContext(credential, jwt, depth, verifyOptions);
        var run = new VerificationRun();
        run.Checks.AddRange(checks);
        timings?.Add("parsing", parseStart);
        foreach (var check in _checks)
        {
            var start = timings is null ? 0 : System.Diagnostics.Stopwatch.GetTimestamp();
            using (var span = MicroCredentialsTelemetry.ActivitySource.StartActivity(MicroCredentialsTelemetry.CheckActivity))
            {
                var before = run.Checks.Count;
                await check.RunAsync(context, run, ct).ConfigureAwait(false);
                if (span is not null)
                {
                    span.SetTag("mcred.check", check.GetType().Name);
                    var added = run.Checks.Skip(before).ToArray();
                    var failed = added.FirstOrDefault(c => c.Status == CheckStatus.Failed);
                    span.SetTag("mcred.outcome", failed is null ? "passed" : failed.Indeterminate ? "indeterminate" : "failed");
                    if (failed is not null)
                    {
                        span.SetTag("mcred.code", failed.Code);
                    }
                }
            }

            timings?.Add(check.GetType().Name, start);
        }

        return new VerificationReport(inputFormat, run.Checks, (JsonObject)credential.DeepClone(), run.Endorsements, run.Trust);
    }

    /// <summary>The base-context, OB-context and JSON-LD surface checks, shared with the presentation verifier.</summary>
    internal Task CheckContextAsync(JsonObject document, IReadOnlyList<string> types, List<VerificationCheck> checks, CancellationToken ct) =>
        _context.CheckAsync(document, types, checks, ct);

    private async Task<StatusListProofCheck> VerifyStatusListProofAsync(JsonObject statusListCredential, CancellationToken ct)
    {
        var result = await DataIntegrityProofs.VerifyAsync(statusListCredential, _dataIntegrity, ct).ConfigureAwait(false);
        return new StatusListProofCheck(result.Verified, result.Verified ? null : result.ErrorCode ?? result.Proofs.FirstOrDefault(p => !p.Verified)?.ErrorCode);
    }

    // Telemetry sits below every capability (docs/architecture.md), so the verifier names its outcomes for it.
    private static string OutcomeTag(VerificationOutcome outcome) => outcome switch
    {
        VerificationOutcome.Verified => "verified",
        VerificationOutcome.Failed => "failed",
        _ => "indeterminate",
    };
}
