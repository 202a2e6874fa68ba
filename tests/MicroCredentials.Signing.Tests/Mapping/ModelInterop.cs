using System.Diagnostics;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Tests.Support;

namespace MicroCredentials.Signing.Tests.Mapping;

/// <summary>Runs tests/interop/model-expand.mjs (jsonld.js 9, safe mode, static loader) on a batch of documents.</summary>
internal static class ModelInterop
{
    public sealed record ExpandOutcome(string Name, bool Ok, string? Error, JsonNode? Expanded);

    public static IReadOnlyList<ExpandOutcome> Expand(IEnumerable<(string Name, JsonNode Document)> documents) =>
        Expand(documents.Select(d => (d.Name, d.Document, (JsonObject?)null)));

    public static IReadOnlyList<ExpandOutcome> Expand(IEnumerable<(string Name, JsonNode Document, JsonObject? Contexts)> documents)
    {
        var interop = TestPaths.RepoFile("tests", "interop");
        if (!Directory.Exists(Path.Combine(interop, "node_modules", "jsonld")))
        {
            throw new InvalidOperationException($"node_modules missing in {interop}: run 'npm ci' there (the interop cross-check cannot be skipped)");
        }

        var input = new JsonArray(documents.Select(d => (JsonNode)new JsonObject { ["name"] = d.Name, ["document"] = d.Document.DeepClone(), ["contexts"] = d.Contexts?.DeepClone() }).ToArray());
        var psi = new ProcessStartInfo("node", Path.Combine(interop, "model-expand.mjs"))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = interop,
        };
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException("could not start node");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("node is not installed or not on PATH: " + ex.Message, ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardInput.Write(input.ToJsonString());
            process.StandardInput.Close();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"model-expand.mjs exited {process.ExitCode}: {stderr.Result}");
            }

            var results = JsonNode.Parse(stdout.Result)!.AsArray();
            return results.Select(r => new ExpandOutcome(
                (string)r!["name"]!, (bool)r["ok"]!, (string?)r["error"], r["expanded"]?.DeepClone())).ToList();
        }
    }
}
