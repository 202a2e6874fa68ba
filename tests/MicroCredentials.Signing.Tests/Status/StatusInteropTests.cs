using System.Text.Json.Nodes;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Tests.Canonicalization;
using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.Status;

/// <summary>Cross-checks with the reference implementation (npm @digitalbazaar/vc-bitstring-status-list) through node.</summary>
public class StatusInteropTests
{
    private static readonly int[] Indices = [0, 7, 8, 23, 4242, 65_535, 131_071];

    [Fact]
    public async Task Lists_we_encode_decode_to_the_same_bits_in_the_reference_implementation()
    {
        var list = new BitstringStatusList();
        foreach (var i in Indices)
        {
            list.SetStatus(i, 1);
        }

        var answer = await NodeAsync(new JsonObject { ["op"] = "decode", ["encodedList"] = list.Encode() });
        Assert.Equal(list.Length, answer["length"]!.GetValue<int>());
        Assert.Equal(Indices, answer["set"]!.AsArray().Select(n => n!.GetValue<int>()));
    }

    [Fact]
    public async Task Lists_the_reference_implementation_encodes_we_decode_identically()
    {
        var answer = await NodeAsync(new JsonObject { ["op"] = "encode", ["length"] = 131_072, ["set"] = new JsonArray(Indices.Select(i => (JsonNode)i).ToArray()) });
        var list = BitstringStatusList.Decode(answer["encodedList"]!.GetValue<string>());
        Assert.Equal(131_072, list.Length);
        Assert.Equal(Indices, list.NonZeroIndices());
    }

    [Fact]
    public async Task A_credential_whose_bit_the_reference_implementation_sets_is_reported_revoked()
    {
        using var t = new TestIssuer();
        const string url = "https://issuer.example/status/interop";
        var def = new StatusListDefinition(url, StatusPurposes.Revocation);
        var credential = t.Credential();
        var entry = StatusListCredentials.CreateEntry(def, 4242);
        credential["credentialStatus"] = entry;
        var answer = await NodeAsync(new JsonObject { ["op"] = "encode", ["length"] = 131_072, ["set"] = new JsonArray(4242) });
        var unsigned = StatusListCredentials.CreateCredential(url, StatusPurposes.Revocation, new BitstringStatusList(), t.ListOptions);
        unsigned["credentialSubject"]!["encodedList"] = answer["encodedList"]!.GetValue<string>();
        var list = await t.SignAsync(unsigned);
        var checker = new BitstringStatusListChecker(new StaticStatusListResolver(new Dictionary<string, JsonObject> { [url] = list }), TestIssuer.Verifier(t.Clock), timeProvider: t.Clock);

        var revoked = await checker.CheckAsync(credential, entry);
        Assert.Null(revoked.ErrorCode);
        Assert.Equal(1, revoked.Status);
        Assert.False(revoked.Valid);

        var other = await checker.CheckAsync(credential, StatusListCredentials.CreateEntry(def, 4241));
        Assert.True(other.Valid);
    }

    private static async Task<JsonNode> NodeAsync(JsonObject request)
    {
        var dir = TestPaths.RepoFile("tests", "interop");
        Assert.True(Directory.Exists(Path.Combine(dir, "node_modules", "@digitalbazaar", "vc-bitstring-status-list")), $"node_modules missing in {dir}: run 'npm ci' there");
        return JsonNode.Parse(await NodeInterop.RunAsync("status-bitstring.mjs", request.ToJsonString()))!;
    }
}
