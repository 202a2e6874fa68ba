namespace MicroCredentials.Signing.Jades.Tests.Support;

/// <summary>Locates the repository and the team's shared conformance data (<c>../shared/conformance</c>).</summary>
internal static class TestPaths
{
    private static readonly Lazy<string> RepoRootLazy = new(FindRepoRoot);

    /// <summary>The repository root (the folder holding MicroCredentials.Signing.sln).</summary>
    public static string RepoRoot => RepoRootLazy.Value;

    /// <summary>
    /// <c>../shared/conformance</c> beside the repository, or <c>MCRED_SHARED</c>/conformance when set.
    /// Missing data is a failure, not a skip: CI always has it.
    /// </summary>
    public static string Conformance
    {
        get
        {
            var shared = Environment.GetEnvironmentVariable("MCRED_SHARED") ?? Path.Combine(RepoRoot, "..", "shared");
            var dir = Path.GetFullPath(Path.Combine(shared, "conformance"));
            if (!Directory.Exists(dir))
            {
                throw new DirectoryNotFoundException($"Conformance data not found at {dir}; clone the project beside ../shared or set MCRED_SHARED.");
            }

            return dir;
        }
    }

    /// <summary>A path under the conformance folder.</summary>
    public static string ConformanceFile(params string[] parts) => Path.Combine([Conformance, .. parts]);

    /// <summary>A path under the repository root.</summary>
    public static string RepoFile(params string[] parts) => Path.Combine([RepoRoot, .. parts]);

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MicroCredentials.Signing.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("MicroCredentials.Signing.sln not found above " + AppContext.BaseDirectory);
    }
}
