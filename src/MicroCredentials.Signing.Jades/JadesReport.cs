using System.Text.Json;
using System.Text.Json.Nodes;

namespace MicroCredentials.Signing.Jades;

/// <summary>The main indication of ETSI EN 319 102-1.</summary>
public enum JadesIndication
{
    /// <summary>Every check passed (TOTAL_PASSED).</summary>
    Passed,

    /// <summary>A check found the signature bad (TOTAL_FAILED).</summary>
    Failed,

    /// <summary>Nothing was found wrong, but a fact (a trust anchor, fresh revocation, a proof of existence) could not be established.</summary>
    Indeterminate,
}

/// <summary>JAdES baseline levels (ETSI TS 119 182-1 §6).</summary>
public enum JadesLevel
{
    /// <summary>Not a JAdES baseline signature (DSS: <c>JSON_NOT_ETSI</c>).</summary>
    None,

    /// <summary>B-B: signed header with signing certificate and signing time.</summary>
    BaselineB,

    /// <summary>B-T: plus a signature timestamp (<c>sigTst</c>).</summary>
    BaselineT,

    /// <summary>B-LT: plus certificate and revocation values (<c>xVals</c>, <c>rVals</c>).</summary>
    BaselineLT,

    /// <summary>B-LTA: plus an archive timestamp (<c>arcTst</c>).</summary>
    BaselineLTA,
}

/// <summary>How bad a check's outcome is.</summary>
public enum JadesSeverity
{
    /// <summary>Passed, or information.</summary>
    Info,

    /// <summary>Worth knowing, does not change the indication.</summary>
    Warning,

    /// <summary>Decides the indication.</summary>
    Failure,
}

/// <summary>One check of a signature: a stable <see cref="Code"/>, how it counts, and a message for humans.</summary>
/// <param name="Code">A <see cref="JadesCodes"/> constant.</param>
/// <param name="Severity">Information, warning or failure.</param>
/// <param name="Message">What was found.</param>
/// <param name="SubIndication">For failures, the ETSI sub-indication (<see cref="JadesSubIndications"/>).</param>
/// <param name="Indeterminate">For failures: true when the failure only lacks a fact (indeterminate), false when it found something wrong.</param>
public sealed record JadesCheck(string Code, JadesSeverity Severity, string Message, string? SubIndication = null, bool Indeterminate = false);

/// <summary>One RFC 3161 timestamp of a signature.</summary>
/// <param name="Type">The JAdES member: <c>adoTst</c>, <c>sigTst</c>, <c>arcTst</c>, <c>sigRTst</c>, <c>rfsTst</c>.</param>
/// <param name="Time">The TSA's <c>genTime</c>, when the token could be read.</param>
/// <param name="ImprintIntact">The message imprint equals the digest of the bytes this timestamp type must cover.</param>
/// <param name="SignatureIntact">The TSA's CMS signature verifies with its signer certificate.</param>
/// <param name="Trusted">The TSA certificate chains to a trust anchor and was valid when it had to be.</param>
/// <param name="TsaSubject">The TSA certificate's subject.</param>
/// <param name="Code">OK, or the failure code.</param>
public sealed record JadesTimestampReport(string Type, DateTimeOffset? Time, bool ImprintIntact, bool SignatureIntact, bool Trusted, string? TsaSubject, string Code);

/// <summary>The verdict on one signature of a JAdES document.</summary>
public sealed record JadesSignatureReport
{
    /// <summary>Position in the document (0 for compact and flattened).</summary>
    public int Index { get; init; }

    /// <summary>Passed, failed or indeterminate.</summary>
    public JadesIndication Indication { get; init; }

    /// <summary>The sub-indication when not passed.</summary>
    public string? SubIndication { get; init; }

    /// <summary>The code of the deciding failure when not passed.</summary>
    public string? Code { get; init; }

    /// <summary>The level the signature's structure claims (what DSS calls the signature format).</summary>
    public JadesLevel Format { get; init; }

    /// <summary>The highest level whose elements all verified (B-B signature, B-T timestamp, B-LT values, B-LTA archive timestamp).</summary>
    public JadesLevel LevelReached { get; init; }

    /// <summary>The JWS <c>alg</c>.</summary>
    public string? Algorithm { get; init; }

    /// <summary>The JWS signature value verifies over the signing input with the signing certificate.</summary>
    public bool SignatureIntact { get; init; }

    /// <summary>The claimed signing time (<c>sigT</c> or <c>iat</c>), not a proof.</summary>
    public DateTimeOffset? SigningTime { get; init; }

    /// <summary>The earliest genTime of a verified signature timestamp: the proof that the signature existed then.</summary>
    public DateTimeOffset? TimestampedTime { get; init; }

    /// <summary>The time the signing certificate's path was validated at (the timestamped time when a trusted timestamp proves it, else the validation time).</summary>
    public DateTimeOffset? ControlTime { get; init; }

    /// <summary>The signing certificate's subject (the sealing organisation).</summary>
    public string? CertificateSubject { get; init; }

    /// <summary>The signing certificate's issuer.</summary>
    public string? CertificateIssuer { get; init; }

