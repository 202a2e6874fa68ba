using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MicroCredentials.Signing.Canonicalization;
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
        new("nquads", "NQuads.Parse; parse -> serialise -> parse must give the same quads and the same text", NQuadsTarget),
        new("rdfc", "NQuads.Parse -> Rdfc10.Canonicalize with tight limits; invariant under relabelling and reordering, a fixed point", RdfcTarget),
        new("json", "SafeJson.Parse (default limits), TryParse agreement, parse -> serialise -> parse stability", Json),
        new("jcs", "SafeJson -> JsonCanonicalizer (RFC 8785); idempotent, JsonNode and JsonElement overloads agree", JcsTarget),
        new("jsonld", "SafeJson -> JsonLdProcessor expand + toRdf (safe mode, static loader), output must be well-formed RDF", JsonLdTarget),
        new("jsonld-context", "random @context (as object, array or import) applied to a body that uses its own terms, scoped three deep, with a tight work budget; a warm processor must give what a cold one gives", JsonLdContextTarget),
        new("verify", "CredentialVerifier.VerifyAsync over bytes (offline, tight limits); never throws, never fails internally, verifies only the signed seeds", VerifyTarget),
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

    // Tight enough that afl spends its executions on parsing and hashing, not on legitimately expensive graphs;
    // reaching one of these limits is a documented outcome. Built per call: see SafeOptions.
    internal static RdfcOptions TightRdfc() => new()
    {
        MaxBlankNodes = 256,
        MaxQuads = 4_096,
        MaxHashNDegreeQuadsCalls = 512,
        MaxPermutations = 20_000,
    };

    private static string Text(byte[] input) => Encoding.UTF8.GetString(input);

    private static void NQuadsTarget(byte[] input)
    {
        IReadOnlyList<Quad> quads;
        try
        {
            quads = NQuads.Parse(Text(input));
        }
        catch (FormatException)
        {
            return;
        }

        var serialized = NQuads.Serialize(quads);
        IReadOnlyList<Quad> again;
        try
        {
            again = NQuads.Parse(serialized);
        }
        catch (FormatException ex)
        {
            throw new FuzzInvariantException("Parse refuses what Serialize wrote: " + ex.Message);
        }

        Check(quads.SequenceEqual(again), "parse -> serialise -> parse changed the quads");
        Check(string.Equals(NQuads.Serialize(again), serialized, StringComparison.Ordinal), "serialisation is not stable");
    }

    private static void RdfcTarget(byte[] input)
    {
        IReadOnlyList<Quad> quads;
        try
        {
            quads = NQuads.Parse(Text(input));
        }
        catch (FormatException)
        {
            return;
        }

        CanonicalizationResult result;
        try
        {
            result = Rdfc10.Canonicalize(quads, TightRdfc());
        }
        catch (CanonicalizationException)
        {
            return;
        }

        // The canonical form names blank nodes by structure only, so relabelling them and reordering the quads
        // must give the same bytes; and canonicalizing the canonical form must change nothing.
        var relabelled = Relabel(quads);
        var other = Rdfc10.Canonicalize(relabelled, TightRdfc());
        Check(string.Equals(other.NQuads, result.NQuads, StringComparison.Ordinal), "canonical form depends on blank-node labels or quad order");
        var fixedPoint = Rdfc10.Canonicalize(NQuads.Parse(result.NQuads), TightRdfc());
        Check(string.Equals(fixedPoint.NQuads, result.NQuads, StringComparison.Ordinal), "canonical form is not a fixed point");
        Check(result.CanonicalQuads.Count == result.NQuads.Count(c => c == '\n'), "CanonicalQuads and NQuads disagree");
    }

    // Reverse order, labels renamed in reverse order of first appearance: deterministic and unrelated to the input's labels.
    private static List<Quad> Relabel(IReadOnlyList<Quad> quads)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        RdfTerm Map(RdfTerm t)
        {
            if (!t.IsBlankNode)
            {
                return t;
            }

            if (!names.TryGetValue(t.Value, out var name))
            {
                name = "z" + (quads.Count * 4 - names.Count).ToString(CultureInfo.InvariantCulture);
                names.Add(t.Value, name);
            }

            return RdfTerm.BlankNode(name);
        }

        var result = new List<Quad>(quads.Count);
        for (var i = quads.Count - 1; i >= 0; i--)
        {
            var q = quads[i];
            result.Add(new Quad(Map(q.Subject), Map(q.Predicate), Map(q.Object), Map(q.Graph)));
        }

        return result;
    }

    private static void JcsTarget(byte[] input)
    {
        JsonNode? node;
        try
        {
            node = SafeJson.Parse(input);
        }
        catch (JsonInputException)
        {
            return;
        }

        string canonical;
        try
        {
            canonical = JsonCanonicalizer.Canonicalize(node);
        }
        catch (CanonicalizationException)
        {
            return;
        }

        JsonNode? again;
        try
        {
            again = SafeJson.Parse(canonical);
        }
        catch (JsonInputException ex)
        {
            throw new FuzzInvariantException("JCS output is refused by SafeJson: " + ex.Code);
        }

        Check(string.Equals(JsonCanonicalizer.Canonicalize(again), canonical, StringComparison.Ordinal), "JCS is not idempotent");
        using var document = System.Text.Json.JsonDocument.Parse(node?.ToJsonString() ?? "null");
        Check(string.Equals(JsonCanonicalizer.Canonicalize(document.RootElement), canonical, StringComparison.Ordinal), "JsonNode and JsonElement canonicalizations differ");
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

        var serialized = NQuads.Serialize(quads);
        IReadOnlyList<Quad> reparsed;
        try
        {
            reparsed = NQuads.Parse(serialized);
        }
        catch (FormatException ex)
        {
            throw new FuzzInvariantException("toRdf produced a term N-Quads cannot carry: " + ex.Message);
        }

        Check(quads.SequenceEqual(reparsed), "toRdf output does not survive N-Quads serialisation");
        try
        {
            Rdfc10.Canonicalize(quads, TightRdfc());
        }
        catch (CanonicalizationException)
        {
            // A documented refusal of a legitimately expensive graph.
        }
    }

    // Small enough that afl spends its time finding expensive contexts, not executing them.
    internal static JsonLdOptions BudgetOptions() => new() { SafeMode = true, Limits = JsonLdLimits.Default with { MaxWork = 20_000 } };

    private static void JsonLdContextTarget(byte[] input)
    {
        JsonNode? context;
        try
        {
            context = SafeJson.Parse(input);
        }
        catch (JsonInputException)
        {
            return;
        }

        var document = ContextFuzzDocument(context);
        var processor = new JsonLdProcessor(StaticDocumentLoader.Default);
        string first;
        try
        {
            first = processor.ExpandAsync(document, BudgetOptions()).AsTask().GetAwaiter().GetResult().ToJsonString();
        }
        catch (JsonLdException)
        {
            return;
        }

        // The memo of processed contexts (shared across documents and per run) must never change a result:
        // expanding again on the warm processor, and once more on a cold one, gives the same expanded form.
        string again;
        try
        {
            again = processor.ExpandAsync(document, BudgetOptions()).AsTask().GetAwaiter().GetResult().ToJsonString();
        }
        catch (JsonLdException ex)
        {
            throw new FuzzInvariantException("a warm processor refused what a cold one accepted: " + ex.Code);
        }

        Check(string.Equals(first, again, StringComparison.Ordinal), "a warm processor expanded differently from a cold one");
    }

    /// <summary>
    /// A document whose @context is <paramref name="context"/> and whose body uses every term that context names,
    /// each nested three deep under the others, so scoped contexts are applied in many orders and at many depths.
    /// </summary>
    internal static JsonObject ContextFuzzDocument(JsonNode? context)
    {
        var terms = new List<string>();
        void Collect(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var kv in o)
                    {
                        if (kv.Key.Length > 0 && kv.Key[0] != '@' && terms.Count < 8 && !terms.Contains(kv.Key))
                        {
                            terms.Add(kv.Key);
                        }

                        Collect(kv.Value);
                    }

                    break;
                case JsonArray a:
                    foreach (var item in a)
                    {
                        Collect(item);
                    }

                    break;
            }
        }

        Collect(context);
        terms.AddRange(["type", "id", "name"]);
        JsonNode Body(int depth)
        {
            var node = new JsonObject();
            foreach (var term in terms)
            {
                node[term] = term switch
                {
                    "type" => terms[0],
                    "id" => "urn:x:" + depth,
                    _ => depth == 0 ? "x" : new JsonArray(Body(depth - 1), "y"),
                };
            }

            return node;
        }

        var document = (JsonObject)Body(2);
        document["@context"] = context?.DeepClone();
        return document;
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
