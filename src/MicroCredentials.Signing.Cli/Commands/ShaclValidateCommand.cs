using System.CommandLine;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.JsonLd;
using MicroCredentials.Signing.Rdf;
using MicroCredentials.Signing.Shacl;

namespace MicroCredentials.Signing.Cli.Commands;

/// <summary>
/// <c>mcred validate --shacl SHAPES --in DATA</c>: SHACL Core validation. Several <c>--shacl</c> files are merged
/// (owl:imports is never followed, so a profile that imports another is given as both files). JSON-LD data is read with
/// the bundled contexts plus <c>--context-map</c>; Turtle and N-Quads are chosen by file extension.
/// </summary>
internal static class ShaclValidateCommand
{
    public static Option<string[]> ShapesOption() => new("--shacl")
    {
        Description = "SHACL shapes graph (Turtle .ttl or N-Quads .nq/.nt); repeat to merge several files",
        AllowMultipleArgumentsPerToken = false,
    };

    public static async Task<int> RunAsync(CliConsole console, string[] shapePaths, string dataPath, string? contextMapPath, CancellationToken cancellationToken)
    {
        var shapes = RdfMerge.Merge(shapePaths.Select(p => ReadRdf(p, "--shacl")).ToList());
        var data = IsRdfFile(dataPath)
            ? ReadRdf(dataPath, "--in")
            : await ToRdfAsync(console, dataPath, CliParsing.ContextLoader(contextMapPath), cancellationToken).ConfigureAwait(false);

        ShaclValidationReport report;
        try
        {
            report = ShaclValidator.Create(shapes).Validate(data, cancellationToken);
        }
        catch (ShaclException ex)
        {
            throw new CliException(ex.Message, ExitCodes.Of(ex));
        }

        console.WriteJson(new JsonObject
        {
            ["conforms"] = report.Conforms,
            ["shapes"] = new JsonArray(shapePaths.Select(p => (JsonNode)JsonValue.Create(p)!).ToArray()),
            ["results"] = new JsonArray(report.Results.Select(r => (JsonNode)new JsonObject
            {
                ["focusNode"] = r.FocusNode.ToString(),
                ["resultPath"] = r.ResultPath,
                ["value"] = r.Value?.ToString(),
                ["sourceShape"] = r.SourceShape.ToString(),
                ["sourceConstraintComponent"] = r.SourceConstraintComponent,
                ["severity"] = r.Severity,
                ["messages"] = new JsonArray(r.Messages.Select(m => (JsonNode)JsonValue.Create(m.Value)!).ToArray()),
            }).ToArray()),
        });
        if (!report.Conforms)
        {
            console.Error.WriteLine($"{dataPath}: {report.Results.Count} SHACL validation result(s)");
        }

        return report.Conforms ? ExitCodes.Success : ExitCodes.NotVerified;
    }

    private static bool IsRdfFile(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".ttl" or ".nq" or ".nt";

    private static IReadOnlyList<Quad> ReadRdf(string path, string option)
    {
        var text = CliConsole.ReadText(path, option);
        try
        {
            return Path.GetExtension(path).ToLowerInvariant() is ".nq" or ".nt"
                ? NQuads.Parse(text)
                : Turtle.Parse(text, new Uri(Path.GetFullPath(path)).AbsoluteUri);
        }
        catch (Exception ex) when (ex is FormatException or TurtleException)
        {
            throw CliConsole.Refused(path, option, ex.Message);
        }
    }

    /// <summary>
    /// JSON-LD to RDF. A term the contexts do not define is dropped by JSON-LD, and SHACL can then only report the
    /// property as missing; so safe mode runs first and names the first such loss in a note, then the document is
    /// validated as standard JSON-LD reads it.
    /// </summary>
    private static async Task<IReadOnlyList<Quad>> ToRdfAsync(CliConsole console, string path, IDocumentLoader loader, CancellationToken cancellationToken)
    {
        var document = CliConsole.ReadJson(path, "--in");
        var processor = new JsonLdProcessor(loader);
        try
        {
            return await processor.ToRdfAsync(document, new JsonLdOptions { SafeMode = true }, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonLdException ex) when (ex.Code.StartsWith("JSONLD_SAFE_MODE_", StringComparison.Ordinal))
        {
            console.Error.WriteLine($"note: {ex.Message}; validating the data without it");
        }
        catch (JsonLdException ex)
        {
            throw new CliException($"'{path}' is not usable JSON-LD ({ex.Code}): {ex.Message}", ExitCodes.Of(ex));
        }

        try
        {
            return await processor.ToRdfAsync(document, new JsonLdOptions(), cancellationToken).ConfigureAwait(false);
        }
        catch (JsonLdException ex)
        {
            throw new CliException($"'{path}' is not usable JSON-LD ({ex.Code}): {ex.Message}", ExitCodes.Of(ex));
        }
    }
}
