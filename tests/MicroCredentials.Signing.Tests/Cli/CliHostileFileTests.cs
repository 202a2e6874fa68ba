using System.Text.Json.Nodes;
using MicroCredentials.Signing.Baking;
using MicroCredentials.Signing.Cli;
using MicroCredentials.Signing.Json;
using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.Cli;

/// <summary>
/// Every file option of every command (see CommandCatalog) fed a missing, empty, malformed, duplicate-member and
/// oversized file: each must be a usage error (exit 2) with one diagnostic line naming the file, never a crash.
/// </summary>
public sealed class CliHostileFileTests : IClassFixture<CliHostileFileTests.ValidFiles>
{
    private readonly ValidFiles _valid;

    public CliHostileFileTests(ValidFiles valid) => _valid = valid;

    /// <summary>What a file option expects, which decides which hostile files make sense and the size bound.</summary>
    public enum FileKind
    {
        Json,
        Text,
        Image,
        AnyCredential,
    }

    private sealed record FileOption(string Name, FileKind Kind, Func<ValidFiles, string, string[]> Args);

    // One row per file option: the command line with the hostile file in that option and valid files everywhere else.
    private static readonly FileOption[] FileOptions =
    [
        new("sign --in", FileKind.Json, (v, f) => ["sign", "--in", f, "--key", v.Key]),
        new("sign --key", FileKind.Json, (v, f) => ["sign", "--in", v.Unsigned, "--key", f]),
        new("verify --in", FileKind.AnyCredential, (v, f) => ["verify", "--in", f]),
        new("verify --did-map", FileKind.Json, (v, f) => ["verify", "--in", v.Signed, "--did-map", f]),
        new("verify --status-map", FileKind.Json, (v, f) => ["verify", "--in", v.Signed, "--status-map", f]),
        new("verify --issuer-registry", FileKind.Json, (v, f) => ["verify", "--in", v.Signed, "--issuer-registry", f]),
        new("issue --elements", FileKind.Json, (v, f) => ["issue", "--elements", f, "--key", v.Key]),
        new("issue --key", FileKind.Json, (v, f) => ["issue", "--elements", v.Elements, "--key", f]),
        new("status create --key", FileKind.Json, (v, f) => ["status", "create", "--purpose", "revocation", "--key", f, "--id", "https://issuer.example.edu/status/1"]),
        new("status set --in", FileKind.Json, (v, f) => ["status", "set", "--in", f, "--index", "3", "--value", "1", "--key", v.Key]),
        new("status set --key", FileKind.Json, (v, f) => ["status", "set", "--in", v.StatusList, "--index", "3", "--value", "1", "--key", f]),
        new("status get --in", FileKind.Json, (v, f) => ["status", "get", "--in", f, "--index", "3"]),
        new("sign-jwt --in", FileKind.Json, (v, f) => ["sign-jwt", "--in", f, "--key", v.Key]),
        new("sign-jwt --key", FileKind.Json, (v, f) => ["sign-jwt", "--in", v.Unsigned, "--key", f]),
        new("bake --in", FileKind.AnyCredential, (v, f) => ["bake", "--in", f, "--image", v.Image, "--out", v.Scratch("baked.png")]),
        new("bake --image", FileKind.Image, (v, f) => ["bake", "--in", v.Signed, "--image", f, "--out", v.Scratch("baked.png")]),
        new("extract --in", FileKind.Image, (v, f) => ["extract", "--in", f]),
        new("bench --in", FileKind.Json, (v, f) => ["bench", "--in", f, "--n", "1"]),
        new("canonicalize --in", FileKind.Json, (v, f) => ["canonicalize", "--in", f]),
        new("canonicalize --nquads", FileKind.Text, (v, f) => ["canonicalize", "--nquads", f]),
        new("map --elements", FileKind.Json, (v, f) => ["map", "--elements", f]),
        new("map --from-credential", FileKind.Json, (v, f) => ["map", "--from-credential", f]),
        new("validate --in", FileKind.Json, (v, f) => ["validate", "--in", f]),
        new("validate --shacl", FileKind.Text, (v, f) => ["validate", "--shacl", f, "--in", v.Signed]),
    ];

