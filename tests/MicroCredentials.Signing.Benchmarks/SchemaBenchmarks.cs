using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using MicroCredentials.Signing.Schemas;
using MicroCredentials.Signing.Schemas.Validation;

namespace MicroCredentials.Signing.Benchmarks;

/// <summary>
/// OB 3.0 AchievementCredential JSON Schema validation of the rich OB 3.0 "complete" example (≈16 KB, endorsements,
/// alignments, evidence): the compiled schema on a parsed <see cref="JsonElement"/> (verdict only, and the full error
/// walk), and the whole <see cref="CredentialSchemaValidator.Validate"/> path from a <see cref="JsonObject"/>
/// (normalization, one UTF-8 write and parse, every applicable bundled schema).
/// Run: <c>dotnet run -c Release --project tests/MicroCredentials.Signing.Benchmarks -- --filter '*SchemaBenchmarks*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class SchemaBenchmarks
{
    private CompiledSchema schema = null!;
    private PooledJsonDocument valid = null!;
    private PooledJsonDocument invalid = null!;
    private JsonObject credential = null!;

    [GlobalSetup]
    public void Setup()
    {
        credential = RichCredential.Load("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK");
        schema = CredentialSchemaValidator.Default.Compiled(CredentialSchemaValidator.AchievementCredentialResource);
        valid = CredentialSchemaValidator.ToDocument(credential, normalize: true);
        var broken = (JsonObject)credential.DeepClone();
        broken["credentialSubject"]!["achievement"]!["criteria"] = "not an object";
        broken["validFrom"] = "yesterday";
        invalid = CredentialSchemaValidator.ToDocument(broken, normalize: true);
        if (!schema.IsValid(valid.RootElement) || !CredentialSchemaValidator.Default.Validate(credential).Valid || schema.IsValid(invalid.RootElement))
        {
            throw new InvalidOperationException("benchmark credentials do not have the expected verdicts");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        valid.Dispose();
        invalid.Dispose();
    }

    /// <summary>The compiled schema alone, verdict only (what a verifier needs for a conforming credential).</summary>
    [Benchmark(Baseline = true)]
    public bool CompiledIsValid() => schema.IsValid(valid.RootElement);

    /// <summary>The error walk on the same valid credential (paths are only built on failure, so this stays cheap).</summary>
    [Benchmark]
    public int CompiledErrorsOnValid() => schema.Errors(valid.RootElement).Count;

    /// <summary>The error walk on a credential with two violations (basic output units with locations).</summary>
    [Benchmark]
    public int CompiledErrorsOnInvalid() => schema.Errors(invalid.RootElement).Count;

    /// <summary>The public API from a <see cref="JsonObject"/>, as the verifier calls it.</summary>
    [Benchmark]
    public SchemaValidationResult ValidateJsonObject() => CredentialSchemaValidator.Default.Validate(credential);
}
