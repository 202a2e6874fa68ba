using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Jades;
using MicroCredentials.Signing.Json;
using MicroCredentials.Signing.Verification;

namespace MicroCredentials.Signing.Cli.Commands;

/// <summary>
/// <c>mcred verify --in A B…|DIR|-</c>: a batch. Every input is verified as <c>--in FILE</c> alone would verify it, up
/// to <c>--parallel</c> at once, and written as one compact JSON line, in input order: the report's members after
/// <c>index</c>, <c>source</c> and <c>outcome</c> (<c>verified</c>, <c>failed</c> or <c>unusable</c>). A last line
/// <c>{"summary":{"total","verified","failed","unusable"}}</c> closes the stream.
/// </summary>
/// <remarks>
/// Inputs, in the order given: a file (any name); a folder, walked recursively in ordinal order of relative path, taking
/// <c>*.json</c>, <c>*.jsonld</c>, <c>*.jwt</c>, <c>*.png</c> and <c>*.svg</c> (any case) and skipping names starting
/// with a dot and linked folders (a link cycle must not make the walk endless); <c>-</c>, standard input, one
/// credential per line (a JSON object, a compact JWT, or a JWT as a JSON string; blank lines skipped; source
/// <c>stdin:LINE</c>). Presentations and sealed EDCs (JAdES JSON serializations) are set aside at their position and
/// verified by the presentation and JAdES verifiers, as <c>--in FILE</c> alone would. A path that does not exist is a usage error before anything is verified (exit 2, no output).
/// A file that exists but cannot be used (unreadable, empty, too large, a line too long) is its own line, outcome
/// <c>unusable</c>, with one failed <c>parsing</c> check, and so is an input the verifier could not read as a credential.
/// Exit code: the worst any input would have given alone (0 all verified, 1 some failed, 2 some unusable), and 2 for an
/// empty batch.
/// </remarks>
internal static class VerifyBatch
{
    /// <summary>The code of the parsing check of an input the CLI could not read (the verifier never saw it).</summary>
    public const string Unreadable = "INPUT_UNREADABLE";

    private static readonly string[] FolderExtensions = [".json", ".jsonld", ".jwt", ".png", ".svg"];

    /// <summary>
    /// How the inputs the credential verifier does not take are verified: presentations, and sealed European Digital
    /// Credentials (JAdES JSON serializations, as <c>--in FILE</c> alone routes them).
    /// </summary>
    internal sealed record Presentations(PresentationVerifier Verifier, PresentationVerifyOptions Options, JadesVerifierOptions Seals);

    /// <summary>One input: a file, or standard input (<see cref="Path"/> null).</summary>
    internal sealed record Source(string? Path);

    /// <summary>Batch mode unless the input is exactly one path that is not a folder; one file keeps the single report.</summary>
    public static bool IsBatch(string[] inputs) => inputs.Length > 1 || inputs[0] == "-" || Directory.Exists(inputs[0]);

    /// <summary>The inputs as files and standard input, folders walked; every path must exist (else exit 2).</summary>
    public static List<Source> Expand(string[] inputs)
    {
        var sources = new List<Source>();
        var stdin = false;
        foreach (var input in inputs)
        {
            if (input == "-")
            {
                // Standard input can be read once; a second "-" would silently be empty.
                sources.Add(!stdin ? new Source(null) : throw new CliException("--in '-' may be given once"));
                stdin = true;
            }
            else if (Directory.Exists(input))
            {
                Walk(input, input, sources);
            }
            else if (File.Exists(input))
            {
                sources.Add(new Source(input));
            }
            else
            {
                throw new CliException($"--in '{input}': no such file or folder");
            }
        }

        return sources;
    }

