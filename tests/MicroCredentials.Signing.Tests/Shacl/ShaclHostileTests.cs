using MicroCredentials.Signing.Rdf;
using MicroCredentials.Signing.Shacl;
using MicroCredentials.Signing.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace MicroCredentials.Signing.Tests.Shacl;

/// <summary>
/// Seeded corruptions of real inputs: a damaged Turtle file is a <see cref="TurtleException"/> or parses, and a
/// damaged shapes graph is a <see cref="ShaclException"/> or validates; nothing else may escape.
/// </summary>
public sealed class ShaclHostileTests(ITestOutputHelper output)
{
    private const int Seed = 15_04;

    [Fact]
    public void Corrupted_turtle_fails_only_with_a_turtle_exception()
    {
        var text = File.ReadAllText(EdcSamples.FullShapes);
        var rng = new Random(Seed);
        const string noise = "<>\"'\\:;,.[]()_@^#%~ \n\tax0é\u0399";
        int parsed = 0, refused = 0;
        for (var i = 0; i < 400; i++)
        {
            var chars = text.ToCharArray().ToList();
            for (var edits = rng.Next(1, 4); edits > 0; edits--)
            {
                var at = rng.Next(chars.Count);
                switch (rng.Next(3))
                {
                    case 0: chars.RemoveAt(at); break;
                    case 1: chars.Insert(at, noise[rng.Next(noise.Length)]); break;
                    default: chars[at] = noise[rng.Next(noise.Length)]; break;
                }
            }

            var mutant = i % 10 == 0 ? text[..rng.Next(text.Length)] : new string([.. chars]);
            try
            {
                Turtle.Parse(mutant, "file:///edc.ttl");
                parsed++;
            }
            catch (TurtleException)
            {
                refused++;
            }
        }

        output.WriteLine($"{parsed} parsed, {refused} refused");
        Assert.True(refused > 100, $"only {refused} refused");
    }

    [Fact]
    public void Corrupted_shapes_fail_only_with_a_shacl_exception()
    {
        var sh = "http://www.w3.org/ns/shacl#";
        RdfTerm[] replacements =
        [
            RdfTerm.Literal("x"), RdfTerm.Literal("-3", "http://www.w3.org/2001/XMLSchema#integer"), RdfTerm.Literal("true", "http://www.w3.org/2001/XMLSchema#boolean"),
            RdfTerm.Iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#nil"), RdfTerm.BlankNode("fresh"), RdfTerm.Iri(sh + "IRI"), RdfTerm.Iri("http://ex.org/other"),
        ];
        RdfTerm[] predicates = [.. new[] { "path", "class", "node", "property", "or", "in", "minCount", "pattern", "datatype", "qualifiedValueShape", "inversePath", "closed" }.Select(p => RdfTerm.Iri(sh + p))];
        var rng = new Random(Seed);
        var tests = ShaclSuite.Tests.Where(t => !t.Id.StartsWith("complex/", StringComparison.Ordinal)).ToList();
        int validated = 0, refused = 0;
        for (var i = 0; i < 1500; i++)
        {
            var test = tests[i % tests.Count];
            var shapes = ShaclSuite.ReadTurtle(test.ShapesFile).ToList();
            var at = rng.Next(shapes.Count);
            shapes[at] = rng.Next(2) == 0
                ? shapes[at] with { Object = replacements[rng.Next(replacements.Length)] }
                : shapes[at] with { Predicate = predicates[rng.Next(predicates.Length)] };
            try
            {
                ShaclValidator.Create(shapes).Validate(ShaclSuite.ReadTurtle(test.DataFile));
                validated++;
            }
            catch (ShaclException)
            {
                refused++;
            }
        }

        output.WriteLine($"{validated} validated, {refused} refused");
        Assert.True(refused > 50, $"only {refused} refused");
        Assert.True(validated > 500, $"only {validated} validated");
    }
}
