using System.Runtime.InteropServices;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace MicroCredentials.Signing.Pkcs11;

/// <summary>
/// One loaded, initialised module per path and process, shared by reference count: <c>C_Initialize</c> may run
/// only once per process, and <c>C_Finalize</c> would pull the module from under every other signer using it.
/// </summary>
internal sealed class Pkcs11Module
{
    private static readonly Dictionary<string, Pkcs11Module> Loaded = new(StringComparer.Ordinal);
    private static readonly object Gate = new();
    private int _references;

    static Pkcs11Module()
    {
        // Pkcs11Interop 5.3 P/Invokes dlopen from "libdl", and glibc 2.34+ ships only libdl.so.2 (the unversioned
        // name comes with the C development package), so map it to the versioned name, then to libc, where
        // dlopen lives today. An application that installed its own resolver for the assembly keeps it.
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(Pkcs11InteropFactories).Assembly, static (name, assembly, searchPath) =>
            {
                if (name != "libdl" || !OperatingSystem.IsLinux())
                {
                    return IntPtr.Zero;
                }

                return NativeLibrary.TryLoad("libdl.so.2", out var handle) || NativeLibrary.TryLoad("libc.so.6", out handle) ? handle : IntPtr.Zero;
            });
        }
        catch (InvalidOperationException)
        {
            // A resolver is already set for Pkcs11Interop.
        }
    }

    private Pkcs11Module(string path, IPkcs11Library library)
    {
        Path = path;
        Library = library;
    }

    public static Pkcs11InteropFactories Factories { get; } = new();

    public string Path { get; }

    public IPkcs11Library Library { get; }

    public static Pkcs11Module Acquire(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = System.IO.Path.GetFullPath(path);
        lock (Gate)
        {
            if (!Loaded.TryGetValue(full, out var module))
            {
                if (!File.Exists(full))
                {
                    throw new Pkcs11SignerException(Pkcs11ErrorCodes.ModuleLoadFailed, $"the PKCS#11 module '{full}' does not exist");
                }

                IPkcs11Library library;
                try
                {
                    library = Factories.Pkcs11LibraryFactory.LoadPkcs11Library(Factories, full, AppType.MultiThreaded);
                }
                catch (Pkcs11Exception ex)
                {
                    throw new Pkcs11SignerException(Pkcs11ErrorCodes.ModuleLoadFailed, $"the PKCS#11 module '{full}' did not initialise: {ex.RV}", (ulong)ex.RV, ex);
                }
                catch (Exception ex) when (ex is UnmanagedException or DllNotFoundException or BadImageFormatException or EntryPointNotFoundException)
                {
                    throw new Pkcs11SignerException(Pkcs11ErrorCodes.ModuleLoadFailed, $"the PKCS#11 module '{full}' could not be loaded: {ex.Message}", null, ex);
                }

                module = new Pkcs11Module(full, library);
                Loaded.Add(full, module);
            }

            module._references++;
            return module;
        }
    }

    public void Release()
    {
        lock (Gate)
        {
            if (--_references == 0)
            {
                Loaded.Remove(Path);
                Library.Dispose();
            }
        }
    }
}
