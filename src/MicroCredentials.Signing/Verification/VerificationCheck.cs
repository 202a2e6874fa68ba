namespace MicroCredentials.Signing.Verification;

/// <summary>The outcome of one verification check.</summary>
public enum CheckStatus
{
    /// <summary>The check ran and passed.</summary>
    Passed,

    /// <summary>The check ran and failed, or could not be decided (fail closed): the credential is not verified.</summary>
    Failed,

    /// <summary>The check found something worth reporting that does not make the credential invalid.</summary>
    Warning,

    /// <summary>The check did not run (not applicable, not requested, or an earlier conclusive failure made it moot).</summary>
    Skipped,
}

/// <summary>One entry of a <see cref="VerificationReport"/>: what was checked, how it went, and where.</summary>
/// <param name="Check">The step, one of <see cref="VerificationSteps"/>.</param>
/// <param name="Status">Passed, failed, warning or skipped.</param>
/// <param name="Code">A stable, machine-readable code (see <see cref="VerificationCodes"/> and the codes of each layer).</param>
/// <param name="Message">A human-readable explanation that names the property involved.</param>
/// <param name="Path">The JSON path of the offending value, where one applies.</param>
public sealed record VerificationCheck(string Check, CheckStatus Status, string Code, string Message, string? Path = null)
{
    /// <summary>
    /// True for a failed check that could not establish a fact (a status list or controller document unreachable or
    /// unusable, a context not available, an unknown cryptosuite, a processing limit) rather than finding the
    /// credential bad: the report's <see cref="VerificationReport.Outcome"/> is then indeterminate, not failed.
    /// </summary>
    public bool Indeterminate { get; init; }

    /// <summary>Creates a failed check whose fact could not be established (see <see cref="Indeterminate"/>).</summary>
    public static VerificationCheck Undetermined(string check, string code, string message, string? path = null) =>
        new(check, CheckStatus.Failed, code, message, path) { Indeterminate = true };

    /// <summary>Creates a passed check.</summary>
    public static VerificationCheck Pass(string check, string code, string message, string? path = null) => new(check, CheckStatus.Passed, code, message, path);

    /// <summary>Creates a failed check.</summary>
    public static VerificationCheck Fail(string check, string code, string message, string? path = null) => new(check, CheckStatus.Failed, code, message, path);

    /// <summary>Creates a warning.</summary>
    public static VerificationCheck Warn(string check, string code, string message, string? path = null) => new(check, CheckStatus.Warning, code, message, path);

    /// <summary>The check as the JSON entry of a report: <c>{check, status, code, message, path?}</c>.</summary>
    public System.Text.Json.Nodes.JsonObject ToJson()
    {
        var entry = new System.Text.Json.Nodes.JsonObject
        {
            ["check"] = Check,
            ["status"] = Status.ToString().ToLowerInvariant(),
            ["code"] = Code,
            ["message"] = Message,
        };
        if (Path is not null)
        {
            entry["path"] = Path;
        }

        if (Indeterminate)
        {
            entry["indeterminate"] = true;
        }

        return entry;
    }

    /// <summary>Creates a skipped check.</summary>
    public static VerificationCheck Skip(string check, string code, string message, string? path = null) => new(check, CheckStatus.Skipped, code, message, path);
}

/// <summary>The verification steps, in the order the verifier runs them.</summary>
public static class VerificationSteps
{
    /// <summary>Reading the input: JSON (with limits and duplicate-member detection), compact JWT, baked PNG or SVG.</summary>
    public const string Parsing = "parsing";

    /// <summary>The <c>@context</c>: VC 1.1 or 2.0 first, OB 3.0 present, only known contexts unless allowed.</summary>
    public const string Context = "context";

    /// <summary>The <c>type</c>: VerifiableCredential plus AchievementCredential/OpenBadgeCredential or EndorsementCredential.</summary>
    public const string Type = "type";

    /// <summary>JSON Schema conformance: the OB 3.0 schema and the credential's <c>credentialSchema</c> entries.</summary>
    public const string Schema = "schema";

    /// <summary>The proofs (any valid one suffices) and the binding of the signing key to the issuer.</summary>
    public const string Proof = "proof";

    /// <summary>The validity window (<c>validFrom</c>/<c>validUntil</c>, or <c>issuanceDate</c>/<c>expirationDate</c>).</summary>
    public const string ValidityWindow = "validity";

    /// <summary>Revocation and suspension (Bitstring Status List, 1EdTech revocation list, StatusList2021).</summary>
    public const string Status = "status";

    /// <summary>The <c>1EdTechCredentialRefresh</c> service (opt-in).</summary>
    public const string Refresh = "refresh";

    /// <summary>Embedded endorsements, verified recursively.</summary>
    public const string Endorsement = "endorsement";

    /// <summary>Whether the credential carries every mandatory element of an EU micro-credential (warning level).</summary>
    public const string EuCompleteness = "eu-completeness";

    /// <summary>The optional recipient check (the holder's e-mail against a salted identity hash).</summary>
    public const string Recipient = "recipient";

    /// <summary>Whether a presented credential's subject is the presentation's holder.</summary>
    public const string Holder = "holder";
}
