using System.Diagnostics;
using MicroCredentials.Signing.Tests.Support;

namespace MicroCredentials.Signing.Tests.Canonicalization;

/// <summary>Runs a script under <c>tests/interop</c> with node, passing data on stdin. A missing node or node_modules fails the test.</summary>
internal static class NodeInterop
{
    public static async Task<string> RunAsync(string script, string stdin)
    {
        var interop = TestPaths.RepoFile("tests", "interop");
        if (!Directory.Exists(Path.Combine(interop, "node_modules")))
        {
            throw new InvalidOperationException($"node_modules missing in {interop}: run 'npm ci' there (CI does).");
        }

        var psi = new ProcessStartInfo("node", Path.Combine(interop, script))
        {
            WorkingDirectory = interop,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new System.Text.UTF8Encoding(false),
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("node is not installed or not on PATH; the interop tests need node 20.", ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"node {script} exited with {process.ExitCode}: {await stderr}");
            }

            return await stdout;
        }
    }
}