    private static readonly string[] Hostilities = ["missing", "empty", "malformed", "duplicate-member", "oversized"];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var option in FileOptions)
        {
            foreach (var hostility in Hostilities)
            {
                // A PNG or an N-Quads file has no JSON members to duplicate.
                if (hostility == "duplicate-member" && option.Kind is FileKind.Image or FileKind.Text)
                {
                    continue;
                }

                data.Add(option.Name, hostility);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task HostileFileIsAUsageErrorOnOneLine(string optionName, string hostility)
    {
        var option = FileOptions.Single(o => o.Name == optionName);
        var file = _valid.Scratch($"{hostility}-{optionName.Replace(' ', '_').Replace("-", "", StringComparison.Ordinal)}.input");
        WriteHostile(file, hostility, option.Kind);

        var (code, _, stderr) = await RunAsync(option.Args(_valid, file));

        AssertOneLineUsageError(code, stderr, Path.GetFileName(file));
        if (hostility == "duplicate-member")
        {
            Assert.Contains(JsonInputException.DuplicateMember, stderr, StringComparison.Ordinal);
            Assert.Contains("$", stderr, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string, string> MapCases() => new()
    {
        // The issue's cases: a map naming the same id or status list URL twice.
        { "--did-map", "{\"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK\": \"a.json\", \"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK\": \"b.json\"}" },
        { "--status-map", "{\"https://issuer.example.edu/status/1\": \"a.json\", \"https://issuer.example.edu/status/1\": \"b.json\"}" },
        // A well-formed map naming a file that is itself hostile.
        { "--did-map", "{\"did:web:issuer.example.edu\": \"entry-duplicate.json\"}" },
        { "--status-map", "{\"https://issuer.example.edu/status/1\": \"entry-duplicate.json\"}" },
        { "--did-map", "{\"did:web:issuer.example.edu\": \"entry-missing.json\"}" },
        { "--status-map", "{\"https://issuer.example.edu/status/1\": \"entry-empty.json\"}" },
        { "--did-map", "{\"did:web:issuer.example.edu\": 7}" },
        { "--status-map", "[\"https://issuer.example.edu/status/1\"]" },
    };

    [Theory]
    [MemberData(nameof(MapCases))]
    public async Task VerifyRefusesAHostileMapOrMapEntry(string option, string mapJson)
    {
        var dir = Directory.CreateDirectory(_valid.Scratch("map-" + Guid.NewGuid().ToString("N"))).FullName;
        File.WriteAllText(Path.Combine(dir, "entry-duplicate.json"), "{\"id\": \"did:web:issuer.example.edu\", \"id\": \"did:web:other.example\"}");
        File.WriteAllText(Path.Combine(dir, "entry-empty.json"), string.Empty);
        var map = Path.Combine(dir, "map.json");
        File.WriteAllText(map, mapJson);

        var (code, _, stderr) = await RunAsync("verify", "--in", _valid.Signed, option, map);

        AssertOneLineUsageError(code, stderr, mapJson.Contains("entry-", StringComparison.Ordinal) ? "entry-" : "map.json");
    }

    public static TheoryData<string> UnwritableStoreCommands() => new() { "issue", "status allocate" };

    [Theory]
    [MemberData(nameof(UnwritableStoreCommands))]
    public async Task UnwritableStoreIsAUsageErrorOnOneLine(string command)
    {
        // A folder that is a regular file cannot be created, whoever runs the test (root ignores permission bits).
        var blocker = _valid.Scratch("not-a-folder-" + command.Replace(' ', '-'));
        File.WriteAllText(blocker, "x");
        var db = Path.Combine(blocker, "status.db");
        string[] args = command == "issue"
            ? ["issue", "--elements", _valid.Elements, "--key", _valid.Key, "--status-list", "https://issuer.example.edu/status/9", "--db", db]
            : ["status", "allocate", "--list", "https://issuer.example.edu/status/9", "--purpose", "revocation", "--store", db];

        var (code, stdout, stderr) = await RunAsync(args);

        AssertOneLineUsageError(code, stderr, "status.db");
        Assert.Equal(string.Empty, stdout);
    }

    [Fact]
    public async Task UnwritableOutIsAUsageErrorOnOneLine()
    {
        var blocker = _valid.Scratch("out-blocker");
        File.WriteAllText(blocker, "x");
        var (code, _, stderr) = await RunAsync("sign", "--in", _valid.Unsigned, "--key", _valid.Key, "--out", Path.Combine(blocker, "signed.json"));
        AssertOneLineUsageError(code, stderr, "signed.json");
    }

    [Fact]
    public void EveryFileOptionIsCoveredWithEveryHostility()
    {
        // 24 file options x 5 hostile files, less the duplicate-member case for the 4 non-JSON options.
        Assert.Equal((24 * 5) - 4, Cases().Count);
    }

    private static void AssertOneLineUsageError(int code, string stderr, string fileName)
    {
        Assert.True(code == ExitCodes.Usage, $"exit {code}; stderr: {stderr}");
        // Informational notes (issue's "issuer id set to the key's controller") may precede the one error line.
        var text = string.Join('\n', stderr.Split('\n').Where(l => !l.StartsWith("note: ", StringComparison.Ordinal))).TrimEnd('\r', '\n');
        Assert.False(string.IsNullOrWhiteSpace(text), "stderr is empty");
        Assert.DoesNotContain('\n', text);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
        Assert.Contains(fileName, stderr, StringComparison.Ordinal);
    }

    private static void WriteHostile(string path, string hostility, FileKind kind)
    {
        switch (hostility)
        {
            case "missing":
                break;
            case "empty":
                File.WriteAllBytes(path, []);
                break;
            case "malformed":
                File.WriteAllText(path, kind switch
                {
                    FileKind.Image => "GIF89a not a PNG or an SVG",
                    FileKind.Text => "this is not an N-Quads statement\n",
                    _ => "{ \"@context\": [\"https://www.w3.org/ns/credentials/v2\"], \"id\": ",
                });
                break;
            case "duplicate-member":
                File.WriteAllText(path, "{\"@context\": [\"https://www.w3.org/ns/credentials/v2\"], \"id\": \"urn:uuid:1\", \"type\": [\"VerifiableCredential\"], \"id\": \"urn:uuid:2\"}");
                break;
            case "oversized":
                using (var stream = File.Create(path))
                {
                    // Sparse: the reader must refuse it by its size, before reading a byte.
                    var limit = kind is FileKind.Image or FileKind.AnyCredential
                        ? Math.Max(BakingLimits.Default.MaxImageBytes, JsonInputLimits.Default.MaxBytes)
                        : JsonInputLimits.Default.MaxBytes;
                    stream.SetLength(limit + 1L);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(hostility), hostility, null);
        }
    }

    private static Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args) =>
        CliRunner.RunAsync(args);

    /// <summary>Valid inputs made once through the CLI itself, so each hostile case differs from a working run in one file.</summary>
    public sealed class ValidFiles : IAsyncLifetime
    {
        public string Root { get; } = Directory.CreateTempSubdirectory("mcred-hostile-").FullName;

        public string Key => Path.Combine(Root, "key.json");

        public string Unsigned => Path.Combine(Root, "unsigned.json");

        public string Signed => Path.Combine(Root, "signed.json");

        public string StatusList => Path.Combine(Root, "status-list.json");

        public string Elements => TestPaths.RepoFile("samples", "elements", "minimal-valid.json");

        public string Image => TestPaths.RepoFile("samples", "badges", "badge.png");

        public string Scratch(string name) => Path.Combine(Root, name);

        public async Task InitializeAsync()
        {
            await MustSucceed("keygen", "--type", "ed25519", "--out", Key);
            await MustSucceed("map", "--elements", Elements, "--out", Unsigned);
            var unsigned = JsonNode.Parse(File.ReadAllText(Unsigned))!;
            var controller = (string)JsonNode.Parse(File.ReadAllText(Key))!["controller"]!;
            unsigned["issuer"]!["id"] = controller;
            File.WriteAllText(Unsigned, unsigned.ToJsonString());
            await MustSucceed("sign", "--in", Unsigned, "--key", Key, "--out", Signed);
            await MustSucceed("status", "create", "--purpose", "revocation", "--key", Key, "--id", "https://issuer.example.edu/status/1", "--out", StatusList);
        }

        public Task DisposeAsync()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Root, recursive: true);
            return Task.CompletedTask;
        }

        private static async Task MustSucceed(params string[] args)
        {
            var (code, stdout, stderr) = await RunAsync(args);
            Assert.True(code == ExitCodes.Success, $"mcred {string.Join(' ', args)} exited {code}: {stderr}{stdout}");
        }
    }
}
