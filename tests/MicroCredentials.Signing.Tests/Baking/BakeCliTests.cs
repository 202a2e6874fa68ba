using System.Text.Json.Nodes;
using MicroCredentials.Signing.Baking;
using MicroCredentials.Signing.Cli;
using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.Baking;

public sealed class BakeCliTests : IDisposable
{
    private const string Jwt = "eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2lnbmF0dXJl";
    private readonly string _dir = Directory.CreateTempSubdirectory("mcred-bake-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<(int Exit, string Out, string Err)> Run(params string[] args) =>
        CliRunner.RunAsync(args);

    [Theory]
    [InlineData("badge.png")]
    [InlineData("badge.svg")]
    public async Task BakesAndExtractsAJsonCredential(string sample)
    {
        var credential = new JsonObject { ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"), ["type"] = new JsonArray("VerifiableCredential"), ["issuer"] = "did:example:1" };
        var inPath = Path.Combine(_dir, "signed.json");
        File.WriteAllText(inPath, credential.ToJsonString());
        var outPath = Path.Combine(_dir, "baked" + Path.GetExtension(sample));

        var bake = await Run("bake", "--in", inPath, "--image", TestPaths.RepoFile("samples", "badges", sample), "--out", outPath);
        Assert.True(bake.Exit == 0, bake.Err);
        var extract = await Run("extract", "--in", outPath);
        Assert.True(extract.Exit == 0, extract.Err);
        Assert.True(JsonNode.DeepEquals(credential, JsonNode.Parse(extract.Out)));
    }

    [Fact]
    public async Task BakesAndExtractsAJwt()
    {
        var inPath = Path.Combine(_dir, "cred.jwt");
        File.WriteAllText(inPath, Jwt + "\n");
        var outPath = Path.Combine(_dir, "baked.png");
        Assert.Equal(0, (await Run("bake", "--in", inPath, "--image", TestPaths.RepoFile("samples", "badges", "badge.png"), "--out", outPath)).Exit);
        var extracted = Path.Combine(_dir, "out.jwt");
        Assert.Equal(0, (await Run("extract", "--in", outPath, "--out", extracted)).Exit);
        Assert.Equal(Jwt, File.ReadAllText(extracted).Trim());
    }

    [Fact]
    public async Task ExtractReportsTheBakingCode()
    {
        var (exit, stdout, stderr) = await Run("extract", "--in", TestPaths.RepoFile("samples", "badges", "badge.png"));
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal("", stdout);
        Assert.Contains(BakingException.NotFound, stderr, StringComparison.Ordinal);
    }
}
