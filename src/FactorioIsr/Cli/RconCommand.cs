using System.CommandLine;
using FactorioIsr.Configuration;
using FactorioIsr.Rcon;
using FactorioIsr.Rcon.Client;

namespace FactorioIsr.Cli;

/// <summary><c>isr rcon TAG COMMAND...</c>: runs one RCON command against a configured server and prints the reply.</summary>
internal static class RconCommand
{
    private static readonly string[] LuaPrefixes = ["/c ", "/command ", "/sc ", "/silent-command ", "/measured-command "];

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = CliOptions.Config();
        var tag = new Argument<string>("tag") { Description = "The server's tag in servers.yml." };
        var words = new Argument<string[]>("command")
        {
            Description = "The command, e.g. /players online (words are joined with spaces; put -- first if a word starts with '-').",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("rcon", """
            Run one RCON command against a configured server and print its reply.
            Exit code 0 on a reply, 1 when the server cannot be reached or rejects the password,
            2 for an unknown tag, a server without RCON, or an invalid configuration.

            Examples:
              isr rcon --config config/servers.yml prod /players online
              isr rcon prod /sc rcon.print(game.tick)
            """)
        {
            config,
            tag,
            words,
        };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(parse.GetValue(config)!, parse.GetValue(tag)!, string.Join(' ', parse.GetValue(words)!), ConfigEnvironment.FromProcess(), stdout, stderr, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string configPath, string tag, string text, ConfigEnvironment environment, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var loaded = ConfigLoader.Load(configPath, environment);
        if (CliOptions.Report(loaded.Diagnostics, stderr) || loaded.Configuration is null)
        {
            await stderr.WriteLineAsync("isr rcon: configuration is invalid (fix the lines above)");
            return ExitCodes.BadInput;
        }

        var server = loaded.Configuration.FindServer(tag);
        if (server is null)
        {
            var known = string.Join(", ", loaded.Configuration.Servers.Select(s => s.Tag));
            await stderr.WriteLineAsync($"isr rcon: unknown server '{tag}' in {configPath} (known: {known})");
            return ExitCodes.BadInput;
        }

        if (server.Rcon is null)
        {
            await stderr.WriteLineAsync($"isr rcon: server '{tag}' has no RCON configured (rcon_port / rcon_password)");
            return ExitCodes.BadInput;
        }

        text = text.Trim();
        if (text.Length == 0)
        {
            await stderr.WriteLineAsync("isr rcon: the command is empty (Factorio never answers an empty command)");
            return ExitCodes.BadInput;
        }

        if (server.AchievementSafe && LuaPrefixes.Any(p => (text + " ").StartsWith(p, StringComparison.OrdinalIgnoreCase)))
        {
            await stderr.WriteLineAsync($"isr rcon: server '{tag}' is achievement_safe: Lua commands would disable achievements on its save; not sent");
            return ExitCodes.BadInput;
        }

        await using var client = new RconClient(new RconClientOptions
        {
            Host = server.Rcon.Host,
            Port = server.Rcon.Port,
            Password = server.Rcon.Password.Reveal(),
            Name = tag,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            CommandTimeout = TimeSpan.FromSeconds(30),
        });
        try
        {
            var reply = await client.ExecuteAsync(text, cancellationToken);
            await stdout.WriteAsync(reply.EndsWith('\n') || reply.Length == 0 ? reply : reply + "\n");
            return ExitCodes.Ok;
        }
        catch (RconException ex)
        {
            // The client's messages name the server already ("RCON authentication to b1 failed", "b1: ..."): say it once.
            var named = ex.Message.StartsWith(tag + ":", StringComparison.Ordinal) || ex.Message.Contains($" {tag} ", StringComparison.Ordinal);
            await stderr.WriteLineAsync(named ? $"isr rcon: {ex.Message}" : $"isr rcon: {tag}: {ex.Message}");
            return ExitCodes.RuntimeFailure;
        }
    }
}
