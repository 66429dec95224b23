using System.Text;
using FactorioIsr.Discord.Messages;

namespace FactorioIsr.Delivery.DiscordOutputs.Mentions;

/// <summary>
/// Turns in-game <c>@alias</c> tokens into Discord mention markup and the matching allowed_mentions ids, for routes
/// that allow pings. Role names (the reference format) resolve against the guild's roles; explicit ids need no lookup.
/// <c>@everyone</c>/<c>@here</c> never ping. Thread-safe: the directory is an immutable snapshot swapped atomically,
/// rebuilt when the guild's roles arrive (<see cref="UpdateRoles"/>) and when mentions.yml is reloaded (<see cref="Reload"/>).
/// </summary>
internal sealed class MentionResolver(MentionsConfig config)
{
    private const char ZeroWidthSpace = '\u200B';
    private readonly Lock _rebuild = new();
    private IReadOnlyList<(string Alias, MentionTarget Target)> _directory = Build(config, []);
    private IReadOnlyList<DiscordRole> _roles = [];
    private MentionsConfig _config = config;

    /// <summary>The mentions.yml in effect.</summary>
    public MentionsConfig Config => Volatile.Read(ref _config);

    /// <summary>Does resolving need the guild's role list?</summary>
    public bool NeedsRoles => Config.RoleGroups.Count > 0;

    /// <summary>Rebuilds the alias directory from a fresh role list.</summary>
    public void UpdateRoles(IReadOnlyList<DiscordRole> roles)
    {
        lock (_rebuild)
        {
            _roles = roles;
            Volatile.Write(ref _directory, Build(Config, roles));
        }
    }

    /// <summary>Takes a reloaded mentions.yml: the next message resolves with it (role names against the roles known so far).</summary>
    public void Reload(MentionsConfig mentions)
    {
        ArgumentNullException.ThrowIfNull(mentions);
        lock (_rebuild)
        {
            Volatile.Write(ref _config, mentions);
            Volatile.Write(ref _directory, Build(mentions, _roles));
        }
    }

    /// <summary>Replaces known <c>@alias</c> tokens (also the escaped <c>@\u200Balias</c> form) when pings are allowed.</summary>
    public (string Text, AllowedMentions Mentions) Resolve(string text, bool allowPings)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!allowPings || !text.Contains('@', StringComparison.Ordinal))
        {
            return (text, AllowedMentions.None);
        }

        var directory = Volatile.Read(ref _directory);
        var roles = new List<string>();
        var users = new List<string>();
        var result = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '@' && TryMatch(text, i, directory, out var length, out var target))
            {
                result.Append(target.Kind == MentionKind.Role ? $"<@&{target.Id}>" : $"<@{target.Id}>");
                (target.Kind == MentionKind.Role ? roles : users).Add(target.Id);
                i += length;
                continue;
            }

            result.Append(text[i]);
            i++;
        }

        return roles.Count == 0 && users.Count == 0
            ? (text, AllowedMentions.None)
            : (result.ToString(), new AllowedMentions(roles.Distinct().Take(100).ToList(), users.Distinct().Take(100).ToList()));
    }

    private static bool TryMatch(string text, int at, IReadOnlyList<(string Alias, MentionTarget Target)> directory, out int length, out MentionTarget target)
    {
        var start = at + 1;
        if (start < text.Length && text[start] == ZeroWidthSpace)
        {
            start++;
        }

        // Longest alias first, so "ops directors" wins over "ops".
        foreach (var (alias, candidate) in directory)
        {
            if (MatchAlias(text, start, alias) is { } end && (end == text.Length || !char.IsLetterOrDigit(text[end])))
            {
                length = end - at;
                target = candidate;
                return true;
            }
        }

        length = 0;
        target = null!;
        return false;
    }

    /// <summary>
    /// Matches an alias at <paramref name="start"/>, case-insensitively, reading through markdown escapes
    /// (<c>ops\-team</c> in escaped text is the alias <c>ops-team</c>). Returns the end index, or null.
    /// </summary>
    private static int? MatchAlias(string text, int start, string alias)
    {
        var i = start;
        foreach (var expected in alias)
        {
            if (i + 1 < text.Length && text[i] == '\\' && !char.IsAsciiLetterOrDigit(expected) && text[i + 1] == expected)
            {
                i++;
            }

            if (i >= text.Length || char.ToUpperInvariant(text[i]) != char.ToUpperInvariant(expected))
            {
                return null;
            }

            i++;
        }

        return i;
    }

    private static List<(string Alias, MentionTarget Target)> Build(MentionsConfig config, IReadOnlyList<DiscordRole> roles)
    {
        var map = new Dictionary<string, MentionTarget>(StringComparer.OrdinalIgnoreCase);
        foreach (var (_, aliases) in config.RoleGroups)
        {
            // The reference: the first guild role whose name equals any alias of the group.
            var role = roles.FirstOrDefault(r => aliases.Any(a => string.Equals(a, r.Name, StringComparison.OrdinalIgnoreCase)));
            if (role is null)
            {
                continue;
            }

            foreach (var alias in aliases.Where(a => !MentionsConfig.IsForbidden(a)))
            {
                map[alias] = new MentionTarget(MentionKind.Role, role.Id);
            }
        }

        foreach (var (alias, target) in config.Aliases)
        {
            if (!MentionsConfig.IsForbidden(alias))
            {
                map[alias] = target;
            }
        }

        return map.OrderByDescending(p => p.Key.Length).Select(p => (p.Key, p.Value)).ToList();
    }
}
