using System.Globalization;

namespace MicroCredentials.Signing.Model;

/// <summary>
/// The EU controlled vocabularies the model uses, generated from the ELM 3 XSDs
/// (<c>../shared/conformance/elm3/xsd/loq/cv</c>; regenerated and compared by a test).
/// </summary>
public static class Vocabularies
{
    /// <summary>European Qualifications Framework levels (<c>http://data.europa.eu/snb/eqf/1</c> … <c>/8</c>).</summary>
    public static Vocabulary Eqf { get; } = new("eqf", "European Qualifications Framework", EqfCode);

    /// <summary>National qualifications framework levels and frameworks as registered in the EU's QDR (<c>http://data.europa.eu/snb/qdr/…</c>).</summary>
    public static Vocabulary Nqf { get; } = new("nqf", "National qualifications frameworks (QDR)");

    /// <summary>ISCED-F 2013 fields of education and training (<c>http://data.europa.eu/snb/isced-f/0613</c>).</summary>
    public static Vocabulary IscedF { get; } = new("isced-f", "ISCED-F 2013");

    /// <summary>Credit point systems (ECTS, ECVET).</summary>
    public static Vocabulary CreditPoints { get; } = new("credit-points", "Europass credit point systems", aliases: new Dictionary<string, string>
    {
        ["ects"] = "6fcec5c5af",
        ["ects credits"] = "6fcec5c5af",
        ["ecvet"] = "60b314e826",
    });

    /// <summary>Learning assessment types (<c>http://data.europa.eu/snb/assessment/…</c>: written examination, portfolio, …).</summary>
    public static Vocabulary AssessmentTypes { get; } = new("assessment-types", "Europass learning assessment types", aliases: new Dictionary<string, string>
    {
        ["written exam"] = "6e6cb2cc78",
        ["exam"] = "6e6cb2cc78",
        ["oral exam"] = "d30284d7df",
        ["project"] = "795dac4096",
        ["practical exam"] = "6a4db9f11d",
        ["practical assignment"] = "6a4db9f11d",
        ["attendance"] = "7331eb4762",
        ["digital artefact assessment"] = "de4d165a6c",
    });

    /// <summary>Modes of learning and assessment, the form of participation (<c>http://data.europa.eu/snb/learning-assessment/…</c>: online, presential, blended, …).</summary>
    public static Vocabulary Modes { get; } = new("modes", "Europass modes of learning and assessment", aliases: new Dictionary<string, string>
    {
        ["onsite"] = "9191af2ed9",
        ["on-site"] = "9191af2ed9",
        ["on site"] = "9191af2ed9",
        ["in person"] = "9191af2ed9",
        ["in-person"] = "9191af2ed9",
        ["face-to-face"] = "9191af2ed9",
        ["face to face"] = "9191af2ed9",
        ["presential"] = "9191af2ed9",
        ["distance"] = "920fbb3cbe",
        ["remote"] = "920fbb3cbe",
        ["hybrid"] = "e92d221e4d",
        ["work-based"] = "729f3bed4b",
    });

    /// <summary>Learning setting types: formal or non-formal learning.</summary>
    public static Vocabulary LearningSettings { get; } = new("learning-settings", "Europass learning setting types", aliases: new Dictionary<string, string>
    {
        ["formal"] = "6fd4685715",
        ["non-formal"] = "e207a81fc7",
        ["nonformal"] = "e207a81fc7",
        ["non formal"] = "e207a81fc7",
    });

    /// <summary>Learning schedule types: full time, part time light, part time intensive.</summary>
    public static Vocabulary LearningSchedules { get; } = new("learning-schedules", "Europass learning schedule types", aliases: new Dictionary<string, string>
    {
        ["full-time"] = "72a0ab92fa",
        ["fulltime"] = "72a0ab92fa",
    });

    /// <summary>Countries (EU Publications Office authority table; codes ISO 3166-1 alpha-3, alpha-2 accepted).</summary>
    public static Vocabulary Countries { get; } = new("countries", "EU country authority table", CountryCode);

    /// <summary>Languages (EU Publications Office authority table; ISO 639-1 codes and BCP 47 tags accepted).</summary>
    public static Vocabulary Languages { get; } = new("languages", "EU language authority table", LanguageCode);

    /// <summary>Europass credential types (generic, learning activity, qualification award, …).</summary>
    public static Vocabulary CredentialTypes { get; } = new("credential-types", "Europass credential types");

    /// <summary>Accreditation (quality assurance) types: institutional or programme quality assurance or licence.</summary>
    public static Vocabulary AccreditationTypes { get; } = new("accreditation-types", "Europass accreditation types", aliases: new Dictionary<string, string>
    {
        ["program quality assurance"] = "820101cba6",
        ["programme quality assurance"] = "820101cba6",
        ["institutional accreditation"] = "bb4618238e",
    });

    /// <summary>Content encodings (base64) of embedded files.</summary>
    public static Vocabulary ContentEncodings { get; } = new("content-encodings", "Europass content encoding types", aliases: new Dictionary<string, string>
    {
        ["base64"] = "6146cde7dd",
    });

    /// <summary>File types (EU Publications Office authority table: PNG, PDF, …).</summary>
    public static Vocabulary FileTypes { get; } = new("file-types", "EU file type authority table", static text =>
        text.StartsWith("image/", StringComparison.OrdinalIgnoreCase) || text.StartsWith("application/", StringComparison.OrdinalIgnoreCase) ? text[(text.IndexOf('/', StringComparison.Ordinal) + 1)..] : null);

    /// <summary>Every vocabulary above.</summary>
    public static IReadOnlyList<Vocabulary> All { get; } =
        [Eqf, Nqf, IscedF, CreditPoints, AssessmentTypes, Modes, LearningSettings, LearningSchedules, Countries, Languages, CredentialTypes, AccreditationTypes, ContentEncodings, FileTypes];

    /// <summary>The European Credit Transfer System concept (<c>http://data.europa.eu/snb/education-credit/6fcec5c5af</c>).</summary>
    public static Concept Ects => CreditPoints.Find(CreditPoints.BaseUri + "6fcec5c5af")!;

    /// <summary>The concept with this URI in any vocabulary above, or null.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="uri"/> is null.</exception>
    public static Concept? FindAny(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.Contains(':', StringComparison.Ordinal) ? All.Select(v => v.Find(uri)).FirstOrDefault(c => c is not null) : null;
    }

    /// <summary>The vocabulary whose namespace holds <paramref name="uri"/>, listed or not, or null.</summary>
    internal static Vocabulary? Owner(string uri) => All.FirstOrDefault(v => v.Owns(uri));

    private static string? EqfCode(string text)
    {
        // "EQF 6", "EQF level 6", "Level 6".
        var digits = text.Where(char.IsAsciiDigit).ToArray();
        return digits.Length == 1 && (text.Contains("eqf", StringComparison.OrdinalIgnoreCase) || text.StartsWith("level", StringComparison.OrdinalIgnoreCase))
            ? digits[0].ToString(CultureInfo.InvariantCulture)
            : null;
    }

    private static string? CountryCode(string text) => CountryCodes.Normalize(text) is { Length: 2 } alpha2 && CountryCodes.IsValid(alpha2) ? CountryCodes.Alpha3(alpha2) : null;

    private static string? LanguageCode(string text)
    {
        var primary = text.Split('-', '_')[0];
        return primary.Length switch
        {
            2 when primary.All(char.IsAsciiLetter) => LanguageCodes.EuCode(primary.ToLowerInvariant()),
            3 when primary.All(char.IsAsciiLetter) && primary.Length < text.Length => primary,
            _ => null,
        };
    }
}
