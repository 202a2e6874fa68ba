using System.Diagnostics;
using System.Runtime.InteropServices;
using Xunit;

namespace MicroCredentials.Signing.Pkcs11.Tests;

/// <summary>
/// A real SoftHSM2 installation in a temporary folder: its own <c>softhsm2.conf</c> and token directory, tokens
/// initialised with <c>softhsm2-util --init-token --free</c>. SoftHSM reads <c>SOFTHSM2_CONF</c> from the native
/// environment when the module is initialised, so the variable is set with libc's <c>setenv</c> (.NET's
/// <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not reach native code on Unix).
/// Missing SoftHSM2 fails the tests (build/setup.sh installs it); nothing is skipped.
/// </summary>
public sealed partial class SoftHsmFixture : IDisposable
{
    public const string Pin = "20261204";
    public const string SoPin = "so-20261204";
    public const string MainToken = "mcred-main";
    public const string RemovableToken = "mcred-removable";

    public SoftHsmFixture()
    {
        ModulePath = new[] { Environment.GetEnvironmentVariable("SOFTHSM2_MODULE"), "/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so" }
            .FirstOrDefault(p => p is not null && File.Exists(p))
            ?? throw new InvalidOperationException("libsofthsm2.so not found; run build/setup.sh (it installs the Debian package softhsm2) or set SOFTHSM2_MODULE");
        Directory = Path.Combine(Path.GetTempPath(), "mcred-softhsm-" + Guid.NewGuid().ToString("N"));
        TokenDirectory = Path.Combine(Directory, "tokens");
        System.IO.Directory.CreateDirectory(TokenDirectory);
        ConfigPath = Path.Combine(Directory, "softhsm2.conf");
        File.WriteAllText(ConfigPath, $"directories.tokendir = {TokenDirectory}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
        if (SetEnv("SOFTHSM2_CONF", ConfigPath, 1) != 0)
        {
            throw new InvalidOperationException("setenv(SOFTHSM2_CONF) failed");
        }

        Environment.SetEnvironmentVariable("SOFTHSM2_CONF", ConfigPath);
        InitToken(MainToken);
        InitToken(RemovableToken);
    }

    public string ModulePath { get; }

    public string Directory { get; }

    public string TokenDirectory { get; }

    public string ConfigPath { get; }

    public Pkcs11SignerOptions Options(string keyLabel, string token = MainToken, string pin = Pin) =>
        new() { ModulePath = ModulePath, TokenLabel = token, Pin = pin, KeyLabel = keyLabel };

    /// <summary>Runs <c>softhsm2-util</c> with this fixture's configuration; returns its standard output.</summary>
    public string SoftHsmUtil(params string[] arguments)
    {
        var start = new ProcessStartInfo("softhsm2-util") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["SOFTHSM2_CONF"] = ConfigPath;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("softhsm2-util did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            throw new TimeoutException("softhsm2-util hung");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"softhsm2-util {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr}");
        }

        return stdout.Result;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A signer still holding a file open must not fail the run; the folder is under /tmp.
        }
    }

    private void InitToken(string label) =>
        SoftHsmUtil("--init-token", "--free", "--label", label, "--so-pin", SoPin, "--pin", Pin);

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}

[CollectionDefinition(Name)]
public sealed class SoftHsmCollection : ICollectionFixture<SoftHsmFixture>
{
    public const string Name = "SoftHSM2";
}
