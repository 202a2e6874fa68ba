using MicroCredentials.Signing.Rdf;

namespace MicroCredentials.Signing.Shacl;

/// <summary>The IRIs of the SHACL, RDF and RDFS vocabulary the validator reads.</summary>
internal static class ShaclVocabulary
{
    public const string Sh = "http://www.w3.org/ns/shacl#";
    public const string Rdf = RdfVocabulary.RdfNs;
    public const string Rdfs = RdfVocabulary.RdfsNs;
    public const string Xsd = RdfVocabulary.XsdNs;

    public static readonly RdfTerm RdfType = RdfVocabulary.Type;
    public static readonly RdfTerm RdfFirst = RdfVocabulary.First;
    public static readonly RdfTerm RdfRest = RdfVocabulary.Rest;
    public static readonly RdfTerm RdfNil = RdfVocabulary.Nil;
    public static readonly RdfTerm RdfsSubClassOf = RdfTerm.Iri(Rdfs + "subClassOf");
    public static readonly RdfTerm RdfsClass = RdfTerm.Iri(Rdfs + "Class");

    public static readonly RdfTerm NodeShape = S("NodeShape");
    public static readonly RdfTerm PropertyShape = S("PropertyShape");
    public static readonly RdfTerm TargetNode = S("targetNode");
    public static readonly RdfTerm TargetClass = S("targetClass");
    public static readonly RdfTerm TargetSubjectsOf = S("targetSubjectsOf");
    public static readonly RdfTerm TargetObjectsOf = S("targetObjectsOf");
    public static readonly RdfTerm Path = S("path");
    public static readonly RdfTerm InversePath = S("inversePath");
    public static readonly RdfTerm AlternativePath = S("alternativePath");
    public static readonly RdfTerm ZeroOrMorePath = S("zeroOrMorePath");
    public static readonly RdfTerm OneOrMorePath = S("oneOrMorePath");
    public static readonly RdfTerm ZeroOrOnePath = S("zeroOrOnePath");
    public static readonly RdfTerm Deactivated = S("deactivated");
    public static readonly RdfTerm Severity = S("severity");
    public static readonly RdfTerm Message = S("message");
    public static readonly RdfTerm Violation = S("Violation");
    public static readonly RdfTerm Warning = S("Warning");
    public static readonly RdfTerm Info = S("Info");

    public static readonly RdfTerm Class = S("class");
    public static readonly RdfTerm Datatype = S("datatype");
    public static readonly RdfTerm NodeKind = S("nodeKind");
    public static readonly RdfTerm MinCount = S("minCount");
    public static readonly RdfTerm MaxCount = S("maxCount");
    public static readonly RdfTerm MinExclusive = S("minExclusive");
    public static readonly RdfTerm MinInclusive = S("minInclusive");
    public static readonly RdfTerm MaxExclusive = S("maxExclusive");
    public static readonly RdfTerm MaxInclusive = S("maxInclusive");
    public static readonly RdfTerm MinLength = S("minLength");
    public static readonly RdfTerm MaxLength = S("maxLength");
    public static readonly RdfTerm Pattern = S("pattern");
    public static readonly RdfTerm Flags = S("flags");
    public static readonly RdfTerm LanguageIn = S("languageIn");
    public static readonly RdfTerm UniqueLang = S("uniqueLang");
    public static readonly RdfTerm EqualsP = S("equals");
    public static readonly RdfTerm Disjoint = S("disjoint");
    public static readonly RdfTerm LessThan = S("lessThan");
    public static readonly RdfTerm LessThanOrEquals = S("lessThanOrEquals");
    public static readonly RdfTerm Not = S("not");
    public static readonly RdfTerm And = S("and");
    public static readonly RdfTerm Or = S("or");
    public static readonly RdfTerm Xone = S("xone");
    public static readonly RdfTerm Node = S("node");
    public static readonly RdfTerm Property = S("property");
    public static readonly RdfTerm QualifiedValueShape = S("qualifiedValueShape");
    public static readonly RdfTerm QualifiedMinCount = S("qualifiedMinCount");
    public static readonly RdfTerm QualifiedMaxCount = S("qualifiedMaxCount");
    public static readonly RdfTerm QualifiedValueShapesDisjoint = S("qualifiedValueShapesDisjoint");
    public static readonly RdfTerm Closed = S("closed");
    public static readonly RdfTerm IgnoredProperties = S("ignoredProperties");
    public static readonly RdfTerm HasValue = S("hasValue");
    public static readonly RdfTerm In = S("in");

    public static readonly RdfTerm BlankNodeKind = S("BlankNode");
    public static readonly RdfTerm IriKind = S("IRI");
    public static readonly RdfTerm LiteralKind = S("Literal");
    public static readonly RdfTerm BlankNodeOrIriKind = S("BlankNodeOrIRI");
    public static readonly RdfTerm BlankNodeOrLiteralKind = S("BlankNodeOrLiteral");
    public static readonly RdfTerm IriOrLiteralKind = S("IRIOrLiteral");

    /// <summary>The shape-valued parameters: their values are shapes even when nothing else says so.</summary>
    public static readonly RdfTerm[] ShapeParameters = [Not, Node, Property, QualifiedValueShape];

    /// <summary>The list-of-shapes parameters.</summary>
    public static readonly RdfTerm[] ShapeListParameters = [And, Or, Xone];

    public static readonly RdfTerm[] Targets = [TargetNode, TargetClass, TargetSubjectsOf, TargetObjectsOf];

    private static RdfTerm S(string local) => RdfTerm.Iri(Sh + local);
}