    private static void Walk(string root, string dir, List<Source> sources)
    {
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateFileSystemEntries(dir).Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"--in '{root}': cannot list '{dir}': {CliConsole.OneLine(ex.Message)}");
        }

        foreach (var entry in entries)
        {
            var name = Path.GetFileName(entry);
            if (name.StartsWith('.'))
            {
                continue;
            }

            if (Directory.Exists(entry))
            {
                if (new DirectoryInfo(entry).LinkTarget is null)
                {
                    Walk(root, entry, sources);
                }
            }
            else if (FolderExtensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            {
                sources.Add(new Source(entry));
            }
        }
    }

    /// <summary>Verifies the batch and writes its NDJSON; returns the exit code.</summary>
    public static async Task<int> RunAsync(CliConsole console, CredentialVerifier verifier, Presentations presentations, List<Source> sources, int parallelism, VerifyOptions verifyOptions, CancellationToken ct)
    {
        var state = new BatchState();
        var counts = new int[4];
        void Emit(int index, string source, Outcome outcome, JsonObject report, string? error)
        {
            counts[(int)outcome]++;
            var line = new JsonObject { ["index"] = index, ["source"] = source, ["outcome"] = outcome.ToString().ToLowerInvariant() };
            foreach (var (key, value) in report.ToList())
            {
                // The line's own outcome also says "unusable", which a report cannot.
                report.Remove(key);
                if (key != "outcome")
                {
                    line[key] = value;
                }
            }

            console.WriteJsonLine(line);
            if (error is not null)
            {
                console.Error.WriteLine("error: " + CliConsole.OneLine(error));
            }
        }

        async Task FlushUnreadable(int before)
        {
            while (state.NextUnreadable(before) is { } u)
            {
                if (u.Seal is { } seal)
                {
                    var sealReport = await new JadesVerifier(presentations.Seals).VerifyAsync(seal, ct).ConfigureAwait(false);
                    var sealOutcome = sealReport.Signatures.Count == 0 ? Outcome.Unusable : sealReport.Indication switch
                    {
                        JadesIndication.Passed => Outcome.Verified,
                        JadesIndication.Indeterminate => Outcome.Indeterminate,
                        _ => Outcome.Failed,
                    };
                    var sealWhy = sealReport.Checks.FirstOrDefault();
                    Emit(u.Index, u.Source, sealOutcome, sealReport.ToJson(), sealOutcome != Outcome.Unusable ? null
                        : $"--in '{u.Source}': " + (sealWhy is null ? "not a JAdES signature" : $"{sealWhy.Code}: {sealWhy.Message}"));
                    continue;
                }

                if (u.Presentation is { } vp)
                {
                    // Presentations are verified here, in input order, while the credential verifier works on the rest.
                    var verified = await presentations.Verifier.VerifyAsync(vp, presentations.Options, ct).ConfigureAwait(false);
                    var vpOutcome = verified.Outcome switch
                    {
                        VerificationOutcome.Verified => Outcome.Verified,
                        VerificationOutcome.Indeterminate => Outcome.Indeterminate,
                        _ => Outcome.Failed,
                    };
                    Emit(u.Index, u.Source, vpOutcome, VerifyPresentation.ToJson(verified), null);
                    continue;
                }

                var check = VerificationCheck.Fail(VerificationSteps.Parsing, Unreadable, u.Message);
                var report = new JsonObject
                {
                    ["verified"] = false,
                    ["format"] = "unknown",
                    ["credentialId"] = null,
                    ["issuer"] = null,
                    ["checks"] = new JsonArray(check.ToJson()),
                };
                Emit(u.Index, u.Source, Outcome.Unusable, report, u.Message);
            }
        }

        await foreach (var result in verifier.VerifyManyAsync(Items(console, verifier, sources, state, ct), parallelism, verifyOptions, ct).ConfigureAwait(false))
        {
            var index = state.IndexOf(result.Index);

            // Inputs the CLI could not read never reach the verifier; they are written where they stood in the input.
            await FlushUnreadable(index).ConfigureAwait(false);
            var report = result.Report;
            var outcome = report.Verified ? Outcome.Verified
                : report.Credential is null ? Outcome.Unusable
                : report.Outcome == VerificationOutcome.Indeterminate ? Outcome.Indeterminate
                : Outcome.Failed;
            string? error = null;
            if (outcome == Outcome.Unusable)
            {
                var why = report.Failures.FirstOrDefault();
                error = $"--in '{result.Source}': " + (why is null ? "no credential could be read" : $"{why.Code}{(why.Path is null ? "" : " at " + why.Path)}: {why.Message}");
            }

            Emit(index, result.Source, outcome, report.ToJson(), error);
        }

        await FlushUnreadable(int.MaxValue).ConfigureAwait(false);
        var (verified, failed, unusable, indeterminate) = (counts[(int)Outcome.Verified], counts[(int)Outcome.Failed], counts[(int)Outcome.Unusable], counts[(int)Outcome.Indeterminate]);
        var total = verified + failed + unusable + indeterminate;
        console.WriteJsonLine(new JsonObject
        {
            ["summary"] = new JsonObject { ["total"] = total, ["verified"] = verified, ["failed"] = failed, ["indeterminate"] = indeterminate, ["unusable"] = unusable },
        });
        if (total == 0)
        {
            await console.Error.WriteLineAsync("error: --in: the batch holds no credential (no matching file in the folders, or no line on standard input)").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        return unusable > 0 ? ExitCodes.Usage : failed > 0 ? ExitCodes.NotVerified : indeterminate > 0 ? ExitCodes.Indeterminate : ExitCodes.Success;
    }

    /// <summary>
    /// Reads the inputs, one at a time and only as fast as the verifier takes them, each through the CLI's one reader;
    /// an input that cannot be read is set aside in <paramref name="state"/> at its position instead of ending the batch.
    /// </summary>
    private static async IAsyncEnumerable<CredentialBatchItem> Items(CliConsole console, CredentialVerifier verifier, List<Source> sources, BatchState state, [EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var source in sources)
        {
            if (source.Path is { } path)
            {
                byte[] bytes;
                try
                {
                    bytes = CliConsole.ReadBytes(path, "--in", VerifyCommand.MaxInputBytes);
                }
                catch (CliException ex)
                {
                    state.SetAside(path, ex.Message);
                    continue;
                }

                if (VerifyPresentation.AsPresentation(bytes, verifier.Options.Limits.Json) is { } vp)
                {
                    state.SetAside(path, vp);
                    continue;
                }

                if (JadesCommand.LooksLikeJades(bytes))
                {
                    state.SetAsideSeal(path, bytes);
                    continue;
                }

                yield return state.Fed(path, bytes);
                continue;
            }

            var stream = console.OpenIn();
            await foreach (var (number, line, tooLong) in CliConsole.ReadLinesAsync(stream, CliConsole.MaxJsonFileBytes, ct).ConfigureAwait(false))
            {
                var name = "stdin:" + number.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (tooLong)
                {
                    state.SetAside(name, $"--in '{name}': {JsonInputException.TooLarge}: the line is larger than the limit of {CliConsole.MaxJsonFileBytes} bytes");
                    continue;
                }

                if (line!.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r'))
                {
                    continue;
                }

                if (VerifyPresentation.AsPresentation(line, verifier.Options.Limits.Json) is { } presentation)
                {
                    state.SetAside(name, presentation);
                    continue;
                }

                if (JadesCommand.LooksLikeJades(line!))
                {
                    state.SetAsideSeal(name, line!);
                    continue;
                }

                yield return state.Fed(name, Unquoted(line!));
            }
        }
    }

    // A JWT is not JSON, so an NDJSON producer may write it as a JSON string; the verifier wants the token itself.
    private static byte[] Unquoted(byte[] line)
    {
        var text = line.AsSpan().TrimStart(" \t"u8);
        if (text.IsEmpty || text[0] != (byte)'"')
        {
            return line;
        }

        try
        {
            return SafeJson.Parse(line) is JsonValue v && v.TryGetValue<string>(out var s) ? Encoding.UTF8.GetBytes(s) : line;
        }
        catch (JsonInputException)
        {
            // Left as it is: the verifier reports what is wrong with it, as it would for the same file.
            return line;
        }
    }

    /// <summary>An input set aside at its position: unreadable (a message), a presentation or a seal.</summary>
    private sealed record Aside(int Index, string Source, string Message, JsonObject? Presentation, byte[]? Seal);

    private enum Outcome
    {
        Verified,
        Failed,
        Unusable,
        Indeterminate,
    }

    /// <summary>
    /// Positions shared between the reader (the verifier's producer) and the writer: the batch index of each input the
    /// verifier was given, and the inputs set aside. The reader always runs ahead of the writer, so when result k
    /// arrives every input before it has been recorded here.
    /// </summary>
    private sealed class BatchState
    {
        private readonly object _gate = new();
        private readonly List<int> _fed = [];
        private readonly Queue<Aside> _unreadable = new();
        private int _next;

        public CredentialBatchItem Fed(string source, byte[] bytes)
        {
            lock (_gate)
            {
                _fed.Add(_next++);
            }

            return new CredentialBatchItem(source, bytes);
        }

        public void SetAside(string source, string message)
        {
            lock (_gate)
            {
                _unreadable.Enqueue(new Aside(_next++, source, message, null, null));
            }
        }

        // A presentation is not the credential verifier's to take; it waits here at its position, as an unreadable input does.
        public void SetAside(string source, JsonObject presentation)
        {
            lock (_gate)
            {
                _unreadable.Enqueue(new Aside(_next++, source, string.Empty, presentation, null));
            }
        }

        // So is a sealed EDC: the JAdES verifier, not the credential verifier, judges it.
        public void SetAsideSeal(string source, byte[] seal)
        {
            lock (_gate)
            {
                _unreadable.Enqueue(new Aside(_next++, source, string.Empty, null, seal));
            }
        }

        public int IndexOf(int fedIndex)
        {
            lock (_gate)
            {
                return _fed[fedIndex];
            }
        }

        public Aside? NextUnreadable(int before)
        {
            lock (_gate)
            {
                return _unreadable.TryPeek(out var next) && next.Index < before ? _unreadable.Dequeue() : null;
            }
        }
    }
}
