using System.Diagnostics;
using System.Text.Json.Nodes;
using Xunit;

namespace MicroCredentials.Signing.Tests.Status;

/// <summary>Runs <c>mcred status allocate</c> in a child process and kills it mid-stream.</summary>
internal static class ChildProcess
{
    public static async Task<List<int>> AllocateThenKillAsync(string dbPath, string listUrl, int killAfter)
    {
        var mcred = Path.Combine(AppContext.BaseDirectory, "mcred.dll");
        Assert.True(File.Exists(mcred), "mcred.dll must be beside the tests: " + mcred);
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { mcred, "status", "allocate", "--store", dbPath, "--list", listUrl, "--count", "100000" })
        {
            psi.ArgumentList.Add(a);
        }

        using var child = Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet");
        var printed = new List<int>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (printed.Count < killAfter)
        {
            var line = await child.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                var err = await child.StandardError.ReadToEndAsync(timeout.Token);
                throw new InvalidOperationException($"the child exited early (code {(child.HasExited ? child.ExitCode : -1)}): {err}");
            }

            printed.Add(int.Parse(JsonNode.Parse(line)!["statusListIndex"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        }

        // SIGKILL while it keeps allocating: it is somewhere inside or between transactions.
        child.Kill(entireProcessTree: true);
        await child.WaitForExitAsync(timeout.Token);
        // Lines it wrote before dying are still in the pipe.
        while (await child.StandardOutput.ReadLineAsync(timeout.Token) is { } rest)
        {
            if (rest.Length > 0)
            {
                printed.Add(int.Parse(JsonNode.Parse(rest)!["statusListIndex"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return printed;
    }
}
