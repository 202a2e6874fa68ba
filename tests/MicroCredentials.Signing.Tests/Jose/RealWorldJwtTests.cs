using System.Text.Json.Nodes;
using MicroCredentials.Signing.Jose;
using MicroCredentials.Signing.Json;
using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.Jose;

/// <summary>The VC-JWTs found in the shared conformance data, each with the outcome listed in TestData/Jose/real-world-jwts.json.</summary>
public class RealWorldJwtTests
{
    private static JsonObject Expectations() =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Jose", "real-world-jwts.json")))!;

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var (path, _) in Expectations())
        {
            if (!path.StartsWith('_'))
            {
                data.Add(path);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task GivesTheListedOutcome(string path)
    {
        var expected = Expectations()[path]!.AsObject();
        var jwt = File.ReadAllText(TestPaths.ConformanceFile(path.Split('/')));
        var result = await VcJwt.VerifyAsync(jwt, StaticJwtKeyResolver.Empty, JoseFixtures.Options());

        Assert.False(result.Verified);
        Assert.True(expected["code"]!.GetValue<string>() == result.ErrorCode, result.ToString());
        if (expected["format"] is { } format)
        {
            Assert.Equal(Enum.Parse<VcJwtFormat>(format.GetValue<string>()), result.Format);
            Assert.NotNull(result.Credential);
            Assert.Equal(expected["claimsAgree"]!.GetValue<bool>(), VcJwt.CheckClaims(result.Claims!, result.Credential!, VcJwt.IssuerId(result.Credential!)!, result.Format!.Value) is null);
        }
    }

    [Fact]
    public void TheEduCredentialsPayloadFixtureHasAgreeingClaims()
    {
        // The OB 3.0 "credential is the payload" shape, with iss/jti/sub mixed into the credential.
        var payload = SafeJson.ParseObject(File.ReadAllBytes(TestPaths.ConformanceFile("in-the-wild", "educredentials-ec-issuer", "vc-jwt-payload-fixture.json")));
        var credential = (JsonObject)payload.DeepClone();
        credential.Remove("iss");
        credential.Remove("jti");
        credential.Remove("sub");
        Assert.Null(VcJwt.CheckClaims(payload, credential, VcJwt.IssuerId(credential)!, VcJwtFormat.VcJwt));
        payload["jti"] = "http://example.com/credentials/other";
        Assert.NotNull(VcJwt.CheckClaims(payload, credential, VcJwt.IssuerId(credential)!, VcJwtFormat.VcJwt));
    }
}
