using System.Text.Json.Nodes;

namespace MicroCredentials.Signing.TestSupport;

/// <summary>Unsigned credentials the tests sign and tamper with; every member that a test may assert on is a parameter.</summary>
public static class TestCredentials
{
    /// <summary>The VC 2.0 and Open Badges 3.0.3 contexts, in that order.</summary>
    public static JsonArray OpenBadgeContexts() => new("https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json");

    /// <summary>
    /// An OB 3.0 <c>OpenBadgeCredential</c> (VC 2.0) by <paramref name="issuer"/> (a profile named
    /// <paramref name="issuerName"/>) about <paramref name="subject"/>, who holds the achievement
    /// <paramref name="achievement"/> (an <c>Achievement</c> with id https://example.edu/achievements/1; with a
    /// description and criteria narrative when <paramref name="achievementDescription"/> is given).
    /// </summary>
    public static JsonObject OpenBadge(
        string issuer,
        string id,
        string subject,
        string issuerName,
        string name,
        string achievement,
        string validFrom,
        string validUntil,
        string? achievementDescription = null,
        string criteriaNarrative = "Pass the exam.")
    {
        var achievementNode = new JsonObject
        {
            ["id"] = "https://example.edu/achievements/1",
            ["type"] = new JsonArray("Achievement"),
            ["name"] = achievement,
        };
        if (achievementDescription is not null)
        {
            achievementNode["description"] = achievementDescription;
            achievementNode["criteria"] = new JsonObject { ["narrative"] = criteriaNarrative };
        }

        return new JsonObject
        {
            ["@context"] = OpenBadgeContexts(),
            ["id"] = id,
            ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
            ["issuer"] = new JsonObject { ["id"] = issuer, ["type"] = new JsonArray("Profile"), ["name"] = issuerName },
            ["validFrom"] = validFrom,
            ["validUntil"] = validUntil,
            ["name"] = name,
            ["credentialSubject"] = new JsonObject
            {
                ["id"] = subject,
                ["type"] = new JsonArray("AchievementSubject"),
                ["achievement"] = achievementNode,
            },
        };
    }
}
