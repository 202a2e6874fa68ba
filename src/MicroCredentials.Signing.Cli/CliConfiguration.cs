namespace MicroCredentials.Signing.Cli;

/// <summary>
/// What <c>mcred</c> reads from its environment. The libraries read no environment variables: configuration is the
/// host's business, so the CLI reads it here and passes values in.
/// </summary>
internal static class CliConfiguration
{
    /// <summary>
    /// Where the CLI and the demo keep their store: <c>$MCRED_STATUS_DB</c> when set, otherwise
    /// <c>status.db</c> under the user's local application data folder, in <c>mcred/</c>.
    /// </summary>
    public static string DefaultStatusDatabasePath
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("MCRED_STATUS_DB");
            if (!string.IsNullOrWhiteSpace(fromEnv))
            {
                return fromEnv;
            }

            var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create);
            if (string.IsNullOrEmpty(root))
            {
                root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
            }

            return Path.Combine(root, "mcred", "status.db");
        }
    }

}
