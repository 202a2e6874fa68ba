namespace MicroCredentials.Signing.Rdf;

/// <summary>The RDF, RDFS and XSD namespace IRIs and the RDF terms every reader and writer of lists and types needs.</summary>
internal static class RdfVocabulary
{
    public const string RdfNs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public const string RdfsNs = "http://www.w3.org/2000/01/rdf-schema#";
    public const string XsdNs = "http://www.w3.org/2001/XMLSchema#";

    public static readonly RdfTerm Type = RdfTerm.Iri(RdfNs + "type");
    public static readonly RdfTerm First = RdfTerm.Iri(RdfNs + "first");
    public static readonly RdfTerm Rest = RdfTerm.Iri(RdfNs + "rest");
    public static readonly RdfTerm Nil = RdfTerm.Iri(RdfNs + "nil");
}
