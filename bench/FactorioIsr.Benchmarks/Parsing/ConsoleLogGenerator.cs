using System.Text;

namespace FactorioIsr.Benchmarks.Parsing;

/// <summary>
/// Writes a realistic console.log: chat ~45%, joins/leaves ~15%, commands ~5%, kicks/bans/promotions ~3%,
/// shouts and command errors ~2%, and ~30% lines no vanilla pattern matches (warnings, mod output, Lua
/// continuation lines). Deterministic for a given seed, so runs compare.
/// </summary>
internal static class ConsoleLogGenerator
{
    private static readonly string[] Names =
    [
        "Alice", "Bob", "Dr.Gadorcha", "foo-bar", "gustosmYl", "Vance307", "Zoë", "Алиса", "player_one", "Mk2.Builder",
        "xX_Sniper_Xx", "Jürgen", "小明", "trainfan-42", "Ore.Baron", "Spaghetti_Chef",
    ];

    private static readonly string[] ChatWords =
    [
        "hello", "anyone", "need", "iron", "plates", "at", "[gps=98,69]", "the", "main", "bus", "is", "backed", "up", "*again*",
        "lol", "gg", "trains", "deadlock", "[item=iron-gear-wheel]", "please", "fix", "@everyone", "biters", "attacking", "north",
        "wall", "[color=red]urgent[/color]", "rocket", "soon", "🚀", "nice", "base", "_underscores_", "`code`", "thanks",
    ];

    private static readonly string[] Unmatched =
    [
        "[WARNING] Using Lua console commands will disable achievements. Please repeat the command to proceed.",
        "[Factorio Lua] some-mod: refreshing caches",
        "stack traceback:",
        "\t[C]: in function 'error'",
        "Script @__some-mod__/control.lua:123: something happened",
        "[ALERT] power low in network 12",
    ];

    public static void Write(string path, int lines, int seed = 42)
    {
        var random = new Random(seed);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 20);
        var time = new DateTime(2025, 11, 18, 1, 0, 0, DateTimeKind.Unspecified);
        var line = new StringBuilder(256);
        for (var i = 0; i < lines; i++)
        {
            time = time.AddMilliseconds(random.Next(50, 3000));
            line.Clear().Append(time.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)).Append(' ');
            var name = Names[random.Next(Names.Length)];
            var roll = random.Next(100);
            if (roll < 45)
            {
                line.Append("[CHAT] ").Append(random.Next(20) == 0 ? "<server>" : name).Append(": ");
                var words = random.Next(2, 14);
                for (var w = 0; w < words; w++)
                {
                    line.Append(w == 0 ? string.Empty : " ").Append(ChatWords[random.Next(ChatWords.Length)]);
                }
            }
            else if (roll < 53)
            {
                line.Append("[JOIN] ").Append(name).Append(" joined the game");
            }
            else if (roll < 60)
            {
                line.Append("[LEAVE] ").Append(name).Append(" left the game");
            }
            else if (roll < 65)
            {
                line.Append("[COMMAND] ").Append(name).Append(" (command): game.print(game.tick)");
            }
            else if (roll < 66)
            {
                line.Append("[KICK] ").Append(name).Append(" was kicked by Alice. Reason: spamming.");
            }
            else if (roll < 67)
            {
                line.Append("[BAN] ").Append(name).Append(random.Next(2) == 0 ? " (not on map)" : string.Empty).Append(" was banned by <server>. Reason: griefing.");
            }
            else if (roll < 68)
            {
                line.Append(random.Next(2) == 0 ? "[PROMOTE] " : "[DEMOTE] ").Append(name).Append(random.Next(2) == 0 ? " was promoted to admin by Alice." : " was demoted from admin by Alice.");
            }
            else if (roll < 69)
            {
                line.Append("[SHOUT] ").Append(name).Append(": attention please");
            }
            else if (roll < 70)
            {
                line.Append("Cannot execute command. Error: [string \"x()\"]:1: attempt to call global 'x' (a nil value)");
            }
            else
            {
                line.Append(Unmatched[random.Next(Unmatched.Length)]);
            }

            writer.Write(line);
            writer.Write('\n');
        }
    }
}
