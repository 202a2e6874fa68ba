using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MicroCredentials.Signing.Json;
using MicroCredentials.Signing.JsonLd;
using MicroCredentials.Signing.Rdf;

namespace MicroCredentials.Signing.Tests.Hostile;

/// <summary>
/// One fuzz target: consumes an input, returns normally when the library accepted it or refused it with one of its
/// documented exceptions. Anything that escapes (another exception type, a broken invariant) is a finding.
/// </summary>
/// <param name="Name">The name used on the harness command line and as the corpus folder.</param>
/// <param name="Summary">What the target exercises.</param>
/// <param name="Run">The target itself.</param>
internal sealed record FuzzTarget(string Name, string Summary, Action<byte[]> Run);

/// <summary>The library accepted an input but a property that must hold for every accepted input did not.</summary>
internal sealed class FuzzInvariantException : Exception
{
    public FuzzInvariantException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// The fuzz targets, shared by the SharpFuzz harness (tests/MicroCredentials.Signing.Fuzz links this file) and the
/// regression tests that replay the seed corpus and every past finding.
/// </summary>
internal static partial class FuzzTargets
{
    /// <summary>Every target, in the order build/fuzz.sh runs them.</summary>
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("json", "SafeJson.Parse (default limits), TryParse agreement, parse -> serialise -> parse stability", Json),
        new("jsonld", "SafeJson -> JsonLdProcessor expand + toRdf (safe mode, static loader), output must be well-formed RDF", JsonLdTarget),
    ];

    /// <summary>The target with this name, or null.</summary>
    public static FuzzTarget? Find(string name)
    {
        foreach (var t in All)
        {
            if (string.Equals(t.Name, name, StringComparison.Ordinal))
            {
                return t;
            }
        }

        return null;
    }

    private static void Json(byte[] input)
    {
        var attempt = SafeJson.TryParse(input);
        JsonNode? node;
        try
        {
            node = SafeJson.Parse(input);
        }
        catch (JsonInputException ex)
        {
            Check(!attempt.Success && attempt.ErrorCode == ex.Code, $"TryParse said {attempt.ErrorCode ?? "ok"}, Parse threw {ex.Code}");
            return;
        }

        Check(attempt.Success, $"Parse accepted what TryParse refused with {attempt.ErrorCode}");
        var text = node?.ToJsonString() ?? "null";
        var again = SafeJson.Parse(text);
        Check(JsonNode.DeepEquals(node, again), "parse -> serialise -> parse changed the value");
        Check(string.Equals(again?.ToJsonString() ?? "null", text, StringComparison.Ordinal), "serialisation is not stable");
    }

    // Created per call, never in a static initializer: under afl, instrumented library code must not run before
    // SharpFuzz has mapped the coverage memory (it would crash the forkserver with an access violation).
    private static JsonLdOptions SafeOptions() => new() { SafeMode = true };

    private static void JsonLdTarget(byte[] input)
    {
        JsonNode? document;
        try
        {
            document = SafeJson.Parse(input);
        }
        catch (JsonInputException)
        {
            return;
        }

        // A fresh processor per input: no context cache carried between executions, so afl sees stable coverage.
        var processor = new JsonLdProcessor(StaticDocumentLoader.Default);
        IReadOnlyList<Quad> quads;
        try
        {
            processor.ExpandAsync(document, SafeOptions()).AsTask().GetAwaiter().GetResult();
            quads = processor.ToRdfAsync(document, SafeOptions()).AsTask().GetAwaiter().GetResult();
        }
        catch (JsonLdException)
        {
            return;
        }

        foreach (var q in quads)
        {
            CheckWellFormed(q);
        }
    }

    // toRdf must only produce terms N-Quads can carry: an IRI holding a space or '>' or a language tag holding a
    // space would make the canonical form ambiguous, and with it what a signature covers.
    private static void CheckWellFormed(in Quad q)
    {
        Check(q.Subject.IsIri || q.Subject.IsBlankNode, "subject is neither IRI nor blank node");
        Check(q.Predicate.IsIri, "predicate is not an IRI (safe mode never produces generalized RDF)");
        Check(q.Object.IsIri || q.Object.IsBlankNode || q.Object.IsLiteral, "object is not a term");
        Check(q.Graph.IsDefaultGraph || q.Graph.IsIri || q.Graph.IsBlankNode, "graph name is not an IRI or blank node");
        foreach (var t in (ReadOnlySpan<RdfTerm>)[q.Subject, q.Predicate, q.Object, q.Graph])
        {
            switch (t.Kind)
            {
                case RdfTermKind.Iri:
                    CheckIri(t.Value);
                    break;
                case RdfTermKind.BlankNode:
                    Check(BlankLabel().IsMatch(t.Value), $"blank-node label '{t.Value}' is not N-Quads");
                    break;
                case RdfTermKind.Literal:
                    CheckIri(t.Datatype ?? string.Empty);
                    Check(t.Language is null || LanguageTag().IsMatch(t.Language), $"language tag '{t.Language}' is not N-Quads");
                    Check(t.Language is null || t.Datatype == RdfTerm.RdfLangString, "language tag on a literal that is not rdf:langString");
                    break;
            }
        }
    }

    private static void CheckIri(string iri)
    {
        Check(AbsoluteIri().IsMatch(iri), $"'{iri}' is not an absolute IRI");
        foreach (var c in iri)
        {
            Check(c > ' ' && c is not ('<' or '>' or '"' or '{' or '}' or '|' or '^' or '`' or '\\'), $"IRI '{iri}' holds a character N-Quads forbids");
        }
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new FuzzInvariantException(message);
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex AbsoluteIri();

    [GeneratedRegex("^[A-Za-z]+(-[A-Za-z0-9]+)*$")]
    private static partial Regex LanguageTag();

    [GeneratedRegex("^[^\\s.:][^\\s]*$")]
    private static partial Regex BlankLabel();
}
