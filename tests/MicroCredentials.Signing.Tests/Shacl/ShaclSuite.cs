using MicroCredentials.Signing.Rdf;
using MicroCredentials.Signing.Shacl;
using MicroCredentials.Signing.Tests.Support;

namespace MicroCredentials.Signing.Tests.Shacl;

/// <summary>
/// Reads the W3C SHACL Core test suite in ../shared/conformance/shacl-core: the manifests (mf:include, mf:entries), each
/// test's data and shapes graphs and its expected report. Turtle files are read with their file: URI as base, so
/// <c>&lt;&gt;</c> is the file itself, as the suite intends.
/// </summary>
internal static class ShaclSuite
{
    private const string Mf = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#";
    private const string Sht = "http://www.w3.org/ns/shacl-test#";
    private const string Sh = "http://www.w3.org/ns/shacl#";

    private static readonly Lazy<IReadOnlyList<SuiteTest>> TestsLazy = new(Load);

    public static IReadOnlyList<SuiteTest> Tests => TestsLazy.Value;

    public static string Root => TestPaths.ConformanceFile("shacl-core");

    public static IReadOnlyList<Quad> ReadTurtle(string path) => Turtle.Parse(File.ReadAllText(path), new Uri(path).AbsoluteUri);

    /// <summary>A result reduced to a comparable key: blank nodes collapse to <c>_:</c> (blank-node insensitive).</summary>
    public static string Key(RdfTerm focus, string? path, RdfTerm? value, RdfTerm sourceShape, string component, string severity) =>
        string.Join(" | ", Term(focus), path ?? "-", value is { } v ? Term(v) : "-", Term(sourceShape), component, severity);

    public static string Key(ShaclValidationResult r) => Key(r.FocusNode, r.ResultPath, r.Value, r.SourceShape, r.SourceConstraintComponent, r.Severity);

    private static string Term(RdfTerm t) => t.IsBlankNode ? "_:" : t.ToString();

    private static List<SuiteTest> Load()
    {
        var tests = new List<SuiteTest>();
        LoadManifest(Path.Combine(Root, "manifest.ttl"), tests);
        return tests;
    }

    private static void LoadManifest(string path, List<SuiteTest> tests)
    {
        var quads = ReadTurtle(path);
        var g = new TripleIndex(quads);
        var self = RdfTerm.Iri(new Uri(path).AbsoluteUri);
        foreach (var include in g.Objects(self, RdfTerm.Iri(Mf + "include")))
        {
            LoadManifest(new Uri(include.Value).LocalPath, tests);
        }

        foreach (var list in g.Objects(self, RdfTerm.Iri(Mf + "entries")))
        {
            foreach (var entry in g.List(list)!)
            {
                var action = g.One(entry, RdfTerm.Iri(Mf + "action"))!.Value;
                var result = g.One(entry, RdfTerm.Iri(Mf + "result"))!.Value;
                var data = g.One(action, RdfTerm.Iri(Sht + "dataGraph"))!.Value.Value;
                var shapes = g.One(action, RdfTerm.Iri(Sht + "shapesGraph"))!.Value.Value;
                var conforms = g.One(result, RdfTerm.Iri(Sh + "conforms"))!.Value.Value == "true";
                var expected = new List<string>();
                foreach (var r in g.Objects(result, RdfTerm.Iri(Sh + "result")))
                {
                    string? resultPath = null;
                    if (g.One(r, RdfTerm.Iri(Sh + "resultPath")) is { } pathNode)
                    {
                        resultPath = ShaclPath.Parse(g, pathNode, out var error)?.ToString() ?? throw new InvalidDataException(error);
                    }

                    expected.Add(Key(
                        g.One(r, RdfTerm.Iri(Sh + "focusNode"))!.Value,
                        resultPath,
                        g.One(r, RdfTerm.Iri(Sh + "value")),
                        g.One(r, RdfTerm.Iri(Sh + "sourceShape"))!.Value,
                        g.One(r, RdfTerm.Iri(Sh + "sourceConstraintComponent"))!.Value.Value,
                        g.One(r, RdfTerm.Iri(Sh + "resultSeverity"))!.Value.Value));
                }

                var id = Path.GetRelativePath(Root, new Uri(entry.Value).LocalPath).Replace('\\', '/');
                tests.Add(new SuiteTest(id, new Uri(data).LocalPath, new Uri(shapes).LocalPath, conforms, expected));
            }
        }
    }
}

/// <summary>One suite test: its id (folder/name), the files of its data and shapes graphs, and the expected report.</summary>
internal sealed record SuiteTest(string Id, string DataFile, string ShapesFile, bool Conforms, IReadOnlyList<string> ExpectedResults);
