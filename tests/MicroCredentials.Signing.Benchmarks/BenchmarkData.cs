namespace MicroCredentials.Signing.Benchmarks;

/// <summary>Finds checked-in benchmark data by walking up to the repository root (BenchmarkDotNet runs from a generated folder).</summary>
internal static class BenchmarkData
{
    public static string Read(string fileName)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MicroCredentials.Signing.sln")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            throw new InvalidOperationException("Repository root not found above " + AppContext.BaseDirectory);
        }

        return File.ReadAllText(Path.Combine(dir.FullName, "tests", "MicroCredentials.Signing.Benchmarks", "Data", fileName));
    }
}
