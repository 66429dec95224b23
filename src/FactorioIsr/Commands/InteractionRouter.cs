using System.Collections.Concurrent;
using System.Text.Json;
using FactorioIsr.Configuration;
using FactorioIsr.Discord.Gateway;
using FactorioIsr.Discord.Interactions;
using FactorioIsr.Discord.JsonModels;
using FactorioIsr.Discord.Messages;
using FactorioIsr.Discord.Rest;
using FactorioIsr.Rcon;
using FactorioIsr.Rcon.Client;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Commands;

/// <summary>
/// Takes interactions (INTERACTION_CREATE from the gateway, or <c>POST /interactions</c>) and answers them: slash
/// commands (permission, target server, RCON state and <c>achievement_safe</c> checks, cooldown, confirmation for danger
/// commands, then a deferred reply edited when RCON answered), confirmation buttons, and autocomplete. The gateway's
/// receive loop only parses and hands over; the work runs on its own task. An interaction seen twice (a replay after
/// RESUMED) runs once.
/// </summary>
internal sealed partial class InteractionRouter : IGatewayEventHandler
{
    private const string ConfirmPrefix = "isr:confirm:";
    private const string CancelPrefix = "isr:cancel:";
    private static readonly IReadOnlySet<string> InteractionEvents = new HashSet<string>(StringComparer.Ordinal) { "INTERACTION_CREATE" };

    private readonly CommandRegistry _registry;
    private readonly CommandEnvironment _environment;
    private readonly CommandPermissions _permissions;
    private readonly CommandCooldowns _cooldowns;
    private readonly CommandAutocomplete _autocomplete;
    private readonly PendingConfirmations _pending;
    private readonly InteractionReplies _replies;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, long> _seen = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, bool> _running = new();

    public InteractionRouter(
        CommandRegistry registry,
        CommandEnvironment environment,
        CommandPermissions permissions,
        InteractionReplies replies,
        TimeProvider time,
        ILogger<InteractionRouter> logger,
        TimeSpan? confirmationTimeout = null,
        CommandCooldowns? cooldowns = null)
    {
        _registry = registry;
        _environment = environment;
        _permissions = permissions;
        _replies = replies;
        _time = time;
        _logger = logger;
        _cooldowns = cooldowns ?? new CommandCooldowns(time);
        _autocomplete = new CommandAutocomplete(environment.Servers, time);
        _pending = new PendingConfirmations(time, confirmationTimeout ?? TimeSpan.FromSeconds(60));
    }

    public GatewayIntents Intents => GatewayIntents.None;

    public IReadOnlySet<string> Events => InteractionEvents;

    public InteractionReplies Replies => _replies;

    public PendingConfirmations Pending => _pending;

    /// <summary>Work started and not finished yet (tests and shutdown wait for it).</summary>
    public Task Idle => Task.WhenAll(_running.Keys);

