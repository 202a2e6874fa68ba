using System.Text.Json.Nodes;
using MicroCredentials.Signing.Trust;

namespace MicroCredentials.Signing.Verification;

/// <summary>
/// The verifier's answer: an overall <see cref="Verified"/> flag and one entry per check, in the order the checks ran.
/// A credential is verified only when no check failed; warnings and skipped checks do not change that.
/// </summary>
public sealed class VerificationReport
{
    internal VerificationReport(string inputFormat, IReadOnlyList<VerificationCheck> checks, JsonObject? credential, IReadOnlyList<VerificationReport> endorsements, IssuerTrust? trust = null)
    {
        Trust = trust;
        Conformance = ConformanceSummary.From(checks);
        InputFormat = inputFormat;
        Checks = checks;
        Credential = credential;
        Endorsements = endorsements;
        Verified = credential is not null && checks.Count > 0 && !checks.Any(c => c.Status == CheckStatus.Failed);
        Outcome = OutcomeOf(Verified, credential is not null, checks);
        CredentialId = (credential?["id"] as JsonValue)?.TryGetValue<string>(out var id) == true ? id : null;
        IssuerId = credential?["issuer"] switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonObject o when o["id"] is JsonValue v2 && v2.TryGetValue<string>(out var s2) => s2,
            _ => null,
        };
    }

    /// <summary>True when every check passed, warned or was skipped, and none failed.</summary>
    public bool Verified { get; }

    /// <summary>
    /// Verified; failed (a check found the credential bad: tampered, wrong key, expired, revoked, malformed); or
    /// indeterminate (nothing was found wrong, but some fact could not be established). <see cref="Verified"/> is
    /// true only for <see cref="VerificationOutcome.Verified"/>.
    /// </summary>
    public VerificationOutcome Outcome { get; }

    /// <summary>What was handed to the verifier: <c>json</c>, <c>jwt</c>, <c>png</c> or <c>svg</c>.</summary>
    public string InputFormat { get; }

    /// <summary>The credential's <c>id</c>, when it has one.</summary>
    public string? CredentialId { get; }

    /// <summary>The credential's issuer id, when readable.</summary>
    public string? IssuerId { get; }

    /// <summary>Every check, in the order they ran.</summary>
    public IReadOnlyList<VerificationCheck> Checks { get; }

    /// <summary>The credential that was checked (a copy), or null when the input could not be read.</summary>
    public JsonObject? Credential { get; }

    /// <summary>The reports of embedded endorsements, verified recursively.</summary>
    public IReadOnlyList<VerificationReport> Endorsements { get; }

    /// <summary>
    /// Which configured issuer registries list the issuer (null when none are configured). A separate answer from
    /// <see cref="Outcome"/>: a registry names an issuer, it does not make the credential authentic or not.
    /// </summary>
    public IssuerTrust? Trust { get; }

    /// <summary>Open Badges and EU micro-credential conformance, reported beside the outcome.</summary>
    public ConformanceSummary Conformance { get; }

    /// <summary>The checks that failed.</summary>
    public IEnumerable<VerificationCheck> Failures => Checks.Where(c => c.Status == CheckStatus.Failed);

    /// <summary>The checks that warned.</summary>
    public IEnumerable<VerificationCheck> Warnings => Checks.Where(c => c.Status == CheckStatus.Warning);

    /// <summary>True when some check of <paramref name="step"/> produced <paramref name="code"/>.</summary>
    public bool HasCode(string step, string code) => Checks.Any(c => c.Check == step && c.Code == code);

    /// <summary>
    /// The one rule for an outcome, shared with presentations: verified when <paramref name="verified"/>; otherwise
    /// indeterminate when it <paramref name="mayBeIndeterminate"/> and every failed check only lacked a fact; else failed.
    /// </summary>
    internal static VerificationOutcome OutcomeOf(bool verified, bool mayBeIndeterminate, IEnumerable<VerificationCheck> checks) =>
        verified ? VerificationOutcome.Verified
        : mayBeIndeterminate && checks.Where(c => c.Status == CheckStatus.Failed).All(c => c.Indeterminate) ? VerificationOutcome.Indeterminate
        : VerificationOutcome.Failed;

    /// <summary>The report as JSON (the shape the CLI prints and the HTTP service returns).</summary>
    public JsonObject ToJson()
    {
        var checks = new JsonArray();
        foreach (var c in Checks)
        {
            checks.Add((JsonNode)c.ToJson());
        }

        var json = new JsonObject
        {
            ["verified"] = Verified,
            ["outcome"] = Outcome.ToString().ToLowerInvariant(),
            ["format"] = InputFormat,
            ["credentialId"] = CredentialId,
            ["issuer"] = IssuerId,
            ["checks"] = checks,
            ["conformance"] = Conformance.ToJson(),
        };
        if (Trust is not null)
        {
            json["trust"] = Trust.ToJson();
        }

        if (Endorsements.Count > 0)
        {
            var endorsements = new JsonArray();
            foreach (var e in Endorsements)
            {
                endorsements.Add((JsonNode)e.ToJson());
            }

            json["endorsements"] = endorsements;
        }

        return json;
    }
}

/// <summary>The verifier's overall answer.</summary>
public enum VerificationOutcome
{
    /// <summary>Every check passed (warnings allowed).</summary>
    Verified,

    /// <summary>Some check found the credential bad (or the input could not be read).</summary>
    Failed,

    /// <summary>No check found the credential bad, but at least one fact could not be established.</summary>
    Indeterminate,
}
