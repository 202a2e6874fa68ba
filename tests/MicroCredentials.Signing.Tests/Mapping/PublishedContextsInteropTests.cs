using System.Text.Json.Nodes;
using MicroCredentials.Signing.Issuance;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Mapping;
using MicroCredentials.Signing.Model;
using MicroCredentials.Signing.Tests.Canonicalization;
using MicroCredentials.Signing.Verification;
using Xunit;
using MicroCredentials.Signing.Dids;

namespace MicroCredentials.Signing.Tests.Mapping;

/// <summary>
/// Issue 15 §5: a credential we issue carries the extension's term definitions inline, so Digital Bazaar's stack
/// (jsonld.js safe-mode expansion, ajv over the OB 3.0 schema, @digitalbazaar/vc verification) handles it with only the
/// published contexts (tests/interop/published-contexts.mjs); the old URL form needs our unpublished file, and fails.
/// </summary>
public class PublishedContextsInteropTests
{
    private static async Task<JsonObject> IssueAsync(string sample, VcDataModelVersion version, ExtensionContextForm form, KeyFile key)
    {
        var elements = MappingSamples.Load(sample);
        elements = elements with { AwardingBodies = [elements.AwardingBodies[0] with { Id = key.Controller }, .. elements.AwardingBodies.Skip(1)] };
        return await new CredentialIssuer().IssueAsync(elements, key.CreateSigner(),
            new IssueOptions { Mapping = new MappingOptions { VcVersion = version, ExtensionContext = form } });
    }

    private static async Task<JsonNode> RunAsync(IEnumerable<JsonObject> credentials)
    {
        var request = new JsonObject
        {
            ["credentials"] = new JsonArray(credentials.Select(c => (JsonNode)c.DeepClone()).ToArray()),
            ["now"] = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
        return JsonNode.Parse(await NodeInterop.RunAsync("published-contexts.mjs", request.ToJsonString()))!;
    }

    [Fact]
    public async Task Issued_credentials_expand_validate_and_verify_with_only_the_published_contexts()
    {
        using var key = KeyFile.Generate(KeyAlgorithm.Ed25519);
        var credentials = new List<(string Name, JsonObject Credential)>();
        foreach (var sample in new[] { "minimal-valid.json", "rich-valid.json", "eu-concepts-valid.json" })
        {
            foreach (var version in new[] { VcDataModelVersion.V2, VcDataModelVersion.V1_1 })
            {
                credentials.Add(($"{sample} {version}", await IssueAsync(sample, version, ExtensionContextForm.Inline, key)));
            }
        }

        // Our own verifier agrees, and the reader still recognises our extension in its inline form.
        foreach (var (name, credential) in credentials)
        {
            var report = await new CredentialVerifier().VerifyAsync(credential.ToJsonString());
            Assert.True(report.Verified, name + ": " + string.Join("; ", report.Failures));
            Assert.True(OpenBadgesMapper.FromCredential(credential).IsComplete, name);
        }

        var response = await RunAsync(credentials.Select(c => c.Credential));
        var results = response["results"]!.AsArray();
        for (var i = 0; i < credentials.Count; i++)
        {
            var r = results[i]!;
            var name = credentials[i].Name;
            Assert.True((bool)r["expanded"]!, $"{name}: jsonld.js safe-mode expansion failed: {r["expandError"]}");
            if (credentials[i].Name.EndsWith(nameof(VcDataModelVersion.V2), StringComparison.Ordinal))
            {
                Assert.True((bool)r["schemaValid"]!, $"{name}: ajv OB 3.0 schema: {r["schemaErrors"]!.ToJsonString()}");
            }
            else
            {
                // 1EdTech's schema is written for VC 2.0: a VC 1.1 credential differs exactly in its base context and date.
                Assert.Equal([" required", "/@context/0 enum"], r["schemaErrors"]!.AsArray().Select(e => string.Join(' ', ((string)e!).Split(' ').Take(2))).Order(StringComparer.Ordinal));
            }
            Assert.True((bool)r["verified"]!, $"{name}: @digitalbazaar/vc: {r["verifyError"]}");
        }

        var loaded = response["loaded"]!.AsArray().Select(u => (string)u!).ToList();
        Assert.Contains("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", loaded);
        Assert.DoesNotContain(loaded, u => u.Contains("w3id.org/mcred", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_credential_with_the_unpublished_context_url_fails_there_but_is_still_read_and_verified_here()
    {
        using var key = KeyFile.Generate(KeyAlgorithm.Ed25519);
        var legacy = await IssueAsync("rich-valid.json", VcDataModelVersion.V2, ExtensionContextForm.Url, key);
        Assert.Equal(OpenBadgesMapper.ExtensionContextUrl, (string)legacy["@context"]![2]!);

        var r = (await RunAsync([legacy]))["results"]![0]!;
        Assert.False((bool)r["expanded"]!);
        Assert.Contains("w3id.org/mcred/v1", (string)r["expandError"]!, StringComparison.Ordinal);
        Assert.False((bool)r["verified"]!);

        // Credentials that used the old URL keep working with this library (the file is bundled).
        var report = await new CredentialVerifier().VerifyAsync(legacy.ToJsonString());
        Assert.True(report.Verified, string.Join("; ", report.Failures));
        var read = OpenBadgesMapper.FromCredential(legacy);
        Assert.True(read.ClaimsMicroCredential);
        Assert.True(read.IsComplete);
        Assert.Equal(MicroCredentialJson.Serialize(MappingSamples.Load("rich-valid.json") with { AwardingBodies = read.Elements.AwardingBodies }),
            MicroCredentialJson.Serialize(read.Elements));
    }
}
