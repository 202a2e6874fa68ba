using System.Text;
using MicroCredentials.Signing.Rdf;
using MicroCredentials.Signing.Shacl;
using Xunit;

namespace MicroCredentials.Signing.Tests.Shacl;

/// <summary>What the W3C suite does not exercise: recursion, limits, cancellation, ill-formed shapes, messages and values.</summary>
public sealed class ShaclValidatorTests
{
    private const string Prefixes = "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://ex.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n";

    private static ShaclValidationReport Validate(string shapes, string data, ShaclOptions? options = null, CancellationToken ct = default) =>
        ShaclValidator.Create(Turtle.Parse(Prefixes + shapes), options).Validate(Turtle.Parse(Prefixes + data), ct);

    [Fact]
    public void Recursive_shape_on_cyclic_data_terminates_and_reports_the_real_violation()
    {
        const string shapes = """
            ex:Person a sh:NodeShape ; sh:targetClass ex:Person ;
              sh:property [ sh:path ex:knows ; sh:node ex:Person ] ;
              sh:property [ sh:path ex:name ; sh:minCount 1 ] .
            """;
        const string data = """
            ex:a a ex:Person ; ex:name "A" ; ex:knows ex:b .
            ex:b a ex:Person ; ex:name "B" ; ex:knows ex:a , ex:c .
            ex:c ex:knows ex:a .
            """;
        var report = Validate(shapes, data);
        Assert.False(report.Conforms);
        // ex:c has no name, so it does not conform to ex:Person; ex:b knows it, so ex:b does not; ex:a knows ex:b, so
        // ex:a does not either, and ex:b's link back to ex:a fails too. ex:c is no target (not typed), so no MinCount.
        Assert.All(report.Results, r => Assert.Equal("http://www.w3.org/ns/shacl#NodeConstraintComponent", r.SourceConstraintComponent));
        Assert.All(report.Results, r => Assert.Equal("<http://ex.org/knows>", r.ResultPath));
        Assert.Equal(
            ["a -> b", "b -> a", "b -> c"],
            report.Results.Select(r => $"{r.FocusNode.Value[^1]} -> {r.Value!.Value.Value[^1]}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Work_limit_is_a_coded_error()
    {
        var data = new StringBuilder();
        for (var i = 0; i < 500; i++)
        {
            data.Append($"ex:n{i} a ex:C ; ex:next ex:n{i + 1} .\n");
        }

        const string shapes = "ex:S sh:targetClass ex:C ; sh:property [ sh:path [ sh:zeroOrMorePath ex:next ] ; sh:minCount 1 ] .";
        var ex = Assert.Throws<ShaclException>(() => Validate(shapes, data.ToString(), new ShaclOptions { MaxWork = 10_000 }));
        Assert.Equal(ShaclErrorCodes.LimitWork, ex.Code);
        Assert.True(Validate(shapes, data.ToString()).Conforms);
    }

    [Fact]
    public void Cancellation_is_observed()
    {
        var data = new StringBuilder();
        for (var i = 0; i < 2000; i++)
        {
            data.Append($"ex:n{i} a ex:C .\n");
        }

        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Validate("ex:S sh:targetClass ex:C ; sh:class ex:C .", data.ToString(), ct: cts.Token));
    }

    [Theory]
    [InlineData("ex:S sh:targetNode ex:a ; sh:path [ sh:inversePath \"p\" ] .", ShaclErrorCodes.IllFormedPath)]
    [InlineData("ex:S sh:targetNode ex:a ; sh:path ( ex:p ) .", ShaclErrorCodes.IllFormedPath)]
    [InlineData("ex:S sh:targetNode ex:a ; sh:path \"p\" .", ShaclErrorCodes.IllFormedPath)]
    [InlineData("ex:S sh:targetNode ex:a ; sh:path ex:p ; sh:maxCount -1 .", ShaclErrorCodes.IllFormedShape)]
    [InlineData("ex:S sh:targetNode ex:a ; sh:or ex:notAList .", ShaclErrorCodes.IllFormedShape)]
    [InlineData("ex:S sh:targetNode ex:a ; sh:datatype \"xsd:string\" .", ShaclErrorCodes.IllFormedShape)]
    [InlineData("ex:S sh:targetNode ex:a ; sh:pattern \"(unclosed\" .", ShaclErrorCodes.InvalidPattern)]
    [InlineData("ex:S sh:targetNode ex:a ; sh:pattern \"a\" ; sh:flags \"z\" .", ShaclErrorCodes.InvalidPattern)]
    public void Ill_formed_shapes_are_refused_with_a_code(string shapes, string code)
    {
        var ex = Assert.Throws<ShaclException>(() => ShaclValidator.Create(Turtle.Parse(Prefixes + shapes)));
        Assert.Equal(code, ex.Code);
    }

    [Fact]
    public void Severity_and_messages_come_from_the_shape()
    {
        const string shapes = """
            ex:S sh:targetNode ex:a ; sh:property [
              sh:path ex:code ; sh:pattern "^ab" ; sh:flags "i" ; sh:severity sh:Warning ; sh:message "bad code"@en, "code invalide"@fr ] .
            """;
        var report = Validate(shapes, "ex:a ex:code \"ABc\", \"xab\" .");
        var result = Assert.Single(report.Results);
        Assert.False(report.Conforms);
        Assert.Equal(RdfTerm.Literal("xab"), result.Value);
        Assert.Equal("http://www.w3.org/ns/shacl#Warning", result.Severity);
        Assert.Equal([RdfTerm.Literal("bad code", language: "en"), RdfTerm.Literal("code invalide", language: "fr")], result.Messages);
    }

    [Fact]
    public void Generated_message_names_the_constraint_when_the_shape_has_none()
    {
        var report = Validate("ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:maxCount 1 ] .", "ex:a ex:p 1, 2 .");
        Assert.Equal("More than 1 values", Assert.Single(Assert.Single(report.Results).Messages).Value);
    }

    [Theory]
    [InlineData("\"2024-01-01T00:00:00Z\"^^xsd:dateTime", "\"2024-06-01T00:00:00Z\"^^xsd:dateTime", true)]
    [InlineData("\"2024-06-01T00:00:00Z\"^^xsd:dateTime", "\"2024-01-01T00:00:00+05:00\"^^xsd:dateTime", false)]
    [InlineData("\"2024-01-01T00:00:00\"^^xsd:dateTime", "\"2024-06-01T00:00:00Z\"^^xsd:dateTime", false)]
    [InlineData("3", "3.5", true)]
    [InlineData("\"1e1\"^^xsd:double", "11", true)]
    [InlineData("\"b\"", "\"a\"", false)]
    [InlineData("\"a\"", "3", false)]
    public void LessThan_compares_by_value_and_treats_incomparable_as_a_violation(string from, string until, bool conforms)
    {
        var report = Validate(
            "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:from ; sh:lessThan ex:until ] .",
            $"ex:a ex:from {from} ; ex:until {until} .");
        Assert.Equal(conforms, report.Conforms);
    }

    [Fact]
    public void Paths_follow_sequences_inverses_and_closures()
    {
        const string data = """
            ex:a ex:child ex:b . ex:b ex:child ex:c . ex:c ex:name "C" .
            ex:d ex:parentOf ex:a .
            """;
        string Shape(string path, int count) => $"ex:S sh:targetNode ex:a ; sh:property [ sh:path {path} ; sh:minCount {count} ; sh:maxCount {count} ] .";
        Assert.True(Validate(Shape("( [ sh:oneOrMorePath ex:child ] ex:name )", 1), data).Conforms);
        Assert.True(Validate(Shape("[ sh:zeroOrMorePath ex:child ]", 3), data).Conforms);
        Assert.True(Validate(Shape("[ sh:zeroOrOnePath ex:child ]", 2), data).Conforms);
        Assert.True(Validate(Shape("[ sh:inversePath ex:parentOf ]", 1), data).Conforms);
        Assert.True(Validate(Shape("[ sh:alternativePath ( ex:child [ sh:inversePath ex:parentOf ] ) ]", 2), data).Conforms);
        Assert.True(Validate(Shape("[ sh:inversePath ( ex:parentOf ex:child ) ]", 0), data).Conforms);
        // ^(child*) from a node that is no subject: itself (zero steps) and its parent.
        Assert.True(Validate(
            "ex:S sh:targetNode ex:z ; sh:property [ sh:path [ sh:inversePath [ sh:zeroOrMorePath ex:child ] ] ; sh:minCount 2 ; sh:maxCount 2 ] .",
            "ex:y ex:child ex:z .").Conforms);
        var report = Validate(Shape("( ex:child ex:child )", 2), data);
        Assert.Equal("(<http://ex.org/child>/<http://ex.org/child>)", Assert.Single(report.Results).ResultPath);
    }

    [Fact]
    public void Subclass_closure_is_read_from_the_data_graph()
    {
        const string shapes = "ex:S sh:targetClass ex:Animal ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .";
        const string data = """
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            ex:Dog rdfs:subClassOf ex:Mammal . ex:Mammal rdfs:subClassOf ex:Animal .
            ex:rex a ex:Dog .
            """;
        Assert.Equal(RdfTerm.Iri("http://ex.org/rex"), Assert.Single(Validate(shapes, data).Results).FocusNode);
    }

    [Fact]
    public void Deactivated_shapes_report_nothing_even_when_referenced()
    {
        const string shapes = """
            ex:S sh:targetNode ex:a ; sh:node ex:Off .
            ex:Off sh:deactivated true ; sh:class ex:Never .
            ex:T sh:targetNode ex:a ; sh:deactivated true ; sh:class ex:Never .
            """;
        Assert.True(Validate(shapes, "ex:a ex:p 1 .").Conforms);
    }
}
