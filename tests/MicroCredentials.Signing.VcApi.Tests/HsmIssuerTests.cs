using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Pkcs11;
using MicroCredentials.Signing.Pkcs11.Tests;
using MicroCredentials.Signing.VcApi.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.VcApi.Tests;

/// <summary>The service with its issuer key inside a real SoftHSM2 token (VcApi:Pkcs11): issue, revoke, verify.</summary>
public sealed class HsmIssuerTests : IClassFixture<SoftHsmFixture>
{
    private readonly SoftHsmFixture _hsm;

    public HsmIssuerTests(SoftHsmFixture hsm) => _hsm = hsm;

    [Fact]
    public async Task CredentialsAndTheStatusListAreSignedInsideTheToken()
    {
        var publicKey = Pkcs11Signer.GenerateKeyPair(_hsm.Options("vcapi-issuer"), KeyAlgorithm.Ed25519);
        using var factory = new VcApiFactory(new Dictionary<string, string?>
        {
            ["VcApi:Pkcs11:ModulePath"] = _hsm.ModulePath,
            ["VcApi:Pkcs11:TokenLabel"] = SoftHsmFixture.MainToken,
            ["VcApi:Pkcs11:Pin"] = SoftHsmFixture.Pin,
            ["VcApi:Pkcs11:KeyLabel"] = "vcapi-issuer",
        });
        using var http = factory.ClientWithToken("credentials:issue credentials:status");

        var issuer = (await http.GetFromJsonAsync<JsonObject>(new Uri("/issuer", UriKind.Relative)))!;
        Assert.Equal(DidKey.FromPublicKey(publicKey), (string?)issuer["controller"]);
        Assert.False(File.Exists(Path.Combine(factory.Directory, "key.json"))); // no key file was written

        var signed = await http.IssueAsync(await factory.UnsignedAsync(http), withStatus: true);
        Assert.Equal(DidKey.VerificationMethodId(publicKey), (string?)signed["proof"]!["verificationMethod"]);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = signed.DeepClone() })).Status);

        await http.PostAsync("/credentials/status", new JsonObject
        {
            ["credentialId"] = (string)signed["id"]!,
            ["credentialStatus"] = new JsonArray(new JsonObject { ["type"] = "BitstringStatusListCredential", ["status"] = "revoked" }),
        });
        var (after, body, _) = await http.PostAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = signed.DeepClone() });
        Assert.Equal(HttpStatusCode.BadRequest, after);
        Assert.Contains(body["problemDetails"]!.AsArray(), p => (string?)p!["title"] == "CREDENTIAL_REVOKED");

        var list = (await http.GetFromJsonAsync<JsonObject>(new Uri("/status/1", UriKind.Relative)))!;
        Assert.Equal(DidKey.VerificationMethodId(publicKey), (string?)list["proof"]!["verificationMethod"]);
    }

    [Fact]
    public void AWrongPinStopsTheServiceAtStartWithTheStableCode()
    {
        Pkcs11Signer.GenerateKeyPair(_hsm.Options("vcapi-pin"), KeyAlgorithm.P256);
        using var factory = new VcApiFactory(new Dictionary<string, string?>
        {
            ["VcApi:Pkcs11:ModulePath"] = _hsm.ModulePath,
            ["VcApi:Pkcs11:TokenLabel"] = SoftHsmFixture.MainToken,
            ["VcApi:Pkcs11:Pin"] = "wrong",
            ["VcApi:Pkcs11:KeyLabel"] = "vcapi-pin",
        });

        var ex = Assert.Throws<Pkcs11SignerException>(() => factory.CreateClient());
        Assert.Equal(Pkcs11ErrorCodes.PinIncorrect, ex.Code);
    }
}
