using System.Security.Cryptography;
using System.Text.Json;
using FactorioIsr.Discord.JsonModels;

namespace FactorioIsr.Commands;

/// <summary>
/// The subcommands, and what Discord is told about them. Discord sets <c>default_member_permissions</c> per top-level
/// command and allows 25 options at a level, so the commands are registered as two top-level commands:
/// <c>/factorio</c> (query commands, help, <c>pattern test</c>: everyone) and <c>/factorio-admin</c> (admin and danger
/// commands: hidden from members without the Kick Members permission unless a guild admin allows a role in Integrations).
/// ISR checks its own roles on every invocation regardless.
/// </summary>
internal sealed class CommandRegistry
{
    public const string PublicCommand = "factorio";
    public const string AdminCommand = "factorio-admin";

    /// <summary>KICK_MEMBERS (1 &lt;&lt; 1): who sees <c>/factorio-admin</c> by default.</summary>
    public const long AdminDefaultPermissions = 1 << 1;

    private readonly Dictionary<string, ICommand> _byPath;

    public CommandRegistry(IEnumerable<ICommand> commands)
    {
        Commands = [.. commands];
        _byPath = Commands.ToDictionary(c => Key(c.Spec.TopLevel, c.Spec.Group, c.Spec.Name), StringComparer.Ordinal);
    }

    public IReadOnlyList<ICommand> Commands { get; }

    /// <summary>
    /// The command at a path. The reference's full names (<c>/factorio kick</c>) resolve too: a subcommand name is unique
    /// across both top-level commands, so an invocation under the other one (an older registration still cached by
    /// Discord, a script using the reference's names) finds the same command, with the same permission check.
    /// </summary>
    public ICommand? Find(string topLevel, string? group, string name) =>
        _byPath.GetValueOrDefault(Key(topLevel, group, name))
        ?? (topLevel is PublicCommand or AdminCommand
            ? _byPath.GetValueOrDefault(Key(topLevel == PublicCommand ? AdminCommand : PublicCommand, group, name))
            : null);

    /// <summary>The bulk-overwrite body: both top-level commands with their subcommands and options.</summary>
    public IReadOnlyList<JsonApplicationCommand> ToJson()
    {
        return
        [
            TopLevel(PublicCommand, "Factorio server status, players and tools", null),
            TopLevel(AdminCommand, "Factorio server administration (moderators and admins)", AdminDefaultPermissions),
        ];
    }

    /// <summary>A stable hash of <see cref="ToJson"/>: registration happens only when it changes.</summary>
    public string Hash()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(ToJson(), DiscordJsonContext.Default.IReadOnlyListJsonApplicationCommand);
        return Convert.ToHexStringLower(SHA256.HashData(json));
    }

    private JsonApplicationCommand TopLevel(string name, string description, long? permissions)
    {
        var options = new List<JsonApplicationCommandOption>();
        foreach (var command in Commands.Where(c => c.Spec.TopLevel == name))
        {
            var sub = Subcommand(command.Spec);
            if (command.Spec.Group is not { } group)
            {
                options.Add(sub);
                continue;
            }

            var existing = options.FirstOrDefault(o => o.Type == 2 && o.Name == group);
            if (existing is null)
            {
                options.Add(new JsonApplicationCommandOption { Type = 2, Name = group, Description = GroupDescription(group), Options = [sub] });
            }
            else
            {
                existing.Options = [.. existing.Options ?? [], sub];
            }
        }

        return new JsonApplicationCommand
        {
            Name = name,
            Type = 1,
            Description = description,
            Options = options,
            DefaultMemberPermissions = permissions,
            Contexts = [0],
        };
    }

    private static string GroupDescription(string group) => group == "pattern" ? "Pattern tools" : group;

    private static JsonApplicationCommandOption Subcommand(CommandSpec spec)
    {
        var options = spec.Options.ToList();
        if (spec.TargetsServer && options.All(o => o.Name != "server"))
        {
            options.Add(CommandOptionSpec.Server);
        }

        // Discord wants required options first.
        options = [.. options.Where(o => o.Required), .. options.Where(o => !o.Required)];
        return new JsonApplicationCommandOption
        {
            Type = 1,
            Name = spec.Name,
            Description = spec.Description,
            Options = options.Count == 0 ? null : [.. options.Select(Option)],
        };
    }

    private static JsonApplicationCommandOption Option(CommandOptionSpec option) => new()
    {
        Type = option.Type,
        Name = option.Name,
        Description = option.Description,
        Required = option.Required ? true : null,
        Autocomplete = option.Autocomplete != AutocompleteSource.None ? true : null,
        Choices = option.Choices.Count == 0 ? null : [.. option.Choices.Select(c => new JsonCommandChoice { Name = c, Value = JsonSerializer.SerializeToElement(c, CommandArgsJson.Default.String) })],
        MinValue = option.MinValue,
        MaxValue = option.MaxValue,
        MaxLength = option.MaxLength,
    };

    private static string Key(string topLevel, string? group, string name) => topLevel + "/" + (group ?? "") + "/" + name;
}
