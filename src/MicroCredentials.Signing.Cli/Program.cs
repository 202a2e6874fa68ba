using System.CommandLine;
using MicroCredentials.Signing.Canonicalization;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Json;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Trust;
using MicroCredentials.Signing.Cli.Commands;
using MicroCredentials.Signing.Verification;

namespace MicroCredentials.Signing.Cli;

/// <summary>Entry point of the <c>mcred</c> command.</summary>
public static class Program
{
    /// <summary>Runs the command line with the process's console.</summary>
    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error);

    /// <summary>
    /// Runs the command line against the given writers, so tests can drive it in-process.
    /// Exit codes: see <see cref="ExitCodes"/>. Nothing escapes as an exception: every failure is one line on stderr.
    /// </summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default) =>
        RunAsync(args, null, stdout, stderr, cancellationToken);

    /// <summary>
    /// Runs the command line with <paramref name="stdin"/> as standard input (for <c>verify --in -</c>); null means the
    /// process's own. Otherwise as <see cref="RunAsync(string[], TextWriter, TextWriter, CancellationToken)"/>.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, Stream? stdin, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var root = CreateRoot(new CliConsole(stdout, stderr, stdin is null ? null : () => stdin));
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync(error.Message).ConfigureAwait(false);
            }

            return ExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var (code, message) = Classify(ex, cancellationToken);
            await stderr.WriteLineAsync("error: " + CliConsole.OneLine(message)).ConfigureAwait(false);
            return code;
        }
    }

    /// <summary>The command tree (docs/cli.md documents every command and option in it).</summary>
    internal static RootCommand CreateRoot(CliConsole console)
    {
        var root = new RootCommand("mcred: issue, sign, verify and revoke EU micro-credentials as Open Badges 3.0");

        // Each capability contributes its commands; keep one line per command file.
        foreach (var command in CommandCatalog.Create(console))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    // The last line of defence: a command that forgot to translate an exception must still exit with a code and one
    // line, never the runtime's crash (exit 134) and a stack trace. Type names stay out: they mean nothing to a user.
    private static (int Code, string Message) Classify(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        CliException cli => (cli.ExitCode, cli.Message),
        JsonInputException json => (ExitCodes.Usage, $"unusable JSON ({json.Code} at {json.JsonPath ?? "$"}): {json.Message}"),
        MicroCredentialsException refused => (ExitCodes.Of(refused), refused.Message.StartsWith(refused.Code, StringComparison.Ordinal) ? refused.Message : $"{refused.Code}: {refused.Message}"),
        OperationCanceledException when cancellationToken.IsCancellationRequested => (ExitCodes.NotVerified, "cancelled"),
        // A file or folder the user named cannot be read or written (an --out or --db path, say): unusable input.
        UnauthorizedAccessException or IOException => (ExitCodes.Usage, ex.Message),
        Microsoft.Data.Sqlite.SqliteException => (ExitCodes.Usage, "the status store cannot be used: " + ex.Message),
        FormatException or ArgumentException => (ExitCodes.Usage, ex.Message),
        _ => (ExitCodes.NotVerified, "internal failure: " + ex.Message),
    };
}

/// <summary>The process exit codes of <c>mcred</c>.</summary>
public static class ExitCodes
{
    /// <summary>Success, or the credential verified.</summary>
    public const int Success = 0;

    /// <summary>The credential did not verify, or the operation was refused.</summary>
    public const int NotVerified = 1;

    /// <summary>Usage error or unusable input.</summary>
    public const int Usage = 2;

    /// <summary>The outcome could not be determined: nothing was found wrong, but a fact (a key, a status) could not be established.</summary>
    public const int Indeterminate = 3;

    /// <summary>
    /// The one exit code of a library error, by its stable code, for every command: a fact that could not be
    /// established (a status list or registry out of reach) is indeterminate; a signer that failed, or a work budget
    /// a hostile graph exhausted (which fails verification the same way), is a refused operation; everything else means
    /// the input cannot be used.
    /// </summary>
    public static int Of(MicroCredentialsException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return OfErrorCode(error.Code);
    }

    /// <summary>The exit code for a library error code (see <see cref="Of(MicroCredentialsException)"/>; the table in docs/codes.md).</summary>
    public static int OfErrorCode(string code) =>
        code switch
        {
            StatusErrorCodes.StatusRetrievalError or IssuerRegistryErrorCodes.Unavailable => Indeterminate,
            DataIntegrityErrorCodes.ProofGenerationError
                or CanonicalizationException.WorkLimitExceeded
                or CanonicalizationException.TooManyBlankNodes
                or CanonicalizationException.TooManyQuads => NotVerified,
            _ => Usage,
        };

    /// <summary>The exit code of one verified input: 0 verified, 3 indeterminate, 1 failed.</summary>
    public static int Of(VerificationOutcome outcome) => outcome switch
    {
        VerificationOutcome.Verified => Success,
        VerificationOutcome.Indeterminate => Indeterminate,
        _ => NotVerified,
    };
}

/// <summary>A failure a command reports to the user with a specific exit code (default: usage/unusable input).</summary>
public sealed class CliException(string message, int exitCode = ExitCodes.Usage) : Exception(message)
{
    /// <summary>The exit code to return.</summary>
    public int ExitCode { get; } = exitCode;
}
