using System.CommandLine;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Cli;
using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.Cli;

/// <summary>
/// One name per concept across the commands (<c>--store</c>, <c>--status-list</c>, <c>--count</c>, <c>--schema off</c>),
/// each former name still accepted but hidden from help.
/// </summary>
public sealed class CliOptionNamesTests : IDisposable
{
    private const string List = "https://issuer.example.edu/status/names";
    private readonly string _dir = Directory.CreateTempSubdirectory("mcred-names-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private string F(string name) => Path.Combine(_dir, name);

    private async Task<string> KeyAsync()
    {
        if (!File.Exists(F("key.json")))
        {
            Assert.Equal(0, (await CliRunner.RunAsync("keygen", "--out", F("key.json"))).Exit);
        }

        return F("key.json");
    }

    [Theory]
    [InlineData("--store")]
    [InlineData("--db")]
    public async Task IssueTakesTheStoreUnderEitherName(string name)
    {
        var (exit, _, err) = await CliRunner.RunAsync("issue", "--elements", TestPaths.RepoFile("samples", "elements", "rich-valid.json"), "--key", await KeyAsync(),
            "--status-list", List, name, F("issue.db"), "--out", F("cred.json"));
        Assert.True(exit == ExitCodes.Success, err);
        Assert.True(File.Exists(F("issue.db")));
        Assert.Equal(List, (string?)JsonNode.Parse(File.ReadAllText(F("cred.json")))!["credentialStatus"]!["statusListCredential"]);
    }

    [Theory]
    [InlineData("--store")]
    [InlineData("--db")]
    public async Task DemoTakesTheStoreUnderEitherName(string name)
    {
        var (exit, stdout, err) = await CliRunner.RunAsync("demo", name, F("demo.db"), "--dir", _dir);
        Assert.True(exit == ExitCodes.Success, err);
        Assert.True(File.Exists(F("demo.db")));
        Assert.Contains("VERIFIED", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--status-list")]
    [InlineData("--list")]
    public async Task AllocateTakesTheListUnderEitherName(string name)
    {
        var (exit, stdout, err) = await CliRunner.RunAsync("status", "allocate", name, List, "--purpose", "revocation", "--store", F("alloc.db"), "--count", "2");
        Assert.True(exit == ExitCodes.Success, err);
        var entries = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal(List, (string?)e["statusListCredential"]));
    }

    [Theory]
    [InlineData("--status-list")]
    [InlineData("--id")]
    public async Task StatusCreateTakesTheListUnderEitherName(string name)
    {
        var (exit, stdout, err) = await CliRunner.RunAsync("status", "create", "--purpose", "revocation", "--key", await KeyAsync(), name, List);
        Assert.True(exit == ExitCodes.Success, err);
        Assert.Equal(List, (string?)JsonNode.Parse(stdout)!["id"]);
    }

    [Theory]
    [InlineData("--count")]
    [InlineData("--n")]
    public async Task BenchTakesTheCountUnderEitherName(string name)
    {
        Assert.Equal(0, (await CliRunner.RunAsync("map", "--elements", TestPaths.RepoFile("samples", "elements", "rich-valid.json"), "--out", F("unsigned.json"))).Exit);
        var (exit, _, err) = await CliRunner.RunAsync("bench", "--in", F("unsigned.json"), name, "1");
        Assert.True(exit == ExitCodes.Success, err);

        var zero = await CliRunner.RunAsync("bench", "--in", F("unsigned.json"), name, "0");
        Assert.Equal(ExitCodes.Usage, zero.Exit);
        Assert.Contains("--count must be at least 1", zero.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--no-schema")]
    [InlineData("--schema", "off")]
    public async Task VerifySkipsTheSchemaUnderEitherSpelling(params string[] spelling)
    {
        Assert.Equal(0, (await CliRunner.RunAsync("issue", "--elements", TestPaths.RepoFile("samples", "elements", "rich-valid.json"), "--key", await KeyAsync(), "--out", F("cred.json"))).Exit);
        var (exit, stdout, _) = await CliRunner.RunAsync(["verify", "--in", F("cred.json"), .. spelling]);
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains(JsonNode.Parse(stdout)!["checks"]!.AsArray(), c => (string?)c!["check"] == "schema" && (string?)c["status"] == "skipped");
    }

    [Fact]
    public async Task AnOptionGivenUnderTwoNamesIsAUsageError()
    {
        var (exit, stdout, err) = await CliRunner.RunAsync("status", "allocate", "--status-list", List, "--list", List, "--store", F("x.db"));
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("--status-list", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARequiredRenamedOptionGivenUnderNoNameIsAUsageError()
    {
        var (exit, _, err) = await CliRunner.RunAsync("status", "allocate", "--store", F("x.db"));
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("'--status-list' is required", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpShowsNoFormerName()
    {
        var root = Program.CreateRoot(new CliConsole(TextWriter.Null, TextWriter.Null));
        foreach (var (path, command) in CliCommandTree.Walk(root))
        {
            var hidden = command.Options.Where(o => o.Hidden).Select(o => o.Name).ToList();
            var (exit, help, _) = await CliRunner.RunAsync([.. path.Split(' ').Skip(1), "--help"]);
            Assert.Equal(0, exit);
            foreach (var name in hidden)
            {
                Assert.DoesNotContain(name + " ", help, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void EachConceptHasOneVisibleName()
    {
        var root = Program.CreateRoot(new CliConsole(TextWriter.Null, TextWriter.Null));
        var visible = CliCommandTree.Walk(root).SelectMany(c => c.Command.Options.Where(o => !o.Hidden).Select(o => o.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (var former in new[] { "--db", "--list", "--n", "--no-schema" })
        {
            Assert.DoesNotContain(former, visible);
        }

        Assert.Contains("--store", visible);
        Assert.Contains("--status-list", visible);
    }
}

/// <summary>The CLI's command tree, walked: every command with its full path (<c>mcred status allocate</c>).</summary>
internal static class CliCommandTree
{
    public static IEnumerable<(string Path, Command Command)> Walk(Command command, string? prefix = null)
    {
        var path = prefix is null ? "mcred" : prefix + " " + command.Name;
        yield return (path, command);
        foreach (var sub in command.Subcommands)
        {
            foreach (var entry in Walk(sub, path))
            {
                yield return entry;
            }
        }
    }
}
