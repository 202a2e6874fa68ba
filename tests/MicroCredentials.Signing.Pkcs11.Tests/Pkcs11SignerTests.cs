using System.Text;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Issuance;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Model;
using MicroCredentials.Signing.Verification;
using Net.Pkcs11Interop.Common;
using Xunit;

namespace MicroCredentials.Signing.Pkcs11.Tests;

/// <summary>Issue and verify with keys generated inside a real SoftHSM2 token; the failure modes a deployment meets.</summary>
[Collection(SoftHsmCollection.Name)]
public sealed class Pkcs11SignerTests(SoftHsmFixture hsm)
{
    public static TheoryData<string> Algorithms => new() { "Ed25519", "P-256", "P-384" };

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task IssuedCredentialVerifiesWithThePublicKeyReadFromTheToken(string algorithmName)
    {
        var algorithm = KeyAlgorithm.FromName(algorithmName)!;
        var label = "issue-" + algorithmName;
        var generated = Pkcs11Signer.GenerateKeyPair(hsm.Options(label), algorithm);
        using var signer = Pkcs11Signer.Open(hsm.Options(label));

        Assert.Same(algorithm, signer.Algorithm);
        Assert.Equal(generated, signer.PublicKey);
        Assert.Equal(DidKey.VerificationMethodId(signer.PublicKey), signer.VerificationMethodId);

        var controller = DidKey.FromPublicKey(signer.PublicKey);
        var elements = MicroCredentialJson.Parse(File.ReadAllText(RepoFile("samples", "elements", "rich-valid.json")));
        elements = elements with { AwardingBodies = [elements.AwardingBodies[0] with { Id = controller }] };
        var suite = algorithm == KeyAlgorithm.Ed25519 ? Cryptosuite.EddsaRdfc2022 : Cryptosuite.EcdsaRdfc2019;
        var credential = await new CredentialIssuer().IssueAsync(elements, signer, new IssueOptions { Cryptosuite = suite });

        Assert.Equal(suite.Name, (string?)credential["proof"]!["cryptosuite"]);
        Assert.Equal(signer.VerificationMethodId, (string?)credential["proof"]!["verificationMethod"]);
        var report = await new CredentialVerifier().VerifyAsync(credential);
        Assert.True(report.Verified, string.Join("; ", report.Failures));

        // The same credential with one changed claim must fail: the proof really covers the token's signature.
        var tampered = (JsonObject)credential.DeepClone();
        tampered["credentialSubject"]!["achievement"]!["name"] = "Something else";
        Assert.False((await new CredentialVerifier().VerifyAsync(tampered)).Verified);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task SignaturesAreRawAndVerifyWithTheTokensPublicKey(string algorithmName)
    {
        var algorithm = KeyAlgorithm.FromName(algorithmName)!;
        var label = "raw-" + algorithmName;
        Pkcs11Signer.GenerateKeyPair(hsm.Options(label), algorithm);
        using var signer = Pkcs11Signer.Open(hsm.Options(label));
        var data = Encoding.UTF8.GetBytes("options-hash || document-hash, any length " + algorithmName);

        var signature = await signer.SignAsync(data);

        Assert.Equal(algorithm.SignatureSize, signature.Length);
        Assert.True(signer.PublicKey.Verify(data, signature));
        Assert.False(signer.PublicKey.Verify(Encoding.UTF8.GetBytes("other data"), signature));
    }

    [Fact]
    public async Task OneSignerSignsFromManyThreads()
    {
        Pkcs11Signer.GenerateKeyPair(hsm.Options("parallel"), KeyAlgorithm.P256);
        using var signer = Pkcs11Signer.Open(hsm.Options("parallel"));

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
        {
            var data = BitConverter.GetBytes(i);
            return (data, signature: await signer.SignAsync(data));
        })));

        Assert.All(results, r => Assert.True(signer.PublicKey.Verify(r.data, r.signature)));
    }

    [Fact]
    public void WrongPinIsRefusedWithPinIncorrect()
    {
        Pkcs11Signer.GenerateKeyPair(hsm.Options("pin"), KeyAlgorithm.Ed25519);

        var ex = Assert.Throws<Pkcs11SignerException>(() => Pkcs11Signer.Open(hsm.Options("pin", pin: "not-the-pin")));

        Assert.Equal(Pkcs11ErrorCodes.PinIncorrect, ex.Code);
        Assert.Equal(0xA0UL, ex.ReturnValue); // CKR_PIN_INCORRECT
        Assert.Contains(SoftHsmFixture.MainToken, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingKeyIsKeyNotFound()
    {
        var ex = Assert.Throws<Pkcs11SignerException>(() => Pkcs11Signer.Open(hsm.Options("no-such-key")));

        Assert.Equal(Pkcs11ErrorCodes.KeyNotFound, ex.Code);
        Assert.Contains("no-such-key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyWithTheRightLabelButAnotherIdIsKeyNotFound()
    {
        Pkcs11Signer.GenerateKeyPair(hsm.Options("by-id") with { KeyId = new byte[] { 1, 2, 3 } }, KeyAlgorithm.P384);

        using (var byId = Pkcs11Signer.Open(hsm.Options("by-id") with { KeyId = new byte[] { 1, 2, 3 } }))
        {
            Assert.Same(KeyAlgorithm.P384, byId.Algorithm);
        }

        var ex = Assert.Throws<Pkcs11SignerException>(() => Pkcs11Signer.Open(hsm.Options("by-id") with { KeyId = new byte[] { 9 } }));
        Assert.Equal(Pkcs11ErrorCodes.KeyNotFound, ex.Code);
    }

    [Fact]
    public void MissingTokenIsTokenNotPresent()
    {
        var ex = Assert.Throws<Pkcs11SignerException>(() => Pkcs11Signer.Open(hsm.Options("any", token: "never-initialised")));

        Assert.Equal(Pkcs11ErrorCodes.TokenNotPresent, ex.Code);
        Assert.Contains("never-initialised", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingModuleIsModuleLoadFailed()
    {
        var options = hsm.Options("any") with { ModulePath = Path.Combine(hsm.Directory, "no-such-module.so") };

        var ex = Assert.Throws<Pkcs11SignerException>(() => Pkcs11Signer.Open(options));

        Assert.Equal(Pkcs11ErrorCodes.ModuleLoadFailed, ex.Code);
    }

    [Fact]
    public async Task RemovedTokenFailsSigningWithTokenRemovedAndReopeningWithTokenNotPresent()
    {
        var options = hsm.Options("removable", token: SoftHsmFixture.RemovableToken);
        Pkcs11Signer.GenerateKeyPair(options, KeyAlgorithm.Ed25519);
        using var signer = Pkcs11Signer.Open(options);
        var data = "before removal"u8.ToArray();
        var before = await signer.SignAsync(data);
        Assert.True(signer.PublicKey.Verify(data, before));

        // Pull the token: SoftHSM2 keeps each token in its own folder under the token directory.
        hsm.SoftHsmUtil("--delete-token", "--token", SoftHsmFixture.RemovableToken);

        var ex = await Assert.ThrowsAsync<Pkcs11SignerException>(async () => await signer.SignAsync(new byte[] { 1, 2, 3 }));
        Assert.Equal(Pkcs11ErrorCodes.TokenRemoved, ex.Code);
        Assert.NotNull(ex.ReturnValue);

        var reopen = Assert.Throws<Pkcs11SignerException>(() => Pkcs11Signer.Open(options));
        Assert.True(reopen.Code == Pkcs11ErrorCodes.TokenNotPresent, reopen.Message);
    }

    [Fact]
    public void GeneratedPrivateKeyIsSensitiveAndNotExtractable()
    {
        var options = hsm.Options("sensitive");
        Pkcs11Signer.GenerateKeyPair(options, KeyAlgorithm.P256);

        // Through the same shared module the signer uses (a second C_Initialize in one process is refused).
        var module = Pkcs11Module.Acquire(options.ModulePath);
        try
        {
            using var session = Pkcs11Session.OpenUserSession(module, options, readWrite: false);
            var key = Pkcs11Session.FindOne(session, CKO.CKO_PRIVATE_KEY, options, required: true)!;
            var attributes = session.GetAttributeValue(key, [CKA.CKA_SENSITIVE, CKA.CKA_EXTRACTABLE, CKA.CKA_VALUE]);

            Assert.True(attributes[0].GetValueAsBool());
            Assert.False(attributes[1].GetValueAsBool());
            Assert.True(attributes[2].CannotBeRead); // the token refuses to reveal the scalar
        }
        finally
        {
            module.Release();
        }
    }

    private static string RepoFile(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MicroCredentials.Signing.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine([dir?.FullName ?? throw new DirectoryNotFoundException("repository root not found"), .. parts]);
    }
}
