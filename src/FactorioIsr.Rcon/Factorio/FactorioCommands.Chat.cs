namespace FactorioIsr.Rcon.Factorio;

public sealed partial class FactorioCommands
{
    /// <summary>
    /// Chat relayed from elsewhere, as raw console input (no Lua, so it keeps achievements): Factorio shows it as
    /// <c>&lt;server&gt;: [origin] author: text</c> and logs <c>[CHAT] &lt;server&gt;: [origin] author: text</c>.
    /// Built by <see cref="CommandText.RelayedChatLine"/>; the text must not be empty.
    /// </summary>
    public static RconCommand RelayedChat(string origin, string author, string message)
    {
        var line = CommandText.RelayedChatLine(origin, author, message);
        if (line.Length == 0)
        {
            throw new ArgumentException("A chat line needs a message.", nameof(message));
        }

        return Builtin(line);
    }
}
