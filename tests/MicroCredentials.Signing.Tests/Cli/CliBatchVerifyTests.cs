using System.Text;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Cli;
using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.Cli;

/// <summary>
/// <c>mcred verify</c> on a batch (several files, a folder, NDJSON on stdin): one line per input in input order, each
/// the report <c>--in FILE</c> alone prints, and a summary; driven in-process on the in-the-wild credentials, offline.
/// </summary>
public sealed class CliBatchVerifyTests : IDisposable
{
    private const string Now = "2026-11-01T00:00:00Z";
    private const string DccStatusListPrefix = "https://digitalcredentials.github.io/vc-test-fixtures/statusLists/didkey-ed25519Signature2020/";
    private const string DccVerifierCoreStatusPrefix = "https://raw.githubusercontent.com/digitalcredentials/verifier-core/refs/heads/main/src/test-fixtures/status/";
    private static readonly string Root = TestPaths.ConformanceFile("in-the-wild");
    private readonly string _dir = Directory.CreateTempSubdirectory("mcred-batch-").FullName;
    private readonly string[] _offline;

    public CliBatchVerifyTests()
    {
        // The same offline world InTheWildVerifierTests uses (VerifierFixtures), as the CLI's --did-map and --status-map.
        var dids = new JsonObject();
        foreach (var d in Directory.GetDirectories(Path.Combine(Root, "dcc-vc-test-fixtures", "dids")))
        {
            var file = Path.Combine(d, "did.json");
            dids[(string)JsonNode.Parse(File.ReadAllText(file))!["id"]!] = file;
        }

        var lists = new JsonObject();
        var listDir = Path.Combine(Root, "dcc-vc-test-fixtures", "statusLists", "didkey-ed25519Signature2020");
        foreach (var file in Directory.GetFiles(listDir))
        {
            lists[DccStatusListPrefix + Path.GetFileName(file)] = file;
        }

        lists[DccVerifierCoreStatusPrefix + "e5WK8CbZ1GjycuPombrj"] = Path.Combine(listDir, "e5WK8CbZ1GjycuPombrj");
        File.WriteAllText(Path.Combine(_dir, "dids.json"), dids.ToJsonString());
        File.WriteAllText(Path.Combine(_dir, "lists.json"), lists.ToJsonString());
        _offline = ["--now", Now, "--did-map", Path.Combine(_dir, "dids.json"), "--status-map", Path.Combine(_dir, "lists.json")];
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The files InTheWildVerifierTests verifies as credentials.</summary>
    private static List<string> InTheWildCredentials()
    {
        var files = Directory.GetFiles(Path.Combine(Root, "dcc-vc-test-fixtures", "verifiableCredentials"), "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        files.AddRange(new[] { "courseCertificate.json", "moduleCertificate.json", "programCertificate.json" }.Select(f => Path.Combine(Root, "dcc-mit-learn-obv3-template", f)));
        files.Add(Path.Combine(Root, "obf-openbadgefactory", "obf-cloudnativebergen-test-badge-2025-11-08.json"));
        files.Add(Path.Combine(Root, "dcc-verifier-core", "safeModeBreaker-digitalpromise.json"));
        files.AddRange(new[] { "oeb-ai-act-2025-12-04.json", "oeb-competent-developer-2026-01-15.json" }.Select(f => Path.Combine(Root, "oeb-openbadges-education", f)));
        files.AddRange(Directory.GetFiles(Path.Combine(Root, "edubadges-obv3-examples", "credentials"), "*.json").Order(StringComparer.Ordinal));
        return files;
    }

    [Fact]
    public async Task EveryInTheWildCredentialInOneCallGivesTheReportOfVerifyingItAlone()
    {
        var files = InTheWildCredentials();
        Assert.True(files.Count >= 92, $"{files.Count} credentials");

        var (code, stdout, stderr) = await RunAsync(["verify", "--parallel", "4", .. _offline, "--in", .. files]);
        var lines = Lines(stdout);
        Assert.Equal(files.Count + 1, lines.Count);

        var worst = 0;
        var verified = 0;
        for (var i = 0; i < files.Count; i++)
        {
            var line = lines[i];
            Assert.Equal(i, (int)line["index"]!);
            Assert.Equal(files[i], (string)line["source"]!);

            var alone = await RunAsync(["verify", .. _offline, "--in", files[i]]);
            var expected = JsonNode.Parse(alone.Stdout)!.AsObject();
            var aloneOutcome = (string)expected["outcome"]!;
            expected.Remove("outcome");
            Assert.True(JsonNode.DeepEquals(expected, Report(line)), $"{files[i]}\nalone: {expected.ToJsonString()}\nbatch: {line.ToJsonString()}");
            Assert.Equal(alone.Code switch { 0 => "verified", 1 => "failed", 3 => "indeterminate", _ => "unusable" }, (string)line["outcome"]!);
            Assert.Equal(alone.Code == 2 ? "failed" : (string)line["outcome"]!, aloneOutcome);
            worst = alone.Code == 2 || worst == 2 ? 2 : alone.Code == 1 || worst == 1 ? 1 : Math.Max(worst, alone.Code);
            verified += alone.Code == 0 ? 1 : 0;
        }

        Assert.Equal(worst, code);
        var summary = lines[^1]["summary"]!;
        Assert.Equal(files.Count, (int)summary["total"]!);
        Assert.Equal(verified, (int)summary["verified"]!);
        Assert.Equal(files.Count, (int)summary["verified"]! + (int)summary["failed"]! + (int)summary["indeterminate"]! + (int)summary["unusable"]!);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFolderIsWalkedInOrderAndParallelismDoesNotChangeTheOutput()
    {
        var one = await RunAsync(["verify", "--parallel", "1", .. _offline, "--in", Root]);
        var four = await RunAsync(["verify", "--parallel", "4", .. _offline, "--in", Root]);
        Assert.Equal(one.Stdout, four.Stdout);
        Assert.Equal(one.Code, four.Code);

        var sources = Lines(one.Stdout).SkipLast(1).Select(l => (string)l["source"]!).ToList();
        var expected = Directory.GetFiles(Root, "*", SearchOption.AllDirectories)
            .Where(f => new[] { ".json", ".jsonld", ".jwt", ".png", ".svg" }.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .ToList();
        Assert.Equal(expected.Order().ToList(), sources.Order().ToList());
        Assert.Contains(sources, s => s.EndsWith(".jsonld", StringComparison.Ordinal));
        Assert.Contains(sources, s => s.EndsWith(".jwt", StringComparison.Ordinal));

        // Ordinal order of path within each folder, depth first.
        Assert.Equal(Path.Combine(Root, "dcc-mit-learn-obv3-template", "courseCertificate.json"), sources.First(s => s.Contains("dcc-mit-learn", StringComparison.Ordinal)));
        var totals = Lines(one.Stdout)[^1]["summary"]!;
        Assert.Equal(one.Code, totals["unusable"]!.GetValue<int>() > 0 ? ExitCodes.Usage : totals["failed"]!.GetValue<int>() > 0 ? ExitCodes.NotVerified : ExitCodes.Indeterminate);
    }

    [Fact]
    public async Task NdjsonOnStandardInputGivesOneLinePerCredentialLine()
    {
        var mit = Path.Combine(Root, "dcc-mit-learn-obv3-template", "courseCertificate.json");
        var jwtFile = Path.Combine(Root, "mynextid-credentials", "microcredential-v1", "open-badge", "open-badge-mc-signed.jwt");
        var jwt = File.ReadAllText(jwtFile).Trim();
        var input = new StringBuilder()
            .Append(JsonNode.Parse(File.ReadAllText(mit))!.ToJsonString()).Append('\n')
            .Append("\r\n")
            .Append(jwt).Append("\r\n")
            .Append(new JsonArray(jwt)[0]!.ToJsonString()).Append('\n')
            .Append("{not json\n")
            .ToString();

        var (code, stdout, stderr) = await RunAsync(["verify", .. _offline, "--in", "-"], Encoding.UTF8.GetBytes(input));
        var lines = Lines(stdout);
        Assert.Equal(5, lines.Count);
        Assert.Equal(["stdin:1", "stdin:3", "stdin:4", "stdin:5"], lines.SkipLast(1).Select(l => (string)l["source"]!));
        Assert.Equal([0, 1, 2, 3], lines.SkipLast(1).Select(l => (int)l["index"]!));

        var mitAlone = JsonNode.Parse((await RunAsync(["verify", .. _offline, "--in", mit])).Stdout)!.AsObject();
        mitAlone.Remove("outcome");
        Assert.True(JsonNode.DeepEquals(mitAlone, Report(lines[0])), lines[0].ToJsonString());

        // A JWT line, bare or as a JSON string, is the token itself: the report of the .jwt file alone.
        // (This one is not read as a JWT at all, alone or in a batch: both say so the same way.)
        var jwtRun = await RunAsync(["verify", .. _offline, "--in", jwtFile]);
        var jwtAlone = JsonNode.Parse(jwtRun.Stdout)!.AsObject();
        jwtAlone.Remove("outcome");
        Assert.True(JsonNode.DeepEquals(jwtAlone, Report(lines[1])), lines[1].ToJsonString());
        Assert.True(JsonNode.DeepEquals(jwtAlone, Report(lines[2])), lines[2].ToJsonString());

        Assert.Equal("unusable", (string)lines[3]["outcome"]!);
        Assert.Equal("parsing", (string)lines[3]["checks"]![0]!["check"]!);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("stdin:5", stderr, StringComparison.Ordinal);
        Assert.Equal(4, (int)lines[^1]["summary"]!["total"]!);
        Assert.Equal(jwtRun.Code == ExitCodes.Usage ? 3 : 1, (int)lines[^1]["summary"]!["unusable"]!);
    }

    [Fact]
    public async Task AnUnreadableFileIsItsOwnLineInItsPlace()
    {
        var mit = Path.Combine(Root, "dcc-mit-learn-obv3-template", "courseCertificate.json");
        var empty = Path.Combine(_dir, "empty.json");
        File.WriteAllBytes(empty, []);

        var (code, stdout, stderr) = await RunAsync(["verify", .. _offline, "--no-schema", "--in", mit, empty, mit]);
        var lines = Lines(stdout);
        Assert.Equal(4, lines.Count);
        Assert.Equal(["verified", "unusable", "verified"], lines.SkipLast(1).Select(l => (string)l["outcome"]!));
        Assert.Equal(empty, (string)lines[1]["source"]!);
        Assert.Equal(1, (int)lines[1]["index"]!);
        var check = lines[1]["checks"]![0]!;
        Assert.Equal(("parsing", "failed", "INPUT_UNREADABLE"), ((string)check["check"]!, (string)check["status"]!, (string)check["code"]!));
        Assert.Contains("the file is empty", (string)check["message"]!, StringComparison.Ordinal);
        Assert.False((bool)lines[1]["verified"]!);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("empty.json", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task ASealedEdcInABatchIsVerifiedAsASealAsItIsAlone()
    {
        var mit = Path.Combine(Root, "dcc-mit-learn-obv3-template", "courseCertificate.json");
        var samples = Path.Combine(Root, "elm3-european-learning-model", "samples");
        var sealedEdc = Path.Combine(samples, "Sample-MC-Annex1-signed.jsonld");
        var sealedLine = JsonNode.Parse(File.ReadAllText(sealedEdc))!.ToJsonString();

        // No trust anchor: the seal's signature is intact but its chain cannot be trusted, so indeterminate, never verified.
        var (code, stdout, _) = await RunAsync(["verify", .. _offline, "--no-schema", "--in", mit, sealedEdc]);
        var lines = Lines(stdout);
        Assert.Equal(["verified", "indeterminate"], lines.SkipLast(1).Select(l => (string)l["outcome"]!));
        Assert.Equal(ExitCodes.Indeterminate, code);
        var alone = await RunAsync(["verify", .. _offline, "--no-schema", "--in", sealedEdc]);
        Assert.Equal(ExitCodes.Indeterminate, alone.Code);
        var expected = JsonNode.Parse(alone.Stdout)!.AsObject();
        Assert.Equal("INDETERMINATE", (string)expected["indication"]!);
        Assert.True(JsonNode.DeepEquals(expected, Report(lines[1])), $"alone: {expected.ToJsonString()}\nbatch: {lines[1].ToJsonString()}");

        // The same seal as an NDJSON line, and a tampered copy of it: the seal verifier, not the credential verifier, judges both.
        var tampered = sealedLine.Replace("Annex", "Annux", StringComparison.Ordinal);
        Assert.NotEqual(sealedLine, tampered);
        var ndjson = await RunAsync(["verify", .. _offline, "--no-schema", "--in", "-"], Encoding.UTF8.GetBytes(sealedLine + "\n" + tampered + "\n"));
        var ndLines = Lines(ndjson.Stdout);
        Assert.Equal(["indeterminate", "failed"], ndLines.SkipLast(1).Select(l => (string)l["outcome"]!));
        Assert.Equal("INDETERMINATE", (string)ndLines[0]["indication"]!);
        Assert.Equal("TOTAL_FAILED", (string)ndLines[1]["indication"]!);
        Assert.Equal(ExitCodes.NotVerified, ndjson.Code);
    }

    [Fact]
    public async Task AllVerifiedExitsZeroAndOneFailureExitsOne()
    {
        var mit = Path.Combine(Root, "dcc-mit-learn-obv3-template", "courseCertificate.json");
        var tamperedFile = Directory.GetFiles(Path.Combine(Root, "dcc-vc-test-fixtures"), "*tampered*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();

        var ok = await RunAsync(["verify", .. _offline, "--no-schema", "--in", mit, mit]);
        Assert.Equal(ExitCodes.Success, ok.Code);
        Assert.Equal("""{"summary":{"total":2,"verified":2,"failed":0,"indeterminate":0,"unusable":0}}""", ok.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);

        var bad = await RunAsync(["verify", .. _offline, "--no-schema", "--in", mit, tamperedFile]);
        Assert.Equal(ExitCodes.NotVerified, bad.Code);
        Assert.Equal("failed", (string)Lines(bad.Stdout)[1]["outcome"]!);
        Assert.Equal(string.Empty, bad.Stderr);
    }

    [Fact]
    public async Task UsageErrorsPrintNothingAndExitTwo()
    {
        var mit = Path.Combine(Root, "dcc-mit-learn-obv3-template", "courseCertificate.json");
        var missingFolder = Path.Combine(_dir, "no-such-folder");
        foreach (var args in new[]
        {
            new[] { "verify", "--in", missingFolder, mit },
            ["verify", "--in", mit, Path.Combine(_dir, "missing.json")],
            ["verify", "--parallel", "0", "--in", mit, mit],
            ["verify", "--in", "-", "-"],
        })
        {
            var (code, stdout, stderr) = await RunAsync(args, []);
            Assert.True(code == ExitCodes.Usage, string.Join(' ', args) + "\n" + stderr);
            Assert.Equal(string.Empty, stdout);
            Assert.StartsWith("error: ", stderr, StringComparison.Ordinal);
            Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        // An empty folder is a batch of nothing: the summary says so, and the exit code that nothing was verified.
        var empty = Directory.CreateDirectory(Path.Combine(_dir, "empty")).FullName;
        File.WriteAllText(Path.Combine(empty, "notes.txt"), "not a credential");
        var none = await RunAsync(["verify", "--in", empty]);
        Assert.Equal(ExitCodes.Usage, none.Code);
        Assert.Equal("""{"summary":{"total":0,"verified":0,"failed":0,"indeterminate":0,"unusable":0}}""", none.Stdout.Trim());
    }

    [Fact]
    public async Task OneFileStillPrintsTheIndentedReport()
    {
        var mit = Path.Combine(Root, "dcc-mit-learn-obv3-template", "courseCertificate.json");
        var (code, stdout, _) = await RunAsync(["verify", .. _offline, "--no-schema", "--in", mit]);
        Assert.Equal(ExitCodes.Success, code);
        Assert.StartsWith("{\n  \"verified\": true,", stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Null(JsonNode.Parse(stdout)!["summary"]);

        // --parallel is moot for one file, so a script passing any number of files may always give it.
        Assert.Equal(stdout, (await RunAsync(["verify", "--parallel", "3", .. _offline, "--no-schema", "--in", mit])).Stdout);
    }

    /// <summary>The report members of a batch line (everything but the batch's own index, source and outcome).</summary>
    private static JsonObject Report(JsonObject line)
    {
        var copy = line.DeepClone().AsObject();
        copy.Remove("index");
        copy.Remove("source");
        copy.Remove("outcome");
        return copy;
    }

    private static List<JsonObject> Lines(string stdout)
    {
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.DoesNotContain('\r', l.TrimEnd('\r')));
        return lines.Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string[] args, byte[]? stdin = null)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var input = new MemoryStream(stdin ?? []);
        var code = await Program.RunAsync(args, input, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
