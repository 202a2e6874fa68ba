using MicroCredentials.Signing.Cli;

namespace MicroCredentials.Signing.Tests.Support;

/// <summary>Runs <c>mcred</c> in-process, as the built tool would run, capturing its exit code, stdout and stderr.</summary>
internal static class CliRunner
{
    public static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await Program.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
