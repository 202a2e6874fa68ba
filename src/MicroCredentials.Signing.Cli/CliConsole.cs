using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MicroCredentials.Signing.Cli;

/// <summary>Where a command writes: JSON results on <see cref="Out"/>, diagnostics on <see cref="Error"/>.</summary>
public sealed class CliConsole(TextWriter stdout, TextWriter stderr)
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Standard output: results only.</summary>
    public TextWriter Out { get; } = stdout;

    /// <summary>Standard error: diagnostics and progress.</summary>
    public TextWriter Error { get; } = stderr;

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

    /// <summary>Reads a file as text, turning a missing file into a usage error (exit 2).</summary>
    public static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read '{path}': {ex.Message}");
        }
    }

    /// <summary>Reads and parses a JSON file, turning I/O and syntax errors into a usage error (exit 2).</summary>
    public static JsonNode ReadJson(string path)
    {
        var text = ReadText(path);
        try
        {
            return JsonNode.Parse(text) ?? throw new CliException($"'{path}' holds JSON null");
        }
        catch (JsonException ex)
        {
            throw new CliException($"'{path}' is not valid JSON: {ex.Message}");
        }
    }
}