    /// <summary><c>QUALIFIED</c> or <c>ADVANCED</c> when the anchor comes from a trusted list; null when trust came from caller-supplied anchors.</summary>
    public string? Qualification { get; init; }

    /// <summary>Every timestamp, in document order.</summary>
    public IReadOnlyList<JadesTimestampReport> Timestamps { get; init; } = [];

    /// <summary>Every check, in the order it ran.</summary>
    public IReadOnlyList<JadesCheck> Checks { get; init; } = [];

    /// <summary>True when some check has <paramref name="code"/>.</summary>
    public bool HasCode(string code) => Checks.Any(c => c.Code == code);
}

/// <summary>
/// The verifier's answer for a JAdES document: one <see cref="JadesSignatureReport"/> per signature, and an overall
/// indication (passed only when every signature passed; else failed if any failed; else indeterminate).
/// </summary>
public sealed record JadesReport
{
    /// <summary>Overall indication.</summary>
    public JadesIndication Indication { get; init; }

    /// <summary>Overall sub-indication (of the first signature that did not pass, or of the document).</summary>
    public string? SubIndication { get; init; }

    /// <summary>The code deciding the outcome when not passed.</summary>
    public string? Code { get; init; }

    /// <summary><c>compact</c>, <c>json</c> (general) or <c>flattened-json</c>; null when unreadable.</summary>
    public string? Serialization { get; init; }

    /// <summary>One report per signature.</summary>
    public IReadOnlyList<JadesSignatureReport> Signatures { get; init; } = [];

    /// <summary>Document-level checks (parse errors, limits).</summary>
    public IReadOnlyList<JadesCheck> Checks { get; init; } = [];

    /// <summary>The verified payload bytes (as signed: raw bytes of the decoded payload), when attached.</summary>
    public ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>True when passed.</summary>
    public bool Passed => Indication == JadesIndication.Passed;

    /// <summary>The report as JSON (what <c>mcred jades verify</c> prints).</summary>
    public JsonObject ToJson()
    {
        var sigs = new JsonArray();
        foreach (var s in Signatures)
        {
            sigs.Add(new JsonObject
            {
                ["index"] = s.Index,
                ["indication"] = Name(s.Indication),
                ["subIndication"] = s.SubIndication,
                ["code"] = s.Code,
                ["format"] = LevelName(s.Format),
                ["levelReached"] = LevelName(s.LevelReached),
                ["alg"] = s.Algorithm,
                ["signatureIntact"] = s.SignatureIntact,
                ["signingTime"] = s.SigningTime?.ToString("O"),
                ["timestampedTime"] = s.TimestampedTime?.ToString("O"),
                ["controlTime"] = s.ControlTime?.ToString("O"),
                ["certificateSubject"] = s.CertificateSubject,
                ["certificateIssuer"] = s.CertificateIssuer,
                ["qualification"] = s.Qualification,
                ["timestamps"] = new JsonArray([.. s.Timestamps.Select(t => (JsonNode)new JsonObject
                {
                    ["type"] = t.Type,
                    ["time"] = t.Time?.ToString("O"),
                    ["imprintIntact"] = t.ImprintIntact,
                    ["signatureIntact"] = t.SignatureIntact,
                    ["trusted"] = t.Trusted,
                    ["tsa"] = t.TsaSubject,
                    ["code"] = t.Code,
                })]),
                ["checks"] = ChecksJson(s.Checks),
            });
        }

        return new JsonObject
        {
            ["indication"] = Name(Indication),
            ["subIndication"] = SubIndication,
            ["code"] = Code,
            ["serialization"] = Serialization,
            ["signatures"] = sigs,
            ["checks"] = ChecksJson(Checks),
        };
    }

    /// <summary>The ETSI name of an indication: <c>TOTAL_PASSED</c>, <c>TOTAL_FAILED</c>, <c>INDETERMINATE</c>.</summary>
    public static string Name(JadesIndication indication) => indication switch
    {
        JadesIndication.Passed => "TOTAL_PASSED",
        JadesIndication.Failed => "TOTAL_FAILED",
        _ => "INDETERMINATE",
    };

    /// <summary>The name of a level: <c>B-B</c>, <c>B-T</c>, <c>B-LT</c>, <c>B-LTA</c>, or <c>NOT_ETSI</c>.</summary>
    public static string LevelName(JadesLevel level) => level switch
    {
        JadesLevel.BaselineB => "B-B",
        JadesLevel.BaselineT => "B-T",
        JadesLevel.BaselineLT => "B-LT",
        JadesLevel.BaselineLTA => "B-LTA",
        _ => "NOT_ETSI",
    };

    private static JsonArray ChecksJson(IEnumerable<JadesCheck> checks) => new([.. checks.Select(c => (JsonNode)new JsonObject
    {
        ["code"] = c.Code,
        ["severity"] = c.Severity.ToString().ToLowerInvariant(),
        ["subIndication"] = c.SubIndication,
        ["message"] = c.Message,
    })]);

    /// <summary>The report as indented JSON text.</summary>
    public override string ToString() => ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
