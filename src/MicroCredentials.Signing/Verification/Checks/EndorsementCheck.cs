using System.Text.Json.Nodes;

namespace MicroCredentials.Signing.Verification.Checks;

/// <summary>
/// Endorsements attached to the credential, its issuer, its achievement and the achievement's creator: each verified
/// one level down (bounded in number and depth, only after a verified proof), and reported as passed only when its
/// subject is the object it is attached to.
/// </summary>
internal sealed class EndorsementCheck(VerificationLimits limits, NestedVerifier verifyNested) : ICredentialCheck
{
    public async ValueTask RunAsync(VerificationContext context, VerificationRun run, CancellationToken cancellationToken)
    {
        var checks = run.Checks;
        var credential = context.Credential;
        var found = new List<(string Path, string Text, string? EndorsedId)>();
        Collect(credential, "$", found);
        if (credential["issuer"] is JsonObject issuer)
        {
            Collect(issuer, "$.issuer", found);
        }

        if (credential["credentialSubject"] is JsonObject subject && subject["achievement"] is JsonObject achievement)
        {
            Collect(achievement, "$.credentialSubject.achievement", found);
            if (achievement["creator"] is JsonObject creator)
            {
                Collect(creator, "$.credentialSubject.achievement.creator", found);
            }
        }

        if (found.Count == 0)
        {
            return;
        }

        // Endorsements of a credential nobody signed prove nothing, and verifying them would let one unsigned request
        // buy up to MaxEndorsements × (1 + MaxEndorsements) full verifications (each up to the canonicalization budget).
        if (!run.ProofVerified)
        {
            checks.Add(VerificationCheck.Skip(VerificationSteps.Endorsement, VerificationCodes.SkippedProofFailed,
                $"{found.Count} endorsement(s) not verified: endorsements are only checked once the credential's proof verified"));
            return;
        }

        if (context.Depth >= limits.MaxEndorsementDepth)
        {
            checks.Add(VerificationCheck.Warn(VerificationSteps.Endorsement, VerificationCodes.EndorsementLimitExceeded,
                $"{found.Count} endorsement(s) nested deeper than {limits.MaxEndorsementDepth} levels were not verified"));
            return;
        }

        if (found.Count > limits.MaxEndorsements)
        {
            checks.Add(VerificationCheck.Fail(VerificationSteps.Endorsement, VerificationCodes.EndorsementLimitExceeded,
                $"{found.Count} endorsements exceed the limit of {limits.MaxEndorsements}"));
            return;
        }

        foreach (var (path, text, endorsedId) in found)
        {
            var report = await verifyNested(text, context.Depth + 1, cancellationToken).ConfigureAwait(false);
            run.Endorsements.Add(report);
            if (!report.Verified)
            {
                checks.Add(VerificationCheck.Warn(VerificationSteps.Endorsement, VerificationCodes.EndorsementInvalid,
                    $"endorsement {report.CredentialId} did not verify: " + string.Join("; ", report.Failures.Select(f => f.Code).Distinct()), path));
                continue;
            }

            // A genuine endorsement of something else (copied from another issuer's profile) must not read as one of this.
            var subjects = Subjects(report.Credential);
            if (endorsedId is null || subjects is null || subjects.Any(id => !string.Equals(id, endorsedId, StringComparison.Ordinal)))
            {
                checks.Add(VerificationCheck.Warn(VerificationSteps.Endorsement, VerificationCodes.EndorsementSubjectMismatch,
                    $"endorsement {report.CredentialId} by {report.IssuerId} is about '{(subjects is null ? "(no subject id)" : string.Join(", ", subjects))}', not the endorsed object '{endorsedId ?? "(no id)"}'", path));
                continue;
            }

            checks.Add(VerificationCheck.Pass(VerificationSteps.Endorsement, VerificationCodes.Ok, $"endorsement {report.CredentialId} by {report.IssuerId} of {endorsedId} verified", path));
        }
    }

    private static void Collect(JsonObject holder, string path, List<(string Path, string Text, string? EndorsedId)> found)
    {
        // The endorsed object's own id: an endorsement is about that object only if its subject is that id.
        var endorsedId = CheckJson.Str(holder["id"]);
        if (holder["endorsement"] is JsonArray list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i] is JsonObject e)
                {
                    found.Add(($"{path}.endorsement[{i}]", e.ToJsonString(), endorsedId));
                }
            }
        }

        if (holder["endorsementJwt"] is JsonArray jwts)
        {
            for (var i = 0; i < jwts.Count; i++)
            {
                if (CheckJson.Str(jwts[i]) is { } s)
                {
                    found.Add(($"{path}.endorsementJwt[{i}]", s, endorsedId));
                }
            }
        }
    }

    /// <summary>The subject ids of a verified endorsement, or null when one of its subjects has none.</summary>
    private static List<string>? Subjects(JsonObject? endorsement)
    {
        var subjects = endorsement?["credentialSubject"] switch
        {
            JsonArray a => a.ToList(),
            JsonNode n => [n],
            null => [],
        };
        var ids = new List<string>();
        foreach (var subject in subjects)
        {
            if (subject is not JsonObject o || CheckJson.Str(o["id"]) is not { } id)
            {
                return null;
            }

            ids.Add(id);
        }

        return ids.Count == 0 ? null : ids;
    }
}
