using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using MicroCredentials.Signing.Mapping;
using MicroCredentials.Signing.Model;
using MicroCredentials.Signing.Schemas;

namespace MicroCredentials.Signing.Benchmarks;

/// <summary>Elements → OB 3.0 → elements, and schema validation, on the rich sample (every element).</summary>
[MemoryDiagnoser]
public class MappingBenchmarks
{
    private string elementsJson = string.Empty;
    private MicroCredential elements = new();
    private JsonObject credential = new();
    private readonly MappingOptions options = new() { CredentialId = "urn:uuid:6a3c1a4e-8a43-4a8e-9a52-1a6d0f1c2b3d", AchievementId = "urn:uuid:00000000-0000-4000-8000-000000000001" };

    [GlobalSetup]
    public void Setup()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MicroCredentials.Signing.sln")))
        {
            dir = dir.Parent;
        }

        elementsJson = File.ReadAllText(Path.Combine(dir!.FullName, "samples", "elements", "rich-valid.json"));
        elements = MicroCredentialJson.Parse(elementsJson);
        credential = OpenBadgesMapper.ToCredential(elements, options);
        _ = CredentialSchemaValidator.Default.Validate(credential);
    }

    [Benchmark]
    public MicroCredential ParseElements() => MicroCredentialJson.Parse(elementsJson);

    [Benchmark]
    public MicroCredentialValidationResult ValidateElements() => MicroCredentialValidator.Validate(elements);

    [Benchmark]
    public JsonObject ToCredential() => OpenBadgesMapper.ToCredential(elements, options);

    [Benchmark]
    public CredentialReadResult FromCredential() => OpenBadgesMapper.FromCredential(credential);

    [Benchmark]
    public SchemaValidationResult SchemaValidate() => CredentialSchemaValidator.Default.Validate(credential);
}
