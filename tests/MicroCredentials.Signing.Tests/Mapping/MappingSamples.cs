using System.Text.Json.Nodes;
using MicroCredentials.Signing.Mapping;
using MicroCredentials.Signing.Model;
using MicroCredentials.Signing.Tests.Support;

namespace MicroCredentials.Signing.Tests.Mapping;

/// <summary>The element samples and the credentials the mapper makes of them (fixed ids, so output is deterministic).</summary>
internal static class MappingSamples
{
    public static readonly string[] ValidSamples = ["minimal-valid.json", "rich-valid.json"];

    public static MicroCredential Load(string file) =>
        MicroCredentialJson.Parse(File.ReadAllText(TestPaths.RepoFile("samples", "elements", file)));

    public static MappingOptions Options(VcDataModelVersion version, bool schema = false) => new()
    {
        VcVersion = version,
        CredentialId = "urn:uuid:6a3c1a4e-8a43-4a8e-9a52-1a6d0f1c2b3d",
        AchievementId = "https://uniz.example.edu/achievements/mc-42",
        IncludeCredentialSchema = schema,
    };

    /// <summary>Every sample credential: each valid sample × VC 2.0 / 1.1 × with and without credentialSchema.</summary>
    public static IEnumerable<(string Name, JsonObject Credential)> Credentials()
    {
        foreach (var file in ValidSamples)
        {
            var elements = Load(file);
            foreach (var version in new[] { VcDataModelVersion.V2, VcDataModelVersion.V1_1 })
            {
                foreach (var schema in new[] { false, true })
                {
                    yield return ($"{file} vc{(version == VcDataModelVersion.V2 ? "2.0" : "1.1")}{(schema ? " +schema" : string.Empty)}",
                        OpenBadgesMapper.ToCredential(elements, Options(version, schema)));
                }
            }
        }
    }
}
