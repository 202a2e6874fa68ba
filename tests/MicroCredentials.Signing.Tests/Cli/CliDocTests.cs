using System.CommandLine;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using MicroCredentials.Signing.Cli;
using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.Cli;

/// <summary>
/// docs/cli.md against the CLI: every command and visible option of the tree is documented, every option the doc names
/// exists, and every <c>```sh test</c> example runs through the built <c>mcred</c> with the exit code it states.
/// </summary>
public sealed partial class CliDocTests
{
    private static readonly string DocPath = TestPaths.RepoFile("docs", "cli.md");

    [Fact]
    public void EveryCommandHasASection()
    {
        var doc = CliDoc.Load(DocPath);
        var missing = Commands().Select(c => c.Path).Where(p => !doc.Sections.ContainsKey(p)).ToList();
        Assert.True(missing.Count == 0, "docs/cli.md has no section for: " + string.Join(", ", missing));
    }

    [Fact]
    public void EverySectionIsACommand()
    {
        var doc = CliDoc.Load(DocPath);
        var commands = Commands().Select(c => c.Path).ToHashSet(StringComparer.Ordinal);
        var unknown = doc.Sections.Keys.Where(s => !commands.Contains(s)).ToList();
        Assert.True(unknown.Count == 0, "docs/cli.md documents commands the CLI does not have: " + string.Join(", ", unknown));
    }

