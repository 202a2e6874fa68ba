using System.CommandLine;

namespace MicroCredentials.Signing.Cli.Commands;

/// <summary>
/// An option under its one current name, with earlier names that still work but are hidden from help, so scripts
/// written against an older vocabulary keep running while help and docs/cli.md show one name per concept.
/// </summary>
internal sealed class RenamedOption<T>
{
    private readonly bool _required;

    public RenamedOption(Option<T> current, bool required, params string[] formerNames)
    {
        Current = current;
        _required = required;

        // Enforced here rather than by the parser, which would not accept a former name in its place.
        if (required)
        {
            current.Description += " (required)";
        }

        Former = formerNames.Select(name => new Option<T>(name) { Description = $"Former name of {current.Name}", Hidden = true }).ToArray();
    }

    /// <summary>The option shown in help.</summary>
    public Option<T> Current { get; }

    /// <summary>The hidden former names.</summary>
    public IReadOnlyList<Option<T>> Former { get; }

    /// <summary>Every option to add to the command.</summary>
    public IEnumerable<Option> All => [Current, .. Former];

    /// <summary>
    /// The value given under any of the names (the current name's default when none was given). Two names at once is
    /// a usage error rather than a silent choice; so is a required option given under no name.
    /// </summary>
    public T? Get(ParseResult result)
    {
        var given = All.Cast<Option<T>>().Where(o => result.GetResult(o) is { Implicit: false }).ToList();
        return given.Count switch
        {
            0 when _required => throw new CliException($"option '{Current.Name}' is required"),
            0 => result.GetValue(Current),
            1 => result.GetValue(given[0]),
            _ => throw new CliException($"{string.Join(" and ", given.Select(o => o.Name))} are the same option; give it once, as {Current.Name}"),
        };
    }
}
