namespace FactorioIsr.Commands.Factorio;

/// <summary><c>connect server</c>: sets the server the caller's commands act on (kept across restarts).</summary>
internal sealed class ConnectCommand : ICommand
{
    public CommandSpec Spec { get; } = new("connect", "Choose the server your commands act on",
        CommandTier.None, [new("server", "Server tag", Required: true) { Autocomplete = AutocompleteSource.Servers, MaxLength = 64 }])
    {
        TargetsServer = false,
        UsesRcon = false,
        Example = "connect server: prod",
    };

    public async Task<CommandOutcome> RunAsync(CommandRun run, CancellationToken cancellationToken)
    {
        var tag = run.Args.String("server")?.ToLowerInvariant() ?? "";
        var servers = run.Environment.Servers.All;
        var server = servers.FirstOrDefault(s => string.Equals(s.Tag, tag, StringComparison.OrdinalIgnoreCase));
        if (server is null)
        {
            return CommandOutcome.Error("❌ " + InteractionRouter.UnknownServer(tag, servers));
        }

        await run.Environment.Contexts.SetAsync(run.User.Id, server.Tag, cancellationToken).ConfigureAwait(false);
        var connected = run.Environment.Servers.Monitor(server.Tag)?.Client.IsConnected == true;
        var fields = new List<Discord.Messages.DiscordEmbedField>
        {
            CommandEmbeds.Field("Tag", $"`{server.Tag}`"),
            CommandEmbeds.Field("Status", server.Rcon is null ? "⚪ No RCON" : connected ? "🟢 Connected" : "🟡 Connecting..."),
        };
        if (server.Rcon is { } rcon)
        {
            fields.Add(CommandEmbeds.Field("Host", $"`{rcon.Host}:{rcon.Port}`"));
        }

        if (server.Description is { Length: > 0 } description)
        {
            fields.Add(CommandEmbeds.Field("Description", CommandEmbeds.Safe(description), inline: false));
        }

        var embed = CommandEmbeds.Make("✅ Connected to " + CommandEmbeds.Safe(server.Name), CommandEmbeds.Green,
            "All commands will now target this server.", fields, "Use /factorio servers to see all servers");
        return CommandOutcome.Ok(embed, server.Tag, ephemeral: true);
    }
}
