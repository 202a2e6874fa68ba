using System.Text.Json.Nodes;
using MicroCredentials.Signing.Verification;
using Xunit;
using static MicroCredentials.Signing.Tests.Hostile.HostileFixture;

namespace MicroCredentials.Signing.Tests.Verification;

/// <summary>
/// Issue 13 §1: authenticity and conformance are separate answers. Under the default <see cref="SchemaPolicy.Warn"/>,
/// a genuine credential that violates the OB 3.0 schema it does not declare verifies with a warning naming the field;
/// a schema it declares fails it; <see cref="SchemaPolicy.Strict"/> fails any violation; Off skips the check.
/// </summary>
public sealed class SchemaPolicyTests
{
    private const string ObSchema = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json";

    /// <summary>A signed credential whose issuer image is a bare URL string, as MIT Learn's certificates have it.</summary>
    private static async Task<JsonObject> ImageAsStringAsync()
    {
        using var issuer = IssuerEd25519();
        var credential = Credential(Did(issuer));
        credential["issuer"]!["image"] = "https://example.edu/logo.png";
        return await SignAsync(credential, issuer);
    }

    [Fact]
    public async Task An_undeclared_schema_violation_is_a_warning_that_names_the_field()
    {
        var report = await VerifyAsync(await ImageAsStringAsync());
        AssertVerified(report);
        Assert.Contains(report.Checks, c => c.Check == VerificationSteps.Schema && c.Status == CheckStatus.Warning && c.Code == VerificationCodes.SchemaInvalid && c.Path!.StartsWith("$.issuer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_declared_schema_that_is_violated_fails_under_the_default_policy()
    {
        // Unsigned (the bundled contexts do not define the credentialSchema type for signing in safe mode); the schema
        // check does not depend on the proof.
        using var issuer = IssuerEd25519();
        var credential = Credential(Did(issuer));
        credential["issuer"]!["image"] = "https://example.edu/logo.png";
        credential["credentialSchema"] = new JsonArray(new JsonObject { ["id"] = ObSchema, ["type"] = "1EdTechJsonSchemaValidator2019" });
        var report = await VerifyAsync(credential);
        Assert.Contains(report.Checks, c => c.Check == VerificationSteps.Schema && c.Status == CheckStatus.Failed && c.Code == VerificationCodes.SchemaInvalid);
    }

    [Fact]
    public async Task Strict_fails_the_same_credential()
    {
        var report = await VerifyAsync(await ImageAsStringAsync(), new() { Schema = SchemaPolicy.Strict });
        AssertFails(report, VerificationSteps.Schema, VerificationCodes.SchemaInvalid);
    }

    [Fact]
    public async Task Off_skips_the_schema_check()
    {
        var report = await VerifyAsync(await ImageAsStringAsync(), new() { Schema = SchemaPolicy.Off });
        AssertVerified(report);
        Assert.Contains(report.Checks, c => c.Check == VerificationSteps.Schema && c.Status == CheckStatus.Skipped);
    }
}
