using System.Globalization;

namespace FactorioIsr.Simulator.Logs;

/// <summary>
/// Writes <c>--console-log</c> lines in Factorio's format: <c>YYYY-MM-DD HH:MM:SS [TAG] body</c>, server-local time,
/// no milliseconds (factorio.md §1).
/// </summary>
internal sealed class ConsoleLog(LogFile file, TimeProvider time)
{
    public LogFile File { get; } = file;

    public void Tagged(string tag, string body) => Write("[" + tag + "] " + body);

    public void Untagged(string body) => Write(body);

    public void Join(string player) => Tagged("JOIN", player + " joined the game");

    public void Leave(string player) => Tagged("LEAVE", player + " left the game");

    public void Chat(string player, string message) => Tagged("CHAT", player + ": " + message);

    private void Write(string text)
    {
        var now = time.GetLocalNow();
        File.WriteLine(now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " " + text);
    }
}
