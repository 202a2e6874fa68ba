using Microsoft.AspNetCore.Mvc;

namespace MicroCredentials.Signing.VcApi;

/// <summary>
/// RFC 9457 problem details (<c>application/problem+json</c>) for every error the service answers with: a
/// <c>type</c> URI under <see cref="TypeBase"/>, the <c>status</c>, a <c>detail</c> naming the problem, and a stable
/// <c>code</c> extension. Errors raised by the framework (401, 403, 404, 405, 413, 415, 429, 500) get the same shape
/// through <c>AddProblemDetails</c>, the status-code pages and the exception handler.
/// </summary>
public static class Problems
{
    /// <summary>The prefix of every problem <c>type</c> this service defines.</summary>
    public const string TypeBase = "https://w3id.org/vc-api/problems#";

    /// <summary>The body is not what the endpoint takes.</summary>
    public const string InvalidRequest = "INVALID_REQUEST";

    /// <summary>The credential names an issuer other than this service's.</summary>
    public const string InvalidIssuer = "INVALID_ISSUER";

    /// <summary>No credential with that id was issued here with a status.</summary>
    public const string CredentialNotFound = "CREDENTIAL_NOT_FOUND";

    /// <summary>A credential with that id was already issued with a status.</summary>
    public const string DuplicateCredential = "DUPLICATE_CREDENTIAL";

    /// <summary>No such resource.</summary>
    public const string NotFound = "NOT_FOUND";

    /// <summary>Too many requests from this client in the window.</summary>
    public const string RateLimited = "RATE_LIMITED";

    /// <summary>The body is larger than the configured limit.</summary>
    public const string RequestTooLarge = "REQUEST_TOO_LARGE";

    /// <summary>A 400 <see cref="InvalidRequest"/> problem.</summary>
    public static IResult Invalid(string detail) => Create(StatusCodes.Status400BadRequest, InvalidRequest, detail);

    /// <summary>A problem response.</summary>
    public static IResult Create(int status, string code, string detail) =>
        Results.Problem(new ProblemDetails
        {
            Type = TypeBase + code,
            Title = code,
            Status = status,
            Detail = detail,
            Extensions = { ["code"] = code },
        });

    /// <summary>The <c>code</c> of a framework-raised status, for the problem details written by the status-code pages.</summary>
    public static string CodeFor(int status) => status switch
    {
        400 => InvalidRequest,
        401 => "UNAUTHENTICATED",
        403 => "INSUFFICIENT_SCOPE",
        404 => NotFound,
        405 => "METHOD_NOT_ALLOWED",
        413 => RequestTooLarge,
        415 => "UNSUPPORTED_MEDIA_TYPE",
        429 => RateLimited,
        503 => "UNAVAILABLE",
        _ => status >= 500 ? "INTERNAL_ERROR" : "HTTP_" + status,
    };
}
