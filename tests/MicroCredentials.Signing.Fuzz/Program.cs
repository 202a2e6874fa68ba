using MicroCredentials.Signing.Tests.Hostile;
using SharpFuzz;

namespace MicroCredentials.Signing.Fuzz;

/// <summary>
/// Entry point of the fuzzing harness. <c>&lt;target&gt; --afl</c> runs under afl-fuzz (SharpFuzz forkserver);
/// <c>&lt;target&gt; path...</c> replays files or folders once and exits 1 if any input escapes the target's documented errors.
/// </summary>
internal static class Program
{
    // afl-fuzz mutants never need to be larger; reading more would only measure allocation.
    private const int MaxInputBytes = 1 << 20;

    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "--list")
        {
            Console.Error.WriteLine("usage: MicroCredentials.Signing.Fuzz <target> --afl | <target> <file-or-folder>... | --list | --names");
            Console.Error.WriteLine("targets:");
            foreach (var t in FuzzTargets.All)
            {
                Console.Error.WriteLine($"  {t.Name,-8} {t.Summary}");
            }

            return args.Length == 0 ? 2 : 0;
        }

        if (args[0] == "--names")
        {
            foreach (var t in FuzzTargets.All)
            {
                Console.WriteLine(t.Name);
            }

            return 0;
        }

        var target = FuzzTargets.Find(args[0]);
        if (target is null)
        {
            Console.Error.WriteLine($"unknown target '{args[0]}'; run with --list");
            return 2;
        }

        if (args.Length == 2 && args[1] == "--afl")
        {
            // Out of process: a StackOverflow or an OutOfMemory kills only the child, and afl-fuzz still records the input.
            // afl discards the child's output and SharpFuzz reports any escaping exception as a bare crash, so the
            // exception and its input are appended to FUZZ_EXCEPTION_LOG (default: a file in the temp folder).
            var log = Environment.GetEnvironmentVariable("FUZZ_EXCEPTION_LOG") ?? Path.Combine(Path.GetTempPath(), $"mcred-fuzz-{target.Name}-exceptions.log");
            Fuzzer.OutOfProcess.Run(stream =>
            {
                var input = ReadCapped(stream);
                try
                {
                    target.Run(input);
                }
                catch (Exception ex)
                {
                    File.AppendAllText(log, $"{DateTime.UtcNow:O} {Convert.ToBase64String(input)}{Environment.NewLine}{ex}{Environment.NewLine}{Environment.NewLine}");
                    throw;
                }
            });
            return 0;
        }

        if (args.Length < 2)
        {
            Console.Error.WriteLine("give --afl or at least one file or folder to replay");
            return 2;
        }

        return Replay(target, args[1..]);
    }

    private static int Replay(FuzzTarget target, string[] paths)
    {
        var files = new List<string>();
        foreach (var p in paths)
        {
            if (Directory.Exists(p))
            {
                files.AddRange(Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            }
            else if (File.Exists(p))
            {
                files.Add(p);
            }
            else
            {
                Console.Error.WriteLine($"not found: {p}");
                return 2;
            }
        }

        var findings = 0;
        foreach (var file in files)
        {
            try
            {
                target.Run(File.ReadAllBytes(file));
            }
#pragma warning disable CA1031 // Replay reports every escaping exception as a finding instead of stopping at the first.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                findings++;
                Console.Error.WriteLine($"FINDING {target.Name} {file}: {ex}");
            }
        }

        Console.Error.WriteLine($"{target.Name}: replayed {files.Count} input(s), {findings} finding(s)");
        return findings == 0 ? 0 : 1;
    }

    private static byte[] ReadCapped(Stream stream)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0 && buffer.Length < MaxInputBytes)
        {
            buffer.Write(chunk, 0, (int)Math.Min(read, MaxInputBytes - buffer.Length));
        }

        return buffer.ToArray();
    }
}
