using MicroCredentials.Signing.Rdf;
using Xunit;

namespace MicroCredentials.Signing.Tests.Rdf;

public class RdfTermTests
{
    [Fact]
    public void PlainLiteralHasXsdStringDatatype()
    {
        var term = RdfTerm.Literal("x");
        Assert.Equal(RdfTerm.XsdString, term.Datatype);
        Assert.Equal("\"x\"", term.ToString());
    }

    [Fact]
    public void LanguageTaggedLiteralHasLangStringDatatype()
    {
        var term = RdfTerm.Literal("x", language: "en");
        Assert.Equal(RdfTerm.RdfLangString, term.Datatype);
        Assert.Equal("\"x\"@en", term.ToString());
    }

    [Fact]
    public void BlankNodeLabelDropsPrefix()
    {
        Assert.Equal(RdfTerm.BlankNode("_:b0"), RdfTerm.BlankNode("b0"));
        Assert.NotEqual(RdfTerm.BlankNode("b0"), RdfTerm.Iri("b0"));
    }
}
