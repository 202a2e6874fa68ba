using System.Text.Json.Nodes;
using MicroCredentials.Signing.JsonLd;
using MicroCredentials.Signing.Rdf;
using MicroCredentials.Signing.Tests.Support;

namespace MicroCredentials.Signing.Tests.Shacl;

/// <summary>
/// The EC's EDC shapes and JSON-LD sample credentials. EDC-generic-full owl:imports EDC-generic-no-cv; nothing is
/// fetched, so "the full profile" here is the union of the two local files.
/// </summary>
internal static class EdcSamples
{
    public const string EdcContextUrl = "http://data.europa.eu/snb/model/context/edc-ap";

    public static string ShapesDir => TestPaths.ConformanceFile("elm3", "rdf", "ap", "edc");

    public static string FullShapes => Path.Combine(ShapesDir, "EDC-generic-full.ttl");

    public static string NoCvShapes => Path.Combine(ShapesDir, "EDC-generic-no-cv.ttl");

    public static string ContextFile => Path.Combine(ShapesDir, "edc-ap-context.jsonld");

    private static string SampleFile(string name) => TestPaths.ConformanceFile("in-the-wild", "elm3-european-learning-model", "samples", name);

    /// <summary>The unsigned JSON-LD samples, as files.</summary>
    public static IReadOnlyList<string> JsonLdSamples { get; } =
    [
        SampleFile("Sample-CertOfPart-unsigned.jsonld"),
        SampleFile("Sample-MC-Annex1-unsigned.jsonld"),
        SampleFile("credential-sample.jsonld"),
    ];

    /// <summary>
    /// Every EC sample credential as JSON-LD: the three unsigned files; the payload of the two JAdES-sealed files (JWS
    /// JSON serialization with the unencoded credential as its "payload" string); and the "credential" member of the
    /// uploadable Annex I file.
    /// </summary>
    public static IReadOnlyList<(string Name, JsonNode Credential)> AllCredentials()
    {
        var list = JsonLdSamples.Select(f => (Path.GetFileName(f), JsonNode.Parse(File.ReadAllText(f))!)).ToList();
        foreach (var signed in new[] { "Sample-CertOfPart-signed.jsonld", "Sample-MC-Annex1-signed.jsonld" })
        {
            var envelope = JsonNode.Parse(File.ReadAllText(SampleFile(signed)))!;
            list.Add((signed + " (payload)", JsonNode.Parse((string)envelope["payload"]!)!));
        }

        var uploadable = JsonNode.Parse(File.ReadAllText(SampleFile("Sample-MC-Annex1-unsigned-uploadable.json")))!;
        list.Add(("Sample-MC-Annex1-unsigned-uploadable.json (credential)", uploadable["credential"]!.DeepClone()));
        return list;
    }

    public static IReadOnlyList<Quad> FullProfile() => RdfMerge.Merge([ShaclSuite.ReadTurtle(FullShapes), ShaclSuite.ReadTurtle(NoCvShapes)]);

    public static StaticDocumentLoader Loader() => StaticDocumentLoader.Default.With(EdcContextUrl, File.ReadAllText(ContextFile));

    public static async Task<IReadOnlyList<Quad>> ToRdfAsync(JsonNode credential) =>
        await new JsonLdProcessor(Loader()).ToRdfAsync(credential, new JsonLdOptions());
}
