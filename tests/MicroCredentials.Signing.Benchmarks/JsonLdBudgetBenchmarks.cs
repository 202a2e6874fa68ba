using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using MicroCredentials.Signing.JsonLd;
using MicroCredentials.Signing.Tests.Support;

namespace MicroCredentials.Signing.Benchmarks;

/// <summary>
/// The JSON-LD work budget (issue 11 §4): CPU per hostile document, from the bytes to the verdict of the context check
/// (safe-mode expansion with the default limits against the bundled contexts). Each case ends accepted or refused with
/// <c>JSONLD_LIMIT_WORK</c>; the goal is under 250 ms on one core for anything within the default input limits.
/// </summary>
[MemoryDiagnoser]
public class JsonLdBudgetBenchmarks
{
    private readonly JsonLdProcessor processor = new(StaticDocumentLoader.Default);
    private string text = string.Empty;

    [ParamsSource(nameof(Cases))]
    public string Case { get; set; } = string.Empty;

    public static IEnumerable<string> Cases => HostileContexts.WorstCases.Select(c => c.Name);

    [GlobalSetup]
    public void Setup()
    {
        text = HostileContexts.WorstCases.Single(c => c.Name == Case).Build().ToJsonString();
        Console.WriteLine($"// {Case}: {text.Length:N0} bytes, verdict {Run().Result}");
    }

    [Benchmark(Description = "parse + safe-mode expand (default limits)")]
    public Task<string> Expand() => Run();

    private async Task<string> Run()
    {
        try
        {
            var expanded = await processor.ExpandAsync(JsonNode.Parse(text), new JsonLdOptions { SafeMode = true }).ConfigureAwait(false);
            return "accepted (" + expanded.Count + " nodes)";
        }
        catch (JsonLdException ex)
        {
            return ex.Code;
        }
    }
}
