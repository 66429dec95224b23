using System.Globalization;
using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Simulator.Game;

internal sealed partial class GameState
{
    private const string Server = "<server>";

    /// <summary>
    /// Answers one built-in command (<c>/name args</c>, without Lua) or raw chat. Returns null for a command this
    /// game does not know (the caller answers with Factorio's unknown-command text).
    /// </summary>
    public string? Builtin(string name, string args)
    {
        lock (_gate)
        {
            Advance();
            var (first, rest) = Split(args);
            return name switch
            {
                "players" or "p" => Players(first),
                "admins" => _admins.Count == 0 ? "There are no admins." : List("Admins", _admins.Order(StringComparer.OrdinalIgnoreCase)),
                "version" => Version.ToString(),
                "seed" => Seed.ToString(CultureInfo.InvariantCulture),
                "time" => MapAge.Format(TimeSpan.FromSeconds(_tick / 60)),
                "evolution" => string.Create(CultureInfo.InvariantCulture, $"Evolution factor: {EvolutionOf(_evolutionStart["nauvis"]):0.0000}."),
                "server-save" or "save" => Save(first),
                "kick" => Kick(first, rest),
                "ban" => Ban(first, rest),
                "unban" => Toggle(_bans, first, add: false, "UNBANNED", $"{first} was unbanned by {Server}.", $"{first} is not banned."),
                "bans" => _bans.Count == 0 ? "There are no banned players." : "Banned players: " + JoinNames(_bans.Order(StringComparer.OrdinalIgnoreCase)),
                "mute" => Toggle(_muted, first, add: true, null, $"{first} was muted.", $"{first} is already muted."),
                "unmute" => Toggle(_muted, first, add: false, null, $"{first} was unmuted.", $"{first} is not muted."),
                "promote" => Toggle(_admins, first, add: true, "PROMOTE", Promoted(first), $"{first} is already an admin."),
                "demote" => Toggle(_admins, first, add: false, "DEMOTE", Demoted(first), $"{first} is not an admin."),
                "whisper" or "w" => Whisper(first, rest),
                "shout" or "s" => Shout(args),
                "whitelist" => Whitelist(first, rest),
                _ => null,
            };
        }
    }

    /// <summary>Raw console text: chat from the server, logged as <c>[CHAT] &lt;server&gt;: text</c>.</summary>
    public void ServerChat(string text) => _logs.Console.Chat(Server, text);

    /// <summary>Chat from a player (they need not be online).</summary>
    public void PlayerChat(string player, string text) => _logs.Console.Chat(player, text);

    private string Players(string filter)
    {
        if (filter is "online" or "o")
        {
            return Lines($"Online players ({_online.Count}):", _online.Select(p => "  " + p + " (online)"));
        }

        var all = _known.Order(StringComparer.OrdinalIgnoreCase).ToList();
        return Lines($"Players ({all.Count}):", all.Select(p => "  " + p + (_online.Contains(p) ? " (online)" : string.Empty)));
    }

    private string Save(string name)
    {
        var file = string.IsNullOrEmpty(name) ? "sim" : name;
        _logs.Current.Info("AppManager.cpp:1052", $"Saving to {file} (blocking).");
        _logs.Current.Info("AppManager.cpp:419", "Saving finished");
        return $"Saving map to /factorio/saves/{file}.zip";
    }

    private string Kick(string player, string reason)
    {
        if (!_online.Contains(player))
        {
            return $"Player {player} is not online.";
        }

        var why = reason.Length == 0 ? "unspecified" : reason;
        _logs.Console.Tagged("KICK", $"{player} was kicked by {Server}. Reason: {why}.");
        LeaveLocked(player, "kicked");
        return string.Empty;
    }

    private string Ban(string player, string reason)
    {
        if (player.Length == 0)
        {
            return "Missing player name.";
        }

        var why = reason.Length == 0 ? "unspecified" : reason;
        var onMap = _known.Contains(player);
        _bans.Add(player);
        _logs.Console.Tagged("BAN", onMap
            ? $"{player} was banned by {Server}. Reason: {why}."
            : $"{player} (not on map) was banned by {Server}. Reason: {why}.");
        LeaveLocked(player, "banned");
        return string.Empty;
    }

    private string Promoted(string player) => _online.Contains(player)
        ? $"{player} was promoted to admin by {Server}."
        : $"{player} was added to the admin list by {Server} and will be promoted upon joining the game.";

    private string Demoted(string player) => _online.Contains(player)
        ? $"{player} was demoted from admin by {Server}."
        : $"{player} was removed from the admin list by {Server} and will no longer be promoted upon joining the game.";

    private string Toggle(HashSet<string> set, string player, bool add, string? tag, string done, string already)
    {
        if (player.Length == 0)
        {
            return "Missing player name.";
        }

        var changed = add ? set.Add(player) : set.Remove(player);
        if (!changed)
        {
            return already;
        }

        if (tag is not null)
        {
            _logs.Console.Tagged(tag, done);
        }

        return done;
    }

    private string Whisper(string player, string message)
    {
        if (!_online.Contains(player))
        {
            return $"Player {player} is not online.";
        }

        return message.Length == 0 ? "Missing message." : string.Empty;
    }

    private string Shout(string message)
    {
        _logs.Console.Tagged("SHOUT", Server + ": " + message);
        return string.Empty;
    }

    private string Whitelist(string action, string player)
    {
        switch (action)
        {
            case "get" or "":
                var state = _whitelistEnabled ? "enabled" : "disabled";
                return _whitelist.Count == 0
                    ? $"The whitelist is empty ({state})."
                    : $"Whitelisted players ({state}): " + JoinNames(_whitelist.Order(StringComparer.OrdinalIgnoreCase));
            case "add":
                return _whitelist.Add(player) ? $"Added {player} to the whitelist." : $"{player} is already whitelisted.";
            case "remove":
                return _whitelist.Remove(player) ? $"Removed {player} from the whitelist." : $"{player} is not whitelisted.";
            case "clear":
                _whitelist.Clear();
                return "The whitelist was cleared.";
            case "enable":
                _whitelistEnabled = true;
                return "The whitelist is now enabled.";
            case "disable":
                _whitelistEnabled = false;
                return "The whitelist is now disabled.";
            default:
                return $"Unknown whitelist action \"{action}\".";
        }
    }

    private static string List(string title, IEnumerable<string> names)
    {
        var list = names.ToList();
        return Lines($"{title} ({list.Count}):", list.Select(n => "  " + n));
    }

    private static string Lines(string header, IEnumerable<string> lines) =>
        string.Join('\n', new[] { header }.Concat(lines));

    private static string JoinNames(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count == 1 ? list[0] : string.Join(", ", list.Take(list.Count - 1)) + " and " + list[^1];
    }

    internal static (string First, string Tail) Split(string args)
    {
        var trimmed = args.Trim();
        var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (trimmed, string.Empty) : (trimmed[..space], trimmed[(space + 1)..].Trim());
    }
}
