using System.Text.Json.Nodes;
using Xunit;

namespace MicroCredentials.Signing.Tests.Mapping;

public class ExpansionTests
{
    [Fact]
    public void Every_sample_credential_expands_in_reference_safe_mode_with_no_dropped_terms()
    {
        var credentials = MappingSamples.Credentials().ToList();
        var outcomes = ModelInterop.Expand(credentials.Select(c => (c.Name, (JsonNode)c.Credential)));

        Assert.Equal(credentials.Count, outcomes.Count);
        var failures = outcomes.Where(o => !o.Ok).Select(o => $"{o.Name}: {o.Error}").ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Extension_terms_expand_to_the_mcred_vocabulary()
    {
        var rich = MappingSamples.Credentials().First(c => c.Name == "rich-valid.json vc2.0");
        var outcome = ModelInterop.Expand([(rich.Name, rich.Credential)]).Single();
        Assert.True(outcome.Ok, outcome.Error);
        var text = outcome.Expanded!.ToJsonString();
        foreach (var term in new[] { "assessmentType", "participationForm", "qualityAssurance", "qualityAssuranceUrl", "supervisionAndIdentityVerification",
                     "prerequisites", "integrationStackability", "stackableTowards", "furtherInformation", "creditUnit", "workloadHours",
                     "qfEheaCycle", "nqfLevel", "issuerLocation", "awardingBody" })
        {
            Assert.Contains($"\"https://w3id.org/mcred/vocab#{term}\"", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_reference_check_detects_a_dropped_term()
    {
        var rich = MappingSamples.Credentials().First(c => c.Name == "minimal-valid.json vc2.0").Credential;
        rich["credentialSubject"]!["achievement"]!["notATerm"] = "x";
        var outcome = ModelInterop.Expand([("tampered", rich)]).Single();
        Assert.False(outcome.Ok);
    }
}
