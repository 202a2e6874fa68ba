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

    /// <summary>The JSON-LD samples (those with an @context; the signed ones are JAdES envelopes).</summary>
    public static IReadOnlyList<string> JsonLdSamples { get; } =
    [
        TestPaths.ConformanceFile("in-the-wild", "elm3-european-learning-model", "samples", "Sample-CertOfPart-unsigned.jsonld"),
        TestPaths.ConformanceFile("in-the-wild", "elm3-european-learning-model", "samples", "Sample-MC-Annex1-unsigned.jsonld"),
        TestPaths.ConformanceFile("in-the-wild", "elm3-european-learning-model", "samples", "credential-sample.jsonld"),
    ];

    public static IReadOnlyList<Quad> FullProfile() => RdfMerge.Merge([ShaclSuite.ReadTurtle(FullShapes), ShaclSuite.ReadTurtle(NoCvShapes)]);

    public static StaticDocumentLoader Loader() => StaticDocumentLoader.Default.With(EdcContextUrl, File.ReadAllText(ContextFile));

    public static async Task<IReadOnlyList<Quad>> ToRdfAsync(string path) =>
        await new JsonLdProcessor(Loader()).ToRdfAsync(JsonNode.Parse(File.ReadAllText(path)), new JsonLdOptions());
}
