using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Cli;
using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.Canonicalization;

public sealed class CanonicalizeCommandTests
{
    private static Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) =>
        CliRunner.RunAsync(args);

    [Fact]
    public async Task Nquads_input_prints_canonical_nquads()
    {
        var (exit, output, _) = await RunAsync("canonicalize", "--nquads", TestPaths.ConformanceFile("rdf-canon", "rdfc10", "test020-in.nq"));
        Assert.Equal(0, exit);
        Assert.Equal(File.ReadAllText(TestPaths.ConformanceFile("rdf-canon", "rdfc10", "test020-rdfc10.nq")), output);
    }

    [Theory]
    [InlineData("sha256")]
    [InlineData("sha384")]
    public async Task Digest_option_prints_json_with_the_digest(string algorithm)
    {
        var (exit, output, _) = await RunAsync("canonicalize", "--nquads", TestPaths.ConformanceFile("rdf-canon", "rdfc10", "test020-in.nq"), "--digest", algorithm);
        Assert.Equal(0, exit);
        var json = JsonNode.Parse(output)!;
        var expected = File.ReadAllText(TestPaths.ConformanceFile("rdf-canon", "rdfc10", "test020-rdfc10.nq"));
        var bytes = Encoding.UTF8.GetBytes(expected);
        var digest = algorithm == "sha256" ? SHA256.HashData(bytes) : SHA384.HashData(bytes);
        Assert.Equal(expected, (string)json["nquads"]!);
        Assert.Equal(Convert.ToHexString(digest).ToLowerInvariant(), (string)json["digest"]!);
        Assert.Equal(algorithm, (string)json["digestAlgorithm"]!);
        Assert.Equal("sha256", (string)json["hashAlgorithm"]!);
    }

    // rdf-canon test075c: the test020 diamond under RDFC-1.0 with SHA-384, whose blank node labels differ from SHA-256's.
    [Fact]
    public async Task Hash_option_selects_the_rdfc_hash_algorithm()
    {
        var input = TestPaths.ConformanceFile("rdf-canon", "rdfc10", "test075-in.nq");
        var expected = File.ReadAllText(TestPaths.ConformanceFile("rdf-canon", "rdfc10", "test075-rdfc10.nq"));

        var (exit, output, err) = await RunAsync("canonicalize", "--nquads", input, "--hash", "sha384");
        Assert.True(exit == 0, err);
        Assert.Equal(expected, output);

        var sha256 = await RunAsync("canonicalize", "--nquads", input);
        Assert.NotEqual(expected, sha256.Out);

        var both = JsonNode.Parse((await RunAsync("canonicalize", "--nquads", input, "--hash", "sha384", "--digest", "sha256")).Out)!;
        Assert.Equal(expected, (string)both["nquads"]!);
        Assert.Equal("sha384", (string)both["hashAlgorithm"]!);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(expected))).ToLowerInvariant(), (string)both["digest"]!);
    }

    [Fact]
    public async Task Json_ld_input_reproduces_the_open_badges_vector()
    {
        var folder = TestPaths.ConformanceFile("openbadges-3.0", "test-vectors", "eddsa-rdfc-2022");
        var (exit, output, err) = await RunAsync("canonicalize", "--in", Path.Combine(folder, "unsigned.json"));
        Assert.True(exit == 0, err);
        Assert.Equal(File.ReadAllText(Path.Combine(folder, "documentCanon.nq")), output);
    }

    [Fact]
    public async Task Poison_graph_is_refused_with_exit_1()
    {
        var (exit, _, err) = await RunAsync("canonicalize", "--nquads", TestPaths.ConformanceFile("rdf-canon", "rdfc10", "test074-in.nq"));
        Assert.Equal(ExitCodes.NotVerified, exit);
        Assert.Contains("RDFC_WORK_LIMIT_EXCEEDED", err);
    }

    [Fact]
    public async Task Malformed_nquads_is_a_usage_error_naming_the_line()
    {
        var path = Path.Combine(Path.GetTempPath(), "mcred-rdfc-" + Guid.NewGuid().ToString("N") + ".nq");
        await File.WriteAllTextAsync(path, "<urn:s> <urn:p> <urn:o> .\n<urn:s> <urn:p> \"open .\n");
        try
        {
            var (exit, _, err) = await RunAsync("canonicalize", "--nquads", path);
            Assert.Equal(ExitCodes.Usage, exit);
            Assert.Contains("line 2", err);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData]
    [InlineData("--in", "a.json", "--nquads", "b.nq")]
    public async Task Exactly_one_input_is_required(params string[] extra)
    {
        var (exit, _, err) = await RunAsync(["canonicalize", .. extra]);
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("exactly one", err);
    }

    [Theory]
    [InlineData("--hash")]
    [InlineData("--digest")]
    public async Task Unknown_hash_algorithm_is_a_usage_error(string option)
    {
        var (exit, _, _) = await RunAsync("canonicalize", "--nquads", "x.nq", option, "md5");
        Assert.Equal(ExitCodes.Usage, exit);
    }
}
