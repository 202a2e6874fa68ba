using MicroCredentials.Signing.Rdf;
using Xunit;

namespace MicroCredentials.Signing.Tests.Rdf;

public sealed class TurtleTests
{
    private const string Xsd = "http://www.w3.org/2001/XMLSchema#";
    private const string RdfNs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

    private static RdfTerm I(string iri) => RdfTerm.Iri(iri);

    [Fact]
    public void Reads_directives_prefixed_names_and_a()
    {
        var quads = Turtle.Parse("""
            @prefix ex: <http://ex.org/ns#> .
            PREFIX  other: <http://other.org/>
            prefix : <http://default.org/>
            @base <http://base.org/dir/doc> .
            ex:s a ex:C ; other:p :o , <rel> .
            BASE <http://second.org/a/b/>
            <../up> ex:p\~x ex:a.b .
            ex:s ex:q ex:loc%20al, ex:1st, ex:a:b .
            """);
        Assert.Equal(
            [
                new Quad(I("http://ex.org/ns#s"), I(RdfNs + "type"), I("http://ex.org/ns#C"), RdfTerm.DefaultGraph),
                new Quad(I("http://ex.org/ns#s"), I("http://other.org/p"), I("http://default.org/o"), RdfTerm.DefaultGraph),
                new Quad(I("http://ex.org/ns#s"), I("http://other.org/p"), I("http://base.org/dir/rel"), RdfTerm.DefaultGraph),
                new Quad(I("http://second.org/a/up"), I("http://ex.org/ns#p~x"), I("http://ex.org/ns#a.b"), RdfTerm.DefaultGraph),
                new Quad(I("http://ex.org/ns#s"), I("http://ex.org/ns#q"), I("http://ex.org/ns#loc%20al"), RdfTerm.DefaultGraph),
                new Quad(I("http://ex.org/ns#s"), I("http://ex.org/ns#q"), I("http://ex.org/ns#1st"), RdfTerm.DefaultGraph),
                new Quad(I("http://ex.org/ns#s"), I("http://ex.org/ns#q"), I("http://ex.org/ns#a:b"), RdfTerm.DefaultGraph),
            ],
            quads);
    }

    [Fact]
    public void Reads_literals_numbers_booleans_and_escapes()
    {
        const string Q3 = "\"\"\"";
        var quads = Turtle.Parse(
            "<urn:s> <urn:p> \"plain\", 'single', \"chat\"@fr-BE, \"5\"^^<http://www.w3.org/2001/XMLSchema#int>,\n"
            + "  42, -7, +1.5, .5, 1e3, -2.5E-2, true, false,\n"
            + "  \"tab\\tquote\\\"uni\\u00e9\\U0001F600\", '''long 'quoted' ''', " + Q3 + "two\nlines" + Q3 + " , "
            + Q3 + "ends in quote\\\"" + Q3 + " .");
        var o = quads.Select(q => q.Object).ToList();
        Assert.Equal(RdfTerm.Literal("plain"), o[0]);
        Assert.Equal(RdfTerm.Literal("single"), o[1]);
        Assert.Equal(RdfTerm.Literal("chat", language: "fr-BE"), o[2]);
        Assert.Equal(RdfTerm.Literal("5", Xsd + "int"), o[3]);
        Assert.Equal(RdfTerm.Literal("42", Xsd + "integer"), o[4]);
        Assert.Equal(RdfTerm.Literal("-7", Xsd + "integer"), o[5]);
        Assert.Equal(RdfTerm.Literal("+1.5", Xsd + "decimal"), o[6]);
        Assert.Equal(RdfTerm.Literal(".5", Xsd + "decimal"), o[7]);
        Assert.Equal(RdfTerm.Literal("1e3", Xsd + "double"), o[8]);
        Assert.Equal(RdfTerm.Literal("-2.5E-2", Xsd + "double"), o[9]);
        Assert.Equal(RdfTerm.Literal("true", Xsd + "boolean"), o[10]);
        Assert.Equal(RdfTerm.Literal("false", Xsd + "boolean"), o[11]);
        Assert.Equal("tab\tquote\"uni\u00e9\U0001F600", o[12].Value);
        Assert.Equal("long 'quoted' ", o[13].Value);
        Assert.Equal("two\nlines", o[14].Value);
        Assert.Equal("ends in quote\"", o[15].Value);
    }

