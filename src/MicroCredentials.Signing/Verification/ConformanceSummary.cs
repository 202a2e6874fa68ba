using System.Text.Json.Nodes;

namespace MicroCredentials.Signing.Verification;

/// <summary>How a credential measures against a specification it is read against.</summary>
public enum ConformanceVerdict
{
    /// <summary>Every check of the specification passed.</summary>
    Conforms,

    /// <summary>Some check of the specification warned or failed (see the findings).</summary>
    DoesNotConform,

    /// <summary>Not checked: disabled by the caller, not applicable, or the credential could not be read.</summary>
    NotChecked,
}

/// <summary>
/// The conformance section of a report, separate from whether the credential is authentic and current: Open Badges 3.0
/// (its JSON Schema and type rules, plus any schema the credential declares) and EU micro-credential completeness
/// (the Council Recommendation's mandatory elements). Under the default schema policy a finding here is a warning and
/// leaves <see cref="VerificationReport.Outcome"/> alone; only what the issuer declared, or strict mode, fails.
/// </summary>
public sealed record ConformanceSummary
{
    private ConformanceSummary(ConformanceVerdict openBadges, ConformanceVerdict eu, IReadOnlyList<VerificationCheck> findings)
    {
        OpenBadges = openBadges;
        EuMicroCredential = eu;
        Findings = findings;
    }

    /// <summary>Open Badges 3.0: JSON Schema (the OB 3.0 schema and declared <c>credentialSchema</c>s) and type.</summary>
    public ConformanceVerdict OpenBadges { get; }

    /// <summary>EU micro-credential completeness.</summary>
    public ConformanceVerdict EuMicroCredential { get; }

    /// <summary>The schema, type and completeness checks that warned or failed, in order.</summary>
    public IReadOnlyList<VerificationCheck> Findings { get; }

    internal static ConformanceSummary From(IReadOnlyList<VerificationCheck> checks) =>
        new(
            Verdict(checks, static c => c is VerificationSteps.Schema or VerificationSteps.Type),
            Verdict(checks, static c => c is VerificationSteps.EuCompleteness),
            [.. checks.Where(c => c.Check is VerificationSteps.Schema or VerificationSteps.Type or VerificationSteps.EuCompleteness
                && c.Status is CheckStatus.Warning or CheckStatus.Failed)]);

    /// <summary>The section as JSON.</summary>
    public JsonObject ToJson()
    {
        var findings = new JsonArray();
        foreach (var f in Findings)
        {
            findings.Add((JsonNode)f.ToJson());
        }

        return new JsonObject
        {
            ["openBadges"] = Name(OpenBadges),
            ["euMicroCredential"] = Name(EuMicroCredential),
            ["findings"] = findings,
        };
    }

    private static ConformanceVerdict Verdict(IReadOnlyList<VerificationCheck> checks, Func<string, bool> step)
    {
        var relevant = checks.Where(c => step(c.Check)).ToList();
        return relevant.Any(c => c.Status is CheckStatus.Warning or CheckStatus.Failed) ? ConformanceVerdict.DoesNotConform
            : relevant.Count > 0 && relevant.All(c => c.Status == CheckStatus.Passed) ? ConformanceVerdict.Conforms
            : ConformanceVerdict.NotChecked;
    }

    private static string Name(ConformanceVerdict v) => v switch
    {
        ConformanceVerdict.Conforms => "conforms",
        ConformanceVerdict.DoesNotConform => "does-not-conform",
        _ => "not-checked",
    };
}
