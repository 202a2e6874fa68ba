using System.Text.Json.Nodes;
using MicroCredentials.Signing.Cli;
using MicroCredentials.Signing.Jose;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Tests.Support;
using Xunit;
using static MicroCredentials.Signing.Tests.Jose.JoseFixtures;
using MicroCredentials.Signing.Dids;

namespace MicroCredentials.Signing.Tests.Jose;

public sealed class SignJwtCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mcred-jose-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<(int Exit, string Out, string Err)> Run(params string[] args) =>
        CliRunner.RunAsync(args);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task SignsWithAMultikeyFile()
    {
        using var key = Ed25519Key();
        using var keyFile = KeyFile.Create(Ed25519Key(), global::MicroCredentials.Signing.Dids.DidKey.VerificationMethodId(key.PublicKey), DidKeyOf(key));
        var keyPath = Write("key.json", keyFile.ToJson().ToJsonString());
        var inPath = Write("unsigned.json", Credential(DidKeyOf(key)).ToJsonString());

        var (exit, stdout, stderr) = await Run("sign-jwt", "--in", inPath, "--key", keyPath, "--alg", "EdDSA");
        Assert.True(exit == 0, stderr);
        var result = await VcJwt.VerifyAsync(stdout.Trim(), StaticJwtKeyResolver.Empty, Options());
        Assert.True(result.Verified, result.ToString());
    }

    [Fact]
    public async Task SignsWithAnRsaJwkToAFileAsVcJwt()
    {
        using var key = RsaKey();
        var keyPath = Write("rsa.json", key.ToJwk(includePrivate: true).ToJsonString());
        var inPath = Write("unsigned.json", Credential(HttpsIssuer).ToJsonString());
        var outPath = Path.Combine(_dir, "cred.jwt");

        var (exit, _, stderr) = await Run("sign-jwt", "--in", inPath, "--key", keyPath, "--format", "vc+jwt", "--embed-jwk", "--out", outPath);
        Assert.True(exit == 0, stderr);
        var result = await VcJwt.VerifyAsync(File.ReadAllText(outPath).Trim(), RsaResolver(key), Options());
        Assert.True(result.Verified, result.ToString());
        Assert.Equal(VcJwtFormat.VcJwt, result.Format);
        Assert.True(result.Header!.ContainsKey("jwk"));
    }

    [Fact]
    public async Task RefusesAnAlgThatDoesNotMatchTheKey()
    {
        using var key = RsaKey();
        var keyPath = Write("rsa.json", key.ToJwk(includePrivate: true).ToJsonString());
        var inPath = Write("unsigned.json", Credential(HttpsIssuer).ToJsonString());
        var (exit, stdout, stderr) = await Run("sign-jwt", "--in", inPath, "--key", keyPath, "--alg", "ES256");
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal("", stdout);
        Assert.Contains("RS256", stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, (await Run("sign-jwt", "--in", inPath, "--key", keyPath, "--alg", "HS256")).Exit);
    }

    [Fact]
    public async Task RefusesDuplicateMembersInTheInput()
    {
        using var key = RsaKey();
        var keyPath = Write("rsa.json", key.ToJwk(includePrivate: true).ToJsonString());
        var inPath = Write("unsigned.json", """{"issuer":"https://example.edu/issuers/565049","issuer":"https://evil.example"}""");
        var (exit, _, stderr) = await Run("sign-jwt", "--in", inPath, "--key", keyPath);
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("INPUT_DUPLICATE_MEMBER", stderr, StringComparison.Ordinal);
    }
}
