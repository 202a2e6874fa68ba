namespace MicroCredentials.Signing.Schemas.Validation;

/// <summary>The JSON Schema drafts this validator implements.</summary>
internal enum SchemaDraft
{
    /// <summary>Draft 2019-09 (the OB 3.0 schemas): <c>items</c> array form, <c>additionalItems</c>, <c>$recursiveRef</c>.</summary>
    Draft201909,

    /// <summary>Draft 2020-12: <c>prefixItems</c>, <c>$dynamicRef</c>, separate unevaluated and format vocabularies.</summary>
    Draft202012,
}

/// <summary>A draft plus the vocabularies a meta-schema enables (<c>$vocabulary</c>); keywords of other vocabularies are ignored.</summary>
internal sealed class Dialect
{
    public const string Meta201909 = "https://json-schema.org/draft/2019-09/schema";
    public const string Meta202012 = "https://json-schema.org/draft/2020-12/schema";

    public const string Core201909 = "https://json-schema.org/draft/2019-09/vocab/core";
    public const string Applicator201909 = "https://json-schema.org/draft/2019-09/vocab/applicator";
    public const string Validation201909 = "https://json-schema.org/draft/2019-09/vocab/validation";
    public const string Format201909 = "https://json-schema.org/draft/2019-09/vocab/format";
    public const string MetaData201909 = "https://json-schema.org/draft/2019-09/vocab/meta-data";
    public const string Content201909 = "https://json-schema.org/draft/2019-09/vocab/content";

    public const string Core202012 = "https://json-schema.org/draft/2020-12/vocab/core";
    public const string Applicator202012 = "https://json-schema.org/draft/2020-12/vocab/applicator";
    public const string Unevaluated202012 = "https://json-schema.org/draft/2020-12/vocab/unevaluated";
    public const string Validation202012 = "https://json-schema.org/draft/2020-12/vocab/validation";
    public const string FormatAnnotation202012 = "https://json-schema.org/draft/2020-12/vocab/format-annotation";
    public const string FormatAssertion202012 = "https://json-schema.org/draft/2020-12/vocab/format-assertion";
    public const string MetaData202012 = "https://json-schema.org/draft/2020-12/vocab/meta-data";
    public const string Content202012 = "https://json-schema.org/draft/2020-12/vocab/content";

    private static readonly string[] Known =
    [
        Core201909, Applicator201909, Validation201909, Format201909, MetaData201909, Content201909,
        Core202012, Applicator202012, Unevaluated202012, Validation202012, FormatAnnotation202012, FormatAssertion202012, MetaData202012, Content202012,
    ];

    public static readonly Dialect Default201909 = new(SchemaDraft.Draft201909, applicator: true, unevaluated: true, validation: true, formatAssertion: false);

    public static readonly Dialect Default202012 = new(SchemaDraft.Draft202012, applicator: true, unevaluated: true, validation: true, formatAssertion: false);

    private Dialect(SchemaDraft draft, bool applicator, bool unevaluated, bool validation, bool formatAssertion)
    {
        Draft = draft;
        Applicator = applicator;
        Unevaluated = unevaluated;
        Validation = validation;
        FormatAssertion = formatAssertion;
    }

    public SchemaDraft Draft { get; }

    public bool Applicator { get; }

    public bool Unevaluated { get; }

    public bool Validation { get; }

    /// <summary>The 2020-12 format-assertion vocabulary is on: <c>format</c> asserts whatever the caller's options say.</summary>
    public bool FormatAssertion { get; }

    public static Dialect ForDraft(SchemaDraft draft) => draft == SchemaDraft.Draft201909 ? Default201909 : Default202012;

    /// <summary>The built-in dialect a meta-schema URI names, or null when the meta-schema must be read.</summary>
    public static Dialect? Builtin(string metaSchemaUri) => SchemaUri.WithoutFragment(metaSchemaUri) switch
    {
        Meta201909 => Default201909,
        Meta202012 => Default202012,
        _ => null,
    };

    /// <summary>The dialect a custom meta-schema declares with <c>$vocabulary</c> (draft taken from the meta-schema's own <c>$schema</c>).</summary>
    /// <exception cref="SchemaCompilationException">A required vocabulary is unknown.</exception>
    public static Dialect FromVocabularies(SchemaDraft draft, IReadOnlyDictionary<string, bool> vocabularies)
    {
        foreach (var (uri, required) in vocabularies)
        {
            if (required && Array.IndexOf(Known, uri) < 0)
            {
                throw new SchemaCompilationException($"meta-schema requires the unknown vocabulary '{uri}'");
            }
        }

        var v = vocabularies.Keys.ToHashSet(StringComparer.Ordinal);
        return draft == SchemaDraft.Draft201909
            ? new Dialect(draft, v.Contains(Applicator201909), v.Contains(Applicator201909), v.Contains(Validation201909), formatAssertion: false)
            : new Dialect(draft, v.Contains(Applicator202012), v.Contains(Unevaluated202012), v.Contains(Validation202012), v.Contains(FormatAssertion202012));
    }
}

/// <summary>A schema could not be compiled (unresolvable reference, unknown required vocabulary, invalid regular expression…).</summary>
internal sealed class SchemaCompilationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SchemaCompilationException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SchemaCompilationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public SchemaCompilationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