    [Fact]
    public void Reads_blank_nodes_property_lists_and_collections()
    {
        var quads = Turtle.Parse("""
            @prefix : <urn:> .
            _:a :p [ :q 1 ; :r [] ] .
            [ :s :t ] .
            [] :u ( 1 :x ( ) ) .
            ( ) :v _:a .
            """);
        var first = I(RdfNs + "first");
        var rest = I(RdfNs + "rest");
        var nil = I(RdfNs + "nil");
        Assert.Equal(12, quads.Count);
        var a = quads[^1].Object;
        Assert.True(a.IsBlankNode);
        Assert.Equal(a, quads.Single(q => q.Predicate == I("urn:p")).Subject);
        var inner = quads.Single(q => q.Predicate == I("urn:p")).Object;
        Assert.Contains(new Quad(inner, I("urn:q"), RdfTerm.Literal("1", Xsd + "integer"), RdfTerm.DefaultGraph), quads);
        Assert.True(quads.Single(q => q.Predicate == I("urn:r")).Object.IsBlankNode);
        Assert.Single(quads, q => q.Predicate == I("urn:s") && q.Subject.IsBlankNode);
        var head = quads.Single(q => q.Predicate == I("urn:u")).Object;
        Assert.Contains(new Quad(head, first, RdfTerm.Literal("1", Xsd + "integer"), RdfTerm.DefaultGraph), quads);
        var second = quads.Single(q => q.Subject == head && q.Predicate == rest).Object;
        Assert.Contains(new Quad(second, first, I("urn:x"), RdfTerm.DefaultGraph), quads);
        var third = quads.Single(q => q.Subject == second && q.Predicate == rest).Object;
        Assert.Contains(new Quad(third, first, nil, RdfTerm.DefaultGraph), quads);
        Assert.Contains(new Quad(third, rest, nil, RdfTerm.DefaultGraph), quads);
        Assert.Contains(new Quad(nil, I("urn:v"), a, RdfTerm.DefaultGraph), quads);
        // Document labels and generated nodes never share a label.
        Assert.Equal(quads.SelectMany(q => new[] { q.Subject, q.Object }).Where(t => t.IsBlankNode).Distinct().Count(),
            quads.SelectMany(q => new[] { q.Subject, q.Object }).Where(t => t.IsBlankNode).Select(t => t.Value).Distinct().Count());
    }

    [Theory]
    [InlineData("<urn:s> <urn:p> .", TurtleErrorCodes.Syntax, 1, 17)]
    [InlineData("<urn:s> <urn:p> <urn:o>", TurtleErrorCodes.Syntax, 1, 24)]
    [InlineData("\n\nex:s <urn:p> <urn:o> .", TurtleErrorCodes.UndefinedPrefix, 3, 1)]
    [InlineData("<urn:s> <urn:p> <rel> .", TurtleErrorCodes.InvalidIri, 1, 17)]
    [InlineData("<urn:s> <urn:p> <urn:a b> .", TurtleErrorCodes.InvalidIri, 1, 23)]
    [InlineData("<urn:s> <urn:p> \"bad \\q escape\" .", TurtleErrorCodes.InvalidEscape, 1, 22)]
    [InlineData("<urn:s> <urn:p> \"\\uD800\" .", TurtleErrorCodes.InvalidEscape, 1, 18)]
    [InlineData("<urn:s> <urn:p> \"open", TurtleErrorCodes.Syntax, 1, 17)]
    [InlineData("@prefix ex: <urn:> .\nex:s ex:p ex:a\\x .", TurtleErrorCodes.InvalidEscape, 2, 15)]
    [InlineData("@keywords a .", TurtleErrorCodes.Syntax, 1, 1)]
    [InlineData("[] .", TurtleErrorCodes.Syntax, 1, 4)]
    [InlineData("<urn:s> <urn:p> ( <urn:o> .", TurtleErrorCodes.Syntax, 1, 27)]
    public void Errors_carry_a_code_and_line_and_column(string text, string code, int line, int column)
    {
        var ex = Assert.Throws<TurtleException>(() => Turtle.Parse(text));
        Assert.Equal(code, ex.Code);
        Assert.Equal((line, column), (ex.Line, ex.Column));
        Assert.StartsWith($"{code}: Turtle line {line}:{column}: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_and_size_limits_are_errors_not_stack_overflows()
    {
        var deep = "<urn:s> <urn:p> " + string.Concat(Enumerable.Repeat("[ <urn:p> ", 10_000)) + "1" + new string(']', 10_000) + " .";
        Assert.Equal(TurtleErrorCodes.TooDeep, Assert.Throws<TurtleException>(() => Turtle.Parse(deep)).Code);
        var lists = "<urn:s> <urn:p> " + new string('(', 200) + new string(')', 200) + " .";
        Assert.Equal(TurtleErrorCodes.TooDeep, Assert.Throws<TurtleException>(() => Turtle.Parse(lists)).Code);
        Assert.Equal(129, Turtle.Parse("<urn:s> <urn:p> " + new string('(', 128) + "1" + new string(')', 128) + " .", maxDepth: 128).Count(q => q.Predicate.Value.EndsWith("first", StringComparison.Ordinal)) + 1);
        Assert.Equal(TurtleErrorCodes.TooLarge, Assert.Throws<TurtleException>(() => Turtle.Parse("<urn:s> <urn:p> <urn:o> .", maxChars: 10)).Code);
    }

    [Fact]
    public void Trailing_semicolons_and_comments_are_allowed()
    {
        var quads = Turtle.Parse("<urn:s> <urn:p> <urn:o> ;; # comment\n ; <urn:q> \"x#not a comment\" ; . # end");
        Assert.Equal(2, quads.Count);
        Assert.Equal("x#not a comment", quads[1].Object.Value);
    }
}