    [Fact]
    public void EveryVisibleOptionIsDocumentedInItsSection()
    {
        var doc = CliDoc.Load(DocPath);
        var missing = new List<string>();
        foreach (var (path, command) in Commands())
        {
            var documented = doc.Sections.TryGetValue(path, out var section) ? section.Options : [];
            missing.AddRange(VisibleOptions(command).Where(o => !documented.Contains(o)).Select(o => $"{path} {o}"));
        }

        Assert.True(missing.Count == 0, "options not documented in their section of docs/cli.md: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryDocumentedOptionExists()
    {
        var doc = CliDoc.Load(DocPath);
        var tree = Commands().ToDictionary(c => c.Path, c => c.Command, StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var (path, section) in doc.Sections)
        {
            if (!tree.TryGetValue(path, out var command))
            {
                continue; // reported by EverySectionIsACommand
            }

            var visible = VisibleOptions(command).ToHashSet(StringComparer.Ordinal);
            unknown.AddRange(section.Options.Where(o => !visible.Contains(o)).Select(o => $"{path} {o}"));
        }

        Assert.True(unknown.Count == 0, "docs/cli.md documents options the CLI does not have: " + string.Join(", ", unknown));
    }

    [Fact]
    public void EveryFormerNameIsHiddenAndListed()
    {
        var doc = CliDoc.Load(DocPath);
        var hidden = Commands().SelectMany(c => c.Command.Options.Where(o => o.Hidden).Select(o => o.Name)).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(doc.FormerNames);
        foreach (var name in hidden)
        {
            Assert.Contains(name, doc.FormerNames);
        }

        foreach (var name in doc.FormerNames)
        {
            Assert.Contains(name, hidden);
        }
    }

    [Fact]
    public void EverySectionHasATestedExampleOfItsCommand()
    {
        var doc = CliDoc.Load(DocPath);
        foreach (var (path, section) in doc.Sections)
        {
            Assert.True(section.Examples.Any(e => e.Command == path || e.Command.StartsWith(path + " ", StringComparison.Ordinal)),
                $"docs/cli.md section '{path}' has no tested example running {path}");
        }
    }

    [Fact]
    public async Task EveryExampleRunsWithItsExitCode()
    {
        var doc = CliDoc.Load(DocPath);
        var dir = Directory.CreateTempSubdirectory("mcred-doc-").FullName;
        try
        {
            foreach (var (name, repoPath) in doc.Fixtures)
            {
                File.Copy(TestPaths.RepoFile(repoPath.Split('/')), Path.Combine(dir, name));
            }

            var ran = 0;
            foreach (var step in doc.Steps)
            {
                if (step.File is { } file)
                {
                    await File.WriteAllTextAsync(Path.Combine(dir, file.Name), file.Content);
                    continue;
                }

                var example = step.Example!;
                var (exit, stdout, stderr) = await RunBuiltCliAsync(dir, example.Args);
                Assert.True(exit == example.Exit,
                    $"docs/cli.md line {example.Line}: `{example.Command}` exited {exit}, the doc says {example.Exit}\nstdout: {Head(stdout)}\nstderr: {Head(stderr)}");
                ran++;
            }

            Assert.Equal(doc.Sections.Values.Sum(s => s.Examples.Count), ran);
            Assert.True(ran >= doc.Sections.Count);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void TheReadmeLinksTheCliDoc()
    {
        var readme = File.ReadAllText(TestPaths.RepoFile("README.md"));
        Assert.Contains("(docs/cli.md)", readme, StringComparison.Ordinal);
    }

    // The parser the other tests rely on: a doc whose option table misses a name, or names one more, is caught.
    [Fact]
    public void TheParserReadsSectionsOptionsExamplesAndFiles()
    {
        var doc = CliDoc.Parse("""
            ## mcred keygen

            | Option | Description | Default |
            | --- | --- | --- |
            | `--type` | Key type. | `ed25519` |
            | `--out` | Where. | stdout |

            ```json file=a.json
            { "a": 1 }
            ```

            ```sh test
            mcred keygen --out 'my key.json'  # exit 0
            ```

            ## Former names

            - `--db`: former name of `--store`.
            """);
        var section = Assert.Single(doc.Sections);
        Assert.Equal("mcred keygen", section.Key);
        Assert.Equal(["--type", "--out"], section.Value.Options);
        var example = Assert.Single(section.Value.Examples);
        Assert.Equal(["keygen", "--out", "my key.json"], example.Args);
        Assert.Equal(0, example.Exit);
        Assert.Equal(["--db"], doc.FormerNames);
        Assert.Equal("a.json", doc.Steps[0].File!.Name);
        Assert.Equal("{ \"a\": 1 }\n", doc.Steps[0].File!.Content);
        Assert.Throws<FormatException>(() => CliDoc.Parse("## mcred keygen\n\n```sh test\nmcred keygen\n```\n"));
    }

    private static IEnumerable<(string Path, Command Command)> Commands() =>
        CliCommandTree.Walk(Program.CreateRoot(new CliConsole(TextWriter.Null, TextWriter.Null))).Where(c => c.Path != "mcred");

    private static IEnumerable<string> VisibleOptions(Command command) =>
        command.Options.Where(o => !o.Hidden && o.Name is not ("--help" or "--version")).Select(o => o.Name);

    private static string Head(string text) => text.Length <= 2000 ? text : text[..2000] + "…";

    // The built mcred (copied beside the tests), run in the examples' folder so relative paths mean what the doc says.
    private static async Task<(int Exit, string Out, string Err)> RunBuiltCliAsync(string workingDirectory, IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mcred.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Never the user's own status store.
        start.Environment["MCRED_STATUS_DB"] = Path.Combine(workingDirectory, "default-status.db");
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>docs/cli.md, read: <c>## mcred …</c> sections with their option tables and tested examples, in order.</summary>
internal sealed partial record CliDoc(
    IReadOnlyDictionary<string, CliDoc.Section> Sections,
    IReadOnlyList<CliDoc.Step> Steps,
    IReadOnlyList<(string Name, string RepoPath)> Fixtures,
    IReadOnlyList<string> FormerNames)
{
    public sealed record Section(List<string> Options, List<Example> Examples);

    public sealed record Example(int Line, string Command, IReadOnlyList<string> Args, int Exit);

    public sealed record DocFile(string Name, string Content);

    public sealed record Step(Example? Example, DocFile? File);

    public static CliDoc Load(string path) => Parse(System.IO.File.ReadAllText(path));

    public static CliDoc Parse(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var sections = new Dictionary<string, Section>(StringComparer.Ordinal);
        var steps = new List<Step>();
        var fixtures = new List<(string, string)>();
        var former = new List<string>();
        Section? current = null;
        var inFormer = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                var title = line[3..].Trim();
                inFormer = title == "Former names";
                current = null;
                if (title.StartsWith("mcred ", StringComparison.Ordinal))
                {
                    current = new Section([], []);
                    if (!sections.TryAdd(title, current))
                    {
                        throw new FormatException($"line {i + 1}: a second section {title}");
                    }
                }

                continue;
            }

            if (FixtureLine().Match(line) is { Success: true } fixture)
            {
                fixtures.Add((fixture.Groups[1].Value, fixture.Groups[2].Value));
                continue;
            }

            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                var info = line[3..].Trim();
                var start = i + 1;
                var end = start;
                while (end < lines.Length && !lines[end].StartsWith("```", StringComparison.Ordinal))
                {
                    end++;
                }

                var body = lines[start..end];
                i = end;
                if (info == "sh test")
                {
                    if (current is null)
                    {
                        throw new FormatException($"line {start}: a tested example outside a command section");
                    }

                    for (var j = 0; j < body.Length; j++)
                    {
                        if (body[j].Trim().Length == 0)
                        {
                            continue;
                        }

                        var example = ParseExample(start + j + 1, body[j]);
                        current.Examples.Add(example);
                        steps.Add(new Step(example, null));
                    }
                }
                else if (FileInfo().Match(info) is { Success: true } file)
                {
                    steps.Add(new Step(null, new DocFile(file.Groups[1].Value, string.Join("\n", body) + "\n")));
                }

                continue;
            }

            if (current is not null && OptionRow().Match(line) is { Success: true } row)
            {
                current.Options.Add(row.Groups[1].Value);
            }
            else if (inFormer && FormerItem().Match(line) is { Success: true } item)
            {
                former.Add(item.Groups[1].Value);
            }
        }

        return new CliDoc(sections, steps, fixtures, former);
    }

    private static Example ParseExample(int lineNumber, string line)
    {
        var marker = ExitMarker().Match(line);
        if (!marker.Success)
        {
            throw new FormatException($"docs/cli.md line {lineNumber}: a tested example without '# exit N': {line}");
        }

        var words = Split(line[..marker.Index], lineNumber);
        if (words.Count == 0 || words[0] != "mcred")
        {
            throw new FormatException($"docs/cli.md line {lineNumber}: a tested example must be one mcred command: {line}");
        }

        var args = words.Skip(1).ToList();
        var command = "mcred";
        var node = (Command)Program.CreateRoot(new CliConsole(TextWriter.Null, TextWriter.Null));
        foreach (var arg in args)
        {
            if (node.Subcommands.FirstOrDefault(c => c.Name == arg) is not { } sub)
            {
                break;
            }

            node = sub;
            command += " " + arg;
        }

        return new Example(lineNumber, command, args, int.Parse(marker.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    // Shell words: blanks separate, '…' and "…" quote (no escapes, no expansion: the examples need none).
    private static List<string> Split(string text, int lineNumber)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        foreach (var c in text)
        {
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else if (c is '$' or '`' or '|' or '>' or '<' or '&' or ';' or '*')
            {
                throw new FormatException($"docs/cli.md line {lineNumber}: shell syntax '{c}' in a tested example");
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (quote is not null)
        {
            throw new FormatException($"docs/cli.md line {lineNumber}: unterminated quote");
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    [GeneratedRegex(@"^\|\s*`(--[a-z0-9-]+)`\s*\|")]
    private static partial Regex OptionRow();

    [GeneratedRegex(@"^-\s*`(--[a-z0-9-]+)`")]
    private static partial Regex FormerItem();

    [GeneratedRegex(@"\s#\s*exit\s+(\d+)\s*$")]
    private static partial Regex ExitMarker();

    [GeneratedRegex(@"^(?:json|text)\s+file=([A-Za-z0-9._-]+)$")]
    private static partial Regex FileInfo();

    [GeneratedRegex(@"^<!--\s*fixture\s+([A-Za-z0-9._-]+)\s*=\s*([A-Za-z0-9._/-]+)\s*-->$")]
    private static partial Regex FixtureLine();
}
