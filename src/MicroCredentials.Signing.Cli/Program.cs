using System.CommandLine;

namespace MicroCredentials.Signing.Cli;

/// <summary>Entry point of the <c>mcred</c> command.</summary>
public static class Program
{
    /// <summary>Runs the command line; exit codes: 0 success/verified, 1 not verified/refused, 2 usage error or unusable input.</summary>
    public static int Main(string[] args)
    {
        var root = new RootCommand("mcred: issue, sign, verify and revoke EU micro-credentials as Open Badges 3.0");
        return root.Parse(args).Invoke();
    }
}
