using System.CommandLine;

namespace MicroCredentials.Signing.Cli.Commands;

/// <summary>The list of top-level commands. One line per command; each command lives in its own file.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Create(CliConsole console)
    {
        yield return KeygenCommand.Create(console);
        yield return SignCommand.Create(console);
        yield return PresentCommand.Create(console);
        yield return VerifyCommand.Create(console);
        yield return IssueCommand.Create(console);
        yield return StatusCommand.Create(console);
        yield return SignJwtCommand.Create(console);
        yield return BakeCommand.Create(console);
        yield return ExtractCommand.Create(console);
        yield return DemoCommand.Create(console);
        yield return BenchCommand.Create(console);
        yield return CanonicalizeCommand.Create(console);
        _ = console;
        yield return MapCommand.Create(console);
        yield return ValidateCommand.Create(console);
        yield return ControllerDocumentCommand.Create(console);
        yield return JadesCommand.Create(console);
        yield return JadesCommand.CreateSeal(console);
    }
}