    /// <summary>A gateway dispatch: parsed here, answered on its own task.</summary>
    public ValueTask HandleAsync(GatewayDispatch dispatch, CancellationToken cancellationToken)
    {
        var receivedAt = _time.GetTimestamp();
        JsonInteraction? interaction;
        try
        {
            interaction = dispatch.Data.Deserialize(InteractionJsonContext.Default.JsonInteraction);
        }
        catch (JsonException e)
        {
            Unreadable(_logger, e.Message);
            return ValueTask.CompletedTask;
        }

        if (interaction is not null)
        {
            _ = Start(_replies.Gateway(interaction, receivedAt), cancellationToken);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Starts answering an exchange (the HTTP endpoint builds its own, whose first answer is the response body). Returns
    /// the work, or null for an interaction seen already (it is answered, or being answered, by its first delivery).
    /// </summary>
    public Task? Start(InteractionExchange exchange, CancellationToken cancellationToken)
    {
        if (!_seen.TryAdd(exchange.Interaction.Id, exchange.ReceivedAt))
        {
            Replayed(_logger, exchange.Interaction.Id);
            return null;
        }

        Forget();
        var task = Task.Run(() => ProcessAsync(exchange, cancellationToken), CancellationToken.None);
        _running[task] = true;
        _ = task.ContinueWith(t => _running.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    private async Task ProcessAsync(InteractionExchange exchange, CancellationToken cancellationToken)
    {
        try
        {
            switch (exchange.Interaction.Type)
            {
                case InteractionType.Ping:
                    await _replies.AnswerAsync(exchange, new JsonInteractionReply { Type = InteractionType.CallbackPong }, cancellationToken).ConfigureAwait(false);
                    break;
                case InteractionType.ApplicationCommand:
                    await CommandAsync(exchange, cancellationToken).ConfigureAwait(false);
                    break;
                case InteractionType.MessageComponent:
                    await ComponentAsync(exchange, cancellationToken).ConfigureAwait(false);
                    break;
                case InteractionType.Autocomplete:
                    await AutocompleteAsync(exchange, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug in one command must not take the router down; the user gets the generic error if nothing was sent yet.
            HandlerFailed(_logger, e, exchange.Interaction.Id);
            if (!exchange.Acknowledged)
            {
                await _replies.AnswerAsync(exchange, Message(CommandOutcome.Error("An unexpected error occurred. Please try again later.")), CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private async Task CommandAsync(InteractionExchange exchange, CancellationToken cancellationToken)
    {
        var interaction = exchange.Interaction;
        var (command, options) = Resolve(interaction.Data);
        if (command is null)
        {
            await _replies.AnswerAsync(exchange, Message(CommandOutcome.Error("Unknown command: ISR does not know it (the commands may be re-registering; try again in a minute).")), cancellationToken).ConfigureAwait(false);
            return;
        }

        var spec = command.Spec;
        var user = CommandUser.From(interaction);
        var args = CommandArgs.From(options);
        var level = command.RequiredLevel(args);
        var (server, serverError) = await TargetAsync(spec, user, args, cancellationToken).ConfigureAwait(false);
        var run = new CommandRun(user, args, server, _environment);
        if (!await _permissions.AllowsAsync(user, level, interaction.GuildId, cancellationToken).ConfigureAwait(false))
        {
            await RefuseAsync(exchange, run, spec, CommandPermissions.Denied(level), "denied", cancellationToken).ConfigureAwait(false);
            return;
        }

        if (serverError is not null)
        {
            await _replies.AnswerAsync(exchange, Message(CommandOutcome.Error(serverError)), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (server is not null && Unavailable(spec, server) is { } why)
        {
            await RefuseAsync(exchange, run, spec, why, "refused", cancellationToken).ConfigureAwait(false);
            return;
        }

        if (_cooldowns.TryUse(user.Id, spec.Tier) is { } wait)
        {
            await _replies.AnswerAsync(exchange, Message(new CommandOutcome(CommandEmbeds.Cooldown(wait), null, true, false, "cooldown")), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (command.NeedsConfirmation(args))
        {
            await AskConfirmationAsync(exchange, command, run, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!spec.UsesRcon)
        {
            var outcome = await RunAsync(command, run, cancellationToken).ConfigureAwait(false);
            await _replies.AnswerAsync(exchange, Message(outcome), cancellationToken).ConfigureAwait(false);
            await AuditAsync(run, spec, outcome.Result, cancellationToken).ConfigureAwait(false);
            return;
        }

        // RCON may take seconds: acknowledge now, answer by editing the deferred reply.
        if (!await _replies.AnswerAsync(exchange, new JsonInteractionReply { Type = InteractionType.CallbackDeferredMessage }, cancellationToken).ConfigureAwait(false))
        {
            return; // Discord did not take the defer (10062, 40060): nobody would see the answer, so nothing runs.
        }

        var result = await RunAsync(command, run, cancellationToken).ConfigureAwait(false);
        await _replies.EditOriginalAsync(exchange, Edit(result), result.Files, cancellationToken).ConfigureAwait(false);
        await AuditAsync(run, spec, result.Result, cancellationToken).ConfigureAwait(false);
    }

    private async Task RefuseAsync(InteractionExchange exchange, CommandRun run, CommandSpec spec, string why, string result, CancellationToken cancellationToken)
    {
        await _replies.AnswerAsync(exchange, Message(CommandOutcome.Error(why)), cancellationToken).ConfigureAwait(false);
        await AuditAsync(run, spec, result + ": " + why, cancellationToken).ConfigureAwait(false);
    }

    private async Task AskConfirmationAsync(InteractionExchange exchange, ICommand command, CommandRun run, CancellationToken cancellationToken)
    {
        var id = exchange.Interaction.Id;
        var seconds = (int)_pending.Timeout.TotalSeconds;
        var embed = CommandEmbeds.Make(
            "⚠️ Confirm " + command.Spec.Path,
            CommandEmbeds.Orange,
            $"This is a danger-tier command on **{CommandEmbeds.Safe(run.Target.Name)}** (`{run.Target.Tag}`)."
            + (run.Args.Describe() is { Length: > 0 } a ? "\nArguments: `" + a.Replace('`', '\'') + "`" : "")
            + $"\n\nPress **Confirm** within {seconds} s to run it.");
        _pending.Add(new PendingConfirmation(id, command, run, exchange, _time.GetTimestamp()));
        var reply = new JsonInteractionReply
        {
            Type = InteractionType.CallbackMessage,
            Data = new JsonInteractionReplyData
            {
                Embeds = DiscordWireMapper.ToWire([embed]),
                Flags = InteractionType.FlagEphemeral,
                AllowedMentions = NoMentions(),
                Components = Buttons(id),
            },
        };
        if (!await _replies.AnswerAsync(exchange, reply, cancellationToken).ConfigureAwait(false))
        {
            _pending.Take(id, out _);
            return;
        }

        _ = ExpireAsync(id, cancellationToken);
    }

    /// <summary>After the timeout, an unanswered confirmation loses its buttons and says it expired.</summary>
    private async Task ExpireAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(_pending.Timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (_pending.Remove(id) is { } pending)
        {
            await _replies.EditOriginalAsync(pending.Origin, Expired(), CancellationToken.None).ConfigureAwait(false);
            await AuditAsync(pending.Run, pending.Command.Spec, "expired: not confirmed", CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task ComponentAsync(InteractionExchange exchange, CancellationToken cancellationToken)
    {
        var customId = exchange.Interaction.Data?.CustomId ?? "";
        var confirm = customId.StartsWith(ConfirmPrefix, StringComparison.Ordinal);
        if (!confirm && !customId.StartsWith(CancelPrefix, StringComparison.Ordinal))
        {
            return;
        }

        var id = customId[(confirm ? ConfirmPrefix : CancelPrefix).Length..];
        var user = CommandUser.From(exchange.Interaction);
        if (_pending.Peek(id) is { } waiting && waiting.Run.User.Id != user.Id)
        {
            await _replies.AnswerAsync(exchange, Message(CommandOutcome.Error("Only the member who ran the command can confirm it.")), cancellationToken).ConfigureAwait(false);
            return;
        }

        var pending = _pending.Take(id, out var expired);
        if (pending is null)
        {
            await _replies.AnswerAsync(exchange, Update(Expired()), cancellationToken).ConfigureAwait(false);
            return;
        }

        var spec = pending.Command.Spec;
        if (!confirm)
        {
            await _replies.AnswerAsync(exchange, Update(new JsonInteractionEdit
            {
                Embeds = DiscordWireMapper.ToWire([CommandEmbeds.Make("Cancelled", CommandEmbeds.Blue, spec.Path + " was not run.")]),
                Components = [],
                AllowedMentions = NoMentions(),
            }), cancellationToken).ConfigureAwait(false);
            await AuditAsync(pending.Run, spec, "cancelled", cancellationToken).ConfigureAwait(false);
            return;
        }

        // The server may have gone away or lost RCON during the minute.
        if (Unavailable(spec, pending.Run.Target) is { } why)
        {
            await _replies.AnswerAsync(exchange, Update(Edit(CommandOutcome.Error(why))), cancellationToken).ConfigureAwait(false);
            await AuditAsync(pending.Run, spec, "refused: " + why, cancellationToken).ConfigureAwait(false);
            return;
        }

        var running = new JsonInteractionEdit
        {
            Embeds = DiscordWireMapper.ToWire([CommandEmbeds.Make("⏳ Running " + spec.Path, CommandEmbeds.Blue)]),
            Components = [],
            AllowedMentions = NoMentions(),
        };
        if (!await _replies.AnswerAsync(exchange, Update(running), cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var outcome = await RunAsync(pending.Command, pending.Run, cancellationToken).ConfigureAwait(false);
        await _replies.EditOriginalAsync(exchange, Edit(outcome), outcome.Files, cancellationToken).ConfigureAwait(false);
        await AuditAsync(pending.Run, spec, outcome.Result, cancellationToken).ConfigureAwait(false);
    }

    private async Task AutocompleteAsync(InteractionExchange exchange, CancellationToken cancellationToken)
    {
        var (command, options) = Resolve(exchange.Interaction.Data);
        var focused = options?.FirstOrDefault(o => o.Focused == true);
        IReadOnlyList<(string Name, string Value)> choices = [];
        if (command is not null && focused is not null)
        {
            var spec = command.Spec.Options.Append(CommandOptionSpec.Server).FirstOrDefault(o => o.Name == focused.Name);
            if (spec is { Autocomplete: not AutocompleteSource.None })
            {
                var args = CommandArgs.From(options);
                var user = CommandUser.From(exchange.Interaction);
                var typed = args.String(focused.Name) ?? "";
                string? tag = null;
                if (spec.Autocomplete != AutocompleteSource.Servers)
                {
                    var (server, _) = await TargetAsync(command.Spec, user, args, cancellationToken).ConfigureAwait(false);
                    tag = server?.Tag;
                }

                choices = await _autocomplete.SuggestAsync(spec.Autocomplete, typed, tag, cancellationToken).ConfigureAwait(false);
            }
        }

        await _replies.AnswerAsync(exchange, new JsonInteractionReply
        {
            Type = InteractionType.CallbackAutocomplete,
            Data = new JsonInteractionReplyData
            {
                Choices = [.. choices.Select(c => new JsonCommandChoice { Name = c.Name, Value = JsonSerializer.SerializeToElement(c.Value, CommandArgsJson.Default.String) })],
            },
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The command named by the interaction data, and the options of its subcommand.</summary>
    private (ICommand? Command, IReadOnlyList<JsonInteractionOption>? Options) Resolve(JsonInteractionData? data)
    {
        if (data?.Name is not { } top || data.Options is not [var first, ..])
        {
            return (null, null);
        }

        if (first.Type == 2 && first.Options is [{ Type: 1 } sub, ..])
        {
            return (_registry.Find(top, first.Name, sub.Name), sub.Options);
        }

        return first.Type == 1 ? (_registry.Find(top, null, first.Name), first.Options) : (null, null);
    }

    /// <summary>The server a command acts on: its <c>server</c> option, the user's context, or the first server.</summary>
    private async Task<(ServerConfig? Server, string? Error)> TargetAsync(CommandSpec spec, CommandUser user, CommandArgs args, CancellationToken cancellationToken)
    {
        if (!spec.TargetsServer)
        {
            return (null, null);
        }

        var servers = _environment.Servers.All;
        var wanted = args.String("server")?.ToLowerInvariant();
        if (wanted == "all" && spec.Name == "status")
        {
            return (null, null);
        }

        wanted ??= await _environment.Contexts.GetAsync(user.Id, cancellationToken).ConfigureAwait(false);
        if (wanted is null)
        {
            return servers.Count > 0 ? (servers[0], null) : (null, "No server is configured (servers.yml has no enabled server).");
        }

        var server = servers.FirstOrDefault(s => string.Equals(s.Tag, wanted, StringComparison.OrdinalIgnoreCase));
        return server is not null ? (server, null) : (null, UnknownServer(wanted, servers));
    }

    public static string UnknownServer(string tag, IReadOnlyList<ServerConfig> servers) =>
        $"Server `{tag.Replace('`', '\'')}` not found.\n\n**Available servers:** "
        + (servers.Count == 0 ? "none" : string.Join(", ", servers.Take(25).Select(s => $"`{s.Tag}` ({CommandEmbeds.Safe(s.Name)})")));

    /// <summary>Why a command cannot run on <paramref name="server"/> now: no RCON, RCON down (since when), or a Lua feature disabled by achievement_safe.</summary>
    private string? Unavailable(CommandSpec spec, ServerConfig server)
    {
        if (spec.Feature is { } feature && server.AchievementSafe)
        {
            return $"`{spec.Name}` is disabled on {CommandEmbeds.Safe(server.Name)} (`{server.Tag}`): {feature} needs Lua, and "
                + Rcon.Factorio.FactorioCommands.AchievementSafeReason + ".";
        }

        if (!spec.UsesRcon)
        {
            return null;
        }

        if (server.Rcon is null)
        {
            return $"RCON is not configured for {CommandEmbeds.Safe(server.Name)} (`{server.Tag}`): set rcon_host, rcon_port and rcon_password in servers.yml.";
        }

        if (_environment.Servers.Monitor(server.Tag) is not { } monitor)
        {
            return $"RCON not available for {CommandEmbeds.Safe(server.Name)} (`{server.Tag}`): the server is not running in ISR.";
        }

        var (state, since) = monitor.RconView;
        var down = state.Status is RconConnectionStatus.Backoff or RconConnectionStatus.AuthenticationFailed or RconConnectionStatus.Closed
            || (state.Status == RconConnectionStatus.Disconnected && state.LastErrorAt is not null);
        if (!down || spec.AnswersWhileRconDown)
        {
            return null;
        }

        var when = since ?? state.LastErrorAt;
        return $"RCON not available for {CommandEmbeds.Safe(server.Name)} (`{server.Tag}`): down"
            + (when is { } w ? $" since <t:{w.ToUnixTimeSeconds()}:R> ({w.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC)" : "")
            + (state.LastError is { Length: > 0 } error ? ": " + CommandEmbeds.Safe(error) : "") + ".";
    }

    private static async Task<CommandOutcome> RunAsync(ICommand command, CommandRun run, CancellationToken cancellationToken)
    {
        try
        {
            return await command.RunAsync(run, cancellationToken).ConfigureAwait(false);
        }
        catch (RconFeatureDisabledException e)
        {
            return CommandOutcome.Error($"Disabled on {CommandEmbeds.Safe(run.Server?.Name)}: {e.Reason}.");
        }
        catch (ArgumentException e)
        {
            return CommandOutcome.Error(CommandEmbeds.Safe(e.Message.Split(" (Parameter", 2)[0]));
        }
        catch (RconException e)
        {
            return CommandOutcome.Error($"RCON failed on {CommandEmbeds.Safe(run.Server?.Name)}: {CommandEmbeds.Safe(e.Message)}");
        }
    }

    private async Task AuditAsync(CommandRun run, CommandSpec spec, string result, CancellationToken cancellationToken)
    {
        if (spec.Tier is not (CommandTier.Admin or CommandTier.Danger) || run.Server is not { } server)
        {
            return;
        }

        var @event = CommandAudit.Event(server.Tag, run.User, spec, run.Args, result, _time.GetUtcNow());
        try
        {
            if (!await _environment.Servers.PublishAsync(server.Tag, @event, cancellationToken).ConfigureAwait(false))
            {
                AuditLost(_logger, server.Tag, spec.Name, "the server is not running");
            }
        }
        catch (Exception e) when (e is System.Threading.Channels.ChannelClosedException or OperationCanceledException)
        {
            AuditLost(_logger, server.Tag, spec.Name, "the relay is stopping");
        }
    }

    private void Forget()
    {
        if (_seen.Count < 10_000)
        {
            return;
        }

        foreach (var (id, at) in _seen)
        {
            if (_time.GetElapsedTime(at) > InteractionExchange.TokenLifetime)
            {
                _seen.TryRemove(id, out _);
            }
        }
    }

    private static JsonInteractionReply Message(CommandOutcome outcome) => new()
    {
        Type = InteractionType.CallbackMessage,
        Data = new JsonInteractionReplyData
        {
            Content = outcome.Content,
            Embeds = outcome.Embed is { } e ? DiscordWireMapper.ToWire([e]) : null,
            Flags = outcome.Ephemeral ? InteractionType.FlagEphemeral : null,
            AllowedMentions = NoMentions(),
        },
    };

    private static JsonInteractionEdit Edit(CommandOutcome outcome) => new()
    {
        Content = outcome.Content ?? "",
        Embeds = outcome.Embed is { } e ? DiscordWireMapper.ToWire([e]) : [],
        AllowedMentions = NoMentions(),
        Components = [],
    };

    private static JsonInteractionReply Update(JsonInteractionEdit edit) => new()
    {
        Type = InteractionType.CallbackUpdateMessage,
        Data = new JsonInteractionReplyData { Content = edit.Content, Embeds = edit.Embeds, Components = edit.Components, AllowedMentions = edit.AllowedMentions },
    };

    private static JsonInteractionEdit Expired() => new()
    {
        Embeds = DiscordWireMapper.ToWire([CommandEmbeds.Make("⌛ Confirmation expired", CommandEmbeds.Orange, "Nothing was run. Run the command again to get a new button.")]),
        Components = [],
        AllowedMentions = NoMentions(),
    };

    private static JsonAllowedMentions NoMentions() => DiscordWireMapper.ToWire(AllowedMentions.None);

    private static IReadOnlyList<JsonComponent> Buttons(string id) =>
    [
        new JsonComponent
        {
            Type = 1,
            Components =
            [
                new JsonComponent { Type = 2, Style = 4, Label = "Confirm", CustomId = ConfirmPrefix + id },
                new JsonComponent { Type = 2, Style = 2, Label = "Cancel", CustomId = CancelPrefix + id },
            ],
        },
    ];

    [LoggerMessage(EventId = 7010, Level = LogLevel.Warning, Message = "An interaction could not be read: {Reason}")]
    private static partial void Unreadable(ILogger logger, string reason);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Debug, Message = "Interaction {Id} was seen already (a replay); it is not run again")]
    private static partial void Replayed(ILogger logger, string id);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Error, Message = "Interaction {Id} failed")]
    private static partial void HandlerFailed(ILogger logger, Exception exception, string id);

    [LoggerMessage(EventId = 7013, Level = LogLevel.Warning, Message = "The audit of {Command} on {Server} was not recorded: {Reason}")]
    private static partial void AuditLost(ILogger logger, string server, string command, string reason);
}
