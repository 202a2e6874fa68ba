using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Json;

namespace MicroCredentials.Signing.Cli;

/// <summary>Where a command writes: JSON results on <see cref="Out"/>, diagnostics on <see cref="Error"/>; <see cref="OpenIn"/> for <c>--in -</c>.</summary>
public sealed class CliConsole(TextWriter stdout, TextWriter stderr, Func<Stream>? stdin = null)
{
    private static readonly JsonSerializerOptions Compact = new()
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Standard output: results only.</summary>
    public TextWriter Out { get; } = stdout;

    /// <summary>Standard error: diagnostics and progress.</summary>
    public TextWriter Error { get; } = stderr;

    /// <summary>Opens standard input as bytes (the process's own unless the host gave another); read only through <see cref="ReadLinesAsync"/>.</summary>
    public Stream OpenIn() => stdin?.Invoke() ?? Console.OpenStandardInput();

    /// <summary>Writes a JSON value on one line (NDJSON): JSON escapes every line break inside strings, so one value is one line.</summary>
    public void WriteJsonLine(JsonNode? node) => Out.WriteLine(node?.ToJsonString(Compact) ?? "null");

    /// <summary>Writes a JSON value, indented, to standard output.</summary>
    public void WriteJson(JsonNode? node) => Out.WriteLine(node?.ToJsonString(Indented) ?? "null");

    /// <summary>Writes JSON either to <paramref name="outPath"/> (when given) or to standard output.</summary>
    public void WriteJsonTo(string? outPath, JsonNode? node)
    {
        if (outPath is null)
        {
            WriteJson(node);
            return;
        }

        File.WriteAllText(outPath, (node?.ToJsonString(Indented) ?? "null") + "\n");
        Error.WriteLine("wrote " + outPath);
    }

    /// <summary>The largest file read as JSON or text: the library's own bound for one untrusted JSON document.</summary>
    public static int MaxJsonFileBytes => JsonInputLimits.Default.MaxBytes;

    /// <summary>
    /// The one way the CLI reads a file: at most <paramref name="maxBytes"/> bytes, never empty. Every refusal is a
    /// <see cref="CliException"/> (exit 2) naming the option and the file, on one line.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="option">The option (or map entry) the path came from, for the message.</param>
    /// <param name="maxBytes">The bound; the file is refused before it is read when it is larger.</param>
    public static byte[] ReadBytes(string path, string option, long maxBytes)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            if (stream.CanSeek && stream.Length > maxBytes)
            {
                throw Refused(path, option, $"{JsonInputException.TooLarge}: the file is {stream.Length} bytes; the limit is {maxBytes}");
            }

            // Bounded even when the length lied (a pipe, a device, a file still growing).
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = stream.Read(chunk)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw Refused(path, option, $"{JsonInputException.TooLarge}: the file is larger than the limit of {maxBytes} bytes");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.Length == 0 ? throw Refused(path, option, "the file is empty") : buffer.ToArray();
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw Refused(path, option, "no such file");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Refused(path, option, "cannot read: " + ex.Message);
        }
    }

    /// <summary>
    /// The one way the CLI reads a stream of lines (NDJSON on standard input): each line at most <paramref name="maxBytes"/>
    /// bytes, a trailing carriage return dropped, never decoded here (the verifier applies strict UTF-8). A longer line
    /// is skipped to its end and yielded as <c>TooLong</c> with no bytes, so one oversized line neither exhausts memory
    /// nor ends the stream.
    /// </summary>
    /// <param name="stream">The stream; not disposed.</param>
    /// <param name="maxBytes">The bound per line.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    public static async IAsyncEnumerable<(int Line, byte[]? Bytes, bool TooLong)> ReadLinesAsync(Stream stream, long maxBytes, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var chunk = new byte[81920];
        using var line = new MemoryStream();
        var number = 1;
        var tooLong = false;
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            var start = 0;
            while (start < read)
            {
                var newline = Array.IndexOf(chunk, (byte)'\n', start, read - start);
                var end = newline < 0 ? read : newline;
                if (!tooLong && line.Length + (end - start) > maxBytes)
                {
                    tooLong = true;
                    line.SetLength(0);
                }

                if (!tooLong)
                {
                    line.Write(chunk, start, end - start);
                }

                if (newline < 0)
                {
                    break;
                }

                yield return Finish(number++, line, tooLong);
                tooLong = false;
                start = newline + 1;
            }
        }

        if (line.Length > 0 || tooLong)
        {
            yield return Finish(number, line, tooLong);
        }

        static (int, byte[]?, bool) Finish(int number, MemoryStream line, bool tooLong)
        {
            var bytes = tooLong ? null : line.ToArray();
            if (bytes is [.., (byte)'\r'])
            {
                bytes = bytes[..^1];
            }

            line.SetLength(0);
            return (number, bytes, tooLong);
        }
    }

    /// <summary>Reads a text file (N-Quads, a JWT): bounded, strict UTF-8 (never repaired), a leading byte-order mark dropped.</summary>
    public static string ReadText(string path, string option)
    {
        var bytes = ReadBytes(path, option, MaxJsonFileBytes);
        var span = bytes.AsSpan();
        if (span.StartsWith("\uFEFF"u8))
        {
            span = span[3..];
        }

        try
        {
            return StrictUtf8.GetString(span);
        }
        catch (DecoderFallbackException)
        {
            throw Refused(path, option, $"{JsonInputException.InvalidJson}: the file is not valid UTF-8");
        }
    }

    /// <summary>
    /// Reads a JSON file through <see cref="SafeJson"/>, the parser the library applies to credentials: its limits,
    /// strict UTF-8, and duplicate member names refused (two readers would otherwise see two different documents).
    /// </summary>
    public static JsonNode ReadJson(string path, string option)
    {
        var bytes = ReadBytes(path, option, MaxJsonFileBytes);
        try
        {
            return SafeJson.Parse(bytes) ?? throw Refused(path, option, $"{JsonInputException.InvalidJson}: the file holds JSON null");
        }
        catch (JsonInputException ex)
        {
            throw Refused(path, option, JsonRefusal(ex));
        }
    }

    /// <summary>Parses JSON text already read with <see cref="ReadText"/> (a file that may hold JSON or a JWT).</summary>
    public static JsonNode ParseJson(string text, string path, string option)
    {
        try
        {
            return SafeJson.Parse(text) ?? throw Refused(path, option, $"{JsonInputException.InvalidJson}: the file holds JSON null");
        }
        catch (JsonInputException ex)
        {
            throw Refused(path, option, JsonRefusal(ex));
        }
    }

    private static string JsonRefusal(JsonInputException ex) => $"{ex.Code} at {ex.JsonPath ?? "$"}: {ex.Message}";

    /// <summary>Reads a JSON file that must hold an object; <paramref name="what"/> names what it should be.</summary>
    public static JsonObject ReadJsonObject(string path, string option, string what = "a JSON object") =>
        ReadJson(path, option) as JsonObject ?? throw Refused(path, option, $"{JsonInputException.InvalidJson} at $: the file must hold {what}");

    /// <summary>A usage error (exit 2) about a file, on one line.</summary>
    public static CliException Refused(string path, string option, string detail) => new($"{option} '{path}': {OneLine(detail)}");

    /// <summary>Collapses a message to one line, so a diagnostic never spans lines.</summary>
    public static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
