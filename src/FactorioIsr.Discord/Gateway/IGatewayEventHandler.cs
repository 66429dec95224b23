namespace FactorioIsr.Discord.Gateway;

/// <summary>
/// A feature that consumes gateway dispatches: the commands (<c>INTERACTION_CREATE</c>) and the chat bridge
/// (<c>MESSAGE_CREATE</c>). The gateway identifies with the union of the handlers' <see cref="Intents"/>, and hands
/// each dispatch whose type is in <see cref="Events"/> to the handler, in the order received.
/// </summary>
/// <remarks>
/// <see cref="HandleAsync"/> runs on the gateway's dispatch loop, one dispatch at a time in sequence order, behind a
/// bounded queue (so a slow handler never delays a heartbeat ACK, but a full queue pauses reading): it must return
/// quickly (start long work, such as an RCON call, on its own and return), and it must not throw; an exception is
/// logged, the dispatch is dropped for that handler, and the loop goes on. Dispatches missed while disconnected are
/// replayed after a Resume, so one may arrive late (an INTERACTION_CREATE whose 3 s window has passed).
/// </remarks>
internal interface IGatewayEventHandler
{
    /// <summary>The intents this handler needs (for example <c>GuildMessages | MessageContent</c> for the chat bridge).</summary>
    GatewayIntents Intents { get; }

    /// <summary>The dispatch types (<c>t</c>) this handler takes.</summary>
    IReadOnlySet<string> Events { get; }

    ValueTask HandleAsync(GatewayDispatch dispatch, CancellationToken cancellationToken);
}
