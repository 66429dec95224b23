namespace FactorioIsr.Rcon.Factorio;

public sealed partial class FactorioCommands
{
    /// <summary><c>/server-save</c>, or <c>/server-save NAME</c> (letters, digits, '.', '-', '_'). Keeps achievements.</summary>
    public static RconCommand Save(string? name = null)
    {
        if (string.IsNullOrEmpty(name))
        {
            return Builtin("/server-save");
        }

        if (!SaveNamePattern().IsMatch(name) || name.StartsWith('.'))
        {
            throw new ArgumentException($"'{name}' is not a valid save name (letters, digits, '.', '-', '_').", nameof(name));
        }

        return Builtin("/server-save " + name);
    }

    public static RconCommand Kick(string player, string? reason = null) => WithReason("/kick", player, reason);

    public static RconCommand Ban(string player, string? reason = null) => WithReason("/ban", player, reason);

    public static RconCommand Unban(string player) => Builtin("/unban " + PlayerName.Validate(player));

    public static RconCommand Mute(string player) => Builtin("/mute " + PlayerName.Validate(player));

    public static RconCommand Unmute(string player) => Builtin("/unmute " + PlayerName.Validate(player));

    public static RconCommand Promote(string player) => Builtin("/promote " + PlayerName.Validate(player));

    public static RconCommand Demote(string player) => Builtin("/demote " + PlayerName.Validate(player));

    /// <summary><c>/whisper NAME MESSAGE</c>; the message is sanitised to one line and must not be empty.</summary>
    public static RconCommand Whisper(string player, string message)
    {
        var name = PlayerName.Validate(player);
        var text = CommandText.Sanitize(message);
        if (text.Length == 0)
        {
            throw new ArgumentException("A whisper needs a message.", nameof(message));
        }

        return Builtin("/whisper " + name + " " + text);
    }

    /// <summary><c>/whitelist ACTION [NAME]</c>; add and remove need a player, the others take none.</summary>
    public static RconCommand Whitelist(WhitelistAction action, string? player = null)
    {
        return action switch
        {
            WhitelistAction.Add => Builtin("/whitelist add " + PlayerName.Validate(player)),
            WhitelistAction.Remove => Builtin("/whitelist remove " + PlayerName.Validate(player)),
            WhitelistAction.Get => Builtin("/whitelist get"),
            WhitelistAction.Clear => Builtin("/whitelist clear"),
            WhitelistAction.Enable => Builtin("/whitelist enable"),
            WhitelistAction.Disable => Builtin("/whitelist disable"),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown whitelist action."),
        };
    }

    /// <summary>
    /// Raw console text: every player sees it and Factorio logs it as <c>[CHAT] &lt;server&gt;: text</c>
    /// (unlike <c>game.print</c>, which is not logged). Not Lua, so it keeps achievements.
    /// </summary>
    public static RconCommand Broadcast(string message)
    {
        var line = CommandText.ChatLine(message);
        if (line.Length == 0)
        {
            throw new ArgumentException("A broadcast needs a message.", nameof(message));
        }

        return Builtin(line);
    }

    private static RconCommand WithReason(string command, string player, string? reason)
    {
        var name = PlayerName.Validate(player);
        var text = CommandText.Sanitize(reason);
        return Builtin(text.Length == 0 ? command + " " + name : command + " " + name + " " + text);
    }
}
