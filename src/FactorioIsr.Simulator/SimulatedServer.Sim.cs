using System.Globalization;
using FactorioIsr.Simulator.Rcon;

namespace FactorioIsr.Simulator;

internal sealed partial class SimulatedServer
{
    private CommandResult Sim(string text)
    {
        var (verb, rest) = FactorioIsr.Simulator.Game.GameState.Split(text);
        switch (verb)
        {
            case "ups" when TryNumber(rest, 0, 100_000, out var ups):
                return new CommandResult(Game.SetUps(ups));
            case "speed" when TryNumber(rest, 0.01, 100, out var speed):
                return new CommandResult(Game.SetSpeed(speed));
            case "pause":
                return new CommandResult(Game.SetPaused(true));
            case "resume":
                return new CommandResult(Game.SetPaused(false));
            case "players" when int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count <= 100:
                _targetPlayers = count;
                Game.SetOnlineCount(count);
                return new CommandResult($"{count} players online");
            case "chat" when FactorioIsr.Simulator.Game.GameState.Split(rest) is { First.Length: > 0, Tail.Length: > 0 } chat:
                Game.PlayerChat(chat.First, chat.Tail);
                return new CommandResult("chat written");
            case "die" when FactorioIsr.Simulator.Game.GameState.Split(rest) is { First.Length: > 0, Tail.Length: > 0 } death:
                return new CommandResult(Game.Die(death.First, death.Tail));
            case "research" when rest.Length > 0 && !rest.Contains(' ', StringComparison.Ordinal):
                return new CommandResult(Game.Research(rest));
            case "rocket":
                return new CommandResult(Game.LaunchRocket());
            case "rcon-down" when TryNumber(rest, 0, 3600, out var seconds):
                return new CommandResult(
                    string.Create(CultureInfo.InvariantCulture, $"RCON going down for {seconds:0.###} s"),
                    AfterReply: () => RconDownAsync(TimeSpan.FromSeconds(seconds)));
            case "restart":
                return new CommandResult("restarting", AfterReply: () => RestartAsync());
            case "rotate":
                Logs.Console.File.Rotate(Logs.Console.File.Path + ".1");
                return new CommandResult("console.log rotated to console.log.1");
            case "truncate":
                Logs.Console.File.Truncate();
                return new CommandResult("console.log truncated");
            case "sleep" when TryNumber(rest, 0, 600, out var sleep):
                return new CommandResult("slept", TimeSpan.FromSeconds(sleep));
            case "achievements":
                return new CommandResult(Game.ArmAchievementWarning());
            case "crash" when CrashReasons.Contains(rest.Trim(), StringComparer.Ordinal):
                return new CommandResult($"crashing ({rest.Trim()})", AfterReply: () => CrashAsync(rest.Trim()));
            case "save":
                return new CommandResult(Save());
            case "status":
                return new CommandResult(Game.Describe());
            default:
                return new CommandResult("Unknown or malformed /sim command. Commands:\n" + SimCommands.Help);
        }
    }

    private static bool TryNumber(string text, double min, double max, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
}
