using YamlDotNet.RepresentationModel;

namespace FactorioIsr.Delivery.DiscordOutputs.Mentions;

/// <summary>Who an alias pings.</summary>
internal enum MentionKind
{
    Role,
    User,
}

internal sealed record MentionTarget(MentionKind Kind, string Id);

/// <summary>
/// mentions.yml. Two formats, both under <c>mentions:</c>:
/// the reference's <c>roles: {group: [alias, ...]}</c> (a role is found by <b>name</b> equal to any alias, via the
/// guild's role list), and ours, <c>aliases: {alias: {role_id: "..."} | {user_id: "..."}}</c> (explicit ids, no lookup).
/// The reference's built-in groups (admins, mods, staff) are merged under the custom ones; <c>everyone</c> and
/// <c>here</c> never ping, whatever the file says.
/// </summary>
internal sealed record MentionsConfig(
    IReadOnlyDictionary<string, IReadOnlyList<string>> RoleGroups,
    IReadOnlyDictionary<string, MentionTarget> Aliases)
{
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> BuiltinGroups { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
    {
        ["admins"] = ["admin", "admins", "administrator", "administrators"],
        ["mods"] = ["mod", "mods", "moderator", "moderators"],
        ["staff"] = ["staff"],
    };

    public static MentionsConfig Empty { get; } = new(BuiltinGroups, new Dictionary<string, MentionTarget>(StringComparer.OrdinalIgnoreCase));

    /// <summary>Aliases that are never resolved: they would ping everyone.</summary>
    public static bool IsForbidden(string alias) => alias.Trim().TrimStart('@').ToLowerInvariant() is "everyone" or "here";

    /// <summary>Parses the YAML text; every problem is reported with its line and column, all at once.</summary>
    public static MentionsConfig Parse(string yaml, out IReadOnlyList<MentionsProblem> errors)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var problems = new List<MentionsProblem>();
        errors = problems;
        var groups = new Dictionary<string, IReadOnlyList<string>>(BuiltinGroups, StringComparer.OrdinalIgnoreCase);
        var aliases = new Dictionary<string, MentionTarget>(StringComparer.OrdinalIgnoreCase);
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(yaml);
            stream.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            problems.Add(new((int)ex.Start.Line, (int)ex.Start.Column, ex.Message, Fatal: true));
            return new MentionsConfig(groups, aliases);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return new MentionsConfig(groups, aliases);
        }

        if (!root.Children.TryGetValue(new YamlScalarNode("mentions"), out var mentionsNode) || mentionsNode is not YamlMappingNode mentions)
        {
            problems.Add(new((int)root.Start.Line, (int)root.Start.Column, $"expected a top-level 'mentions:' map"));
            return new MentionsConfig(groups, aliases);
        }

        foreach (var (keyNode, value) in mentions.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value;
            switch (key)
            {
                case "roles":
                    ParseRoleGroups(value, groups, problems);
                    break;
                case "aliases":
                    ParseAliases(value, aliases, problems);
                    break;
                default:
                    problems.Add(new((int)keyNode.Start.Line, (int)keyNode.Start.Column, $"unknown key 'mentions.{key}' (expected 'roles' or 'aliases')"));
                    break;
            }
        }

        return new MentionsConfig(groups, aliases);
    }

    private static void ParseRoleGroups(YamlNode node, Dictionary<string, IReadOnlyList<string>> groups, List<MentionsProblem> problems)
    {
        if (node is not YamlMappingNode map)
        {
            problems.Add(new((int)node.Start.Line, (int)node.Start.Column, $"'mentions.roles' must map a group to a list of aliases"));
            return;
        }

        foreach (var (keyNode, value) in map.Children)
        {
            var group = ((YamlScalarNode)keyNode).Value ?? "";
            if (value is not YamlSequenceNode list)
            {
                // The reference ignores non-lists silently; we say so.
                problems.Add(new((int)value.Start.Line, (int)value.Start.Column, $"'mentions.roles.{group}' must be a list of aliases"));
                continue;
            }

            groups[group] = list.Children.OfType<YamlScalarNode>().Select(s => (s.Value ?? "").Trim())
                .Where(s => s.Length > 0 && !IsForbidden(s)).ToList();
        }
    }

    private static void ParseAliases(YamlNode node, Dictionary<string, MentionTarget> aliases, List<MentionsProblem> problems)
    {
        if (node is not YamlMappingNode map)
        {
            problems.Add(new((int)node.Start.Line, (int)node.Start.Column, $"'mentions.aliases' must map an alias to {{role_id: ...}} or {{user_id: ...}}"));
            return;
        }

        foreach (var (keyNode, value) in map.Children)
        {
            var alias = (((YamlScalarNode)keyNode).Value ?? "").Trim();
            var (line, column) = ((int)keyNode.Start.Line, (int)keyNode.Start.Column);
            if (IsForbidden(alias))
            {
                problems.Add(new(line, column, $"alias '{alias}' is not allowed: @everyone and @here never ping"));
                continue;
            }

            var fields = value as YamlMappingNode;
            var roleId = Scalar(fields, "role_id");
            var userId = Scalar(fields, "user_id");
            if ((roleId is null) == (userId is null))
            {
                problems.Add(new(line, column, $"alias '{alias}' needs exactly one of role_id or user_id"));
                continue;
            }

            var id = roleId ?? userId!;
            if (id.Length is < 15 or > 21 || !id.All(char.IsAsciiDigit))
            {
                problems.Add(new(line, column, $"alias '{alias}': '{id}' is not a Discord id (a snowflake of 15-21 digits; quote it)"));
                continue;
            }

            aliases[alias] = new MentionTarget(roleId is not null ? MentionKind.Role : MentionKind.User, id);
        }
    }

    private static string? Scalar(YamlMappingNode? map, string key) =>
        map is not null && map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode { Value: { Length: > 0 } value }
            ? value.Trim()
            : null;
}

/// <summary>A problem in mentions.yml at a line and column (1-based). Not <paramref name="Fatal"/>: that entry is ignored.</summary>
internal readonly record struct MentionsProblem(int Line, int Column, string Message, bool Fatal = false)
{
    public override string ToString() => $"{Line}:{Column}: {Message}";
}
