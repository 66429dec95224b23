using System.Text;
using FactorioIsr.Commands;
using FactorioIsr.Discord.Messages;
using Microsoft.Extensions.DependencyInjection;

namespace FactorioIsr.Cli;

/// <summary>
/// <c>isr demo</c> shows a slash command: once the first server's RCON session is up, <c>/factorio players</c> runs
/// through the registry's own command against the simulator, as an administrator would run it, and its reply is
/// printed the way the bot would post it. There is no Discord in the demo, so the interaction itself (its
/// acknowledgement, permissions, cooldowns) is not shown; docs/commands.md has those.
/// </summary>
internal static class DemoSlashCommand
{
    private static readonly CommandUser DemoAdmin = new("0", "demo", [], CommandUser.Administrator);

    public static async Task RunAsync(IServiceProvider services, TextWriter output, TimeSpan after, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(after, cancellationToken).ConfigureAwait(false);
            var servers = services.GetRequiredService<ICommandServers>();
            var registry = services.GetRequiredService<CommandRegistry>();
            if (servers.All is not [var server, ..] || registry.Find(CommandRegistry.PublicCommand, null, "players") is not { } players)
            {
                return;
            }

            for (var wait = 0; servers.Monitor(server.Tag)?.Client.IsConnected != true; wait++)
            {
                if (wait == 40)
                {
                    return; // RCON never came up: the demo shows the rest without the command
                }

                await Task.Delay(250, cancellationToken).ConfigureAwait(false);
            }

            var environment = new CommandEnvironment(servers, registry, services.GetRequiredService<UserContexts>(), services.GetRequiredService<TimeProvider>());
            var outcome = await players.RunAsync(new CommandRun(DemoAdmin, CommandArgs.Empty, server, environment), cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(Render($"/factorio players server: {server.Tag}", outcome).AsMemory(), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The demo stopped first.
        }
        catch (Exception e) when (e is FactorioIsr.Rcon.RconException or ObjectDisposedException)
        {
            // The simulator or the relay went away: the demo is stopping.
        }
    }

    /// <summary>The command as typed, then the reply, one line per part of the embed.</summary>
    internal static string Render(string typed, CommandOutcome outcome)
    {
        var text = new StringBuilder().Append("> ").Append(typed).Append("   (a slash command; the bot replies:)\n");
        if (outcome.Content is { } content)
        {
            text.Append("  ").Append(content.Replace("\n", "\n  ", StringComparison.Ordinal)).Append('\n');
        }

        if (outcome.Embed is DiscordEmbed embed)
        {
            foreach (var part in new[] { embed.Title, embed.Description }.Concat(embed.Fields.Select(f => $"{f.Name}: {f.Value}")))
            {
                if (!string.IsNullOrWhiteSpace(part))
                {
                    text.Append("  ").Append(part.Replace("\n", "\n  ", StringComparison.Ordinal)).Append('\n');
                }
            }
        }

        return text.ToString().TrimEnd('\n');
    }
}
