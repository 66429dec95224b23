using FactorioIsr.Discord.Interactions;

namespace FactorioIsr.Commands;

/// <summary>
/// One interaction's answers. The first answer (the callback) is sent at most once and only within 3 s of receipt;
/// edits of the original reply only after it and within 15 minutes. Anything else is refused before it reaches
/// Discord, and Discord's own refusals (10062 unknown interaction, 40060 already acknowledged) are logged and counted by
/// the <see cref="InteractionReplies"/>, never thrown.
/// </summary>
internal sealed class InteractionExchange
{
    public static readonly TimeSpan CallbackWindow = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(15);

    private readonly Func<JsonInteractionReply, CancellationToken, Task<bool>> _sendInitial;
    private int _acknowledged;
    private int _deferredByTransport;

    /// <param name="interaction">The interaction.</param>
    /// <param name="receivedAt">Its receipt (a <see cref="TimeProvider.GetTimestamp"/> value).</param>
    /// <param name="sendInitial">Sends the first answer (the REST callback, or the HTTP endpoint's response body).</param>
    public InteractionExchange(JsonInteraction interaction, long receivedAt, Func<JsonInteractionReply, CancellationToken, Task<bool>> sendInitial)
    {
        Interaction = interaction;
        ReceivedAt = receivedAt;
        _sendInitial = sendInitial;
    }

    public JsonInteraction Interaction { get; }

    public long ReceivedAt { get; }

    /// <summary>True once the first answer was sent (or attempted).</summary>
    public bool Acknowledged => Volatile.Read(ref _acknowledged) == 1;

    /// <summary>
    /// True once the transport answered Discord with a deferral itself (<c>POST /interactions</c> when the router had no
    /// first answer in time): the router's first answer is then sent as an edit of <c>@original</c>, so it may come
    /// within the token's 15 minutes instead of 3 s.
    /// </summary>
    public bool DeferredByTransport => Volatile.Read(ref _deferredByTransport) == 1;

    /// <summary>How long after receipt the first answer may still be sent.</summary>
    public TimeSpan AnswerWindow => DeferredByTransport ? TokenLifetime : CallbackWindow;

    /// <summary>Records that the transport deferred the interaction (see <see cref="DeferredByTransport"/>).</summary>
    public void MarkDeferredByTransport() => Volatile.Write(ref _deferredByTransport, 1);

    /// <summary>Claims the one first answer; false when it was already claimed.</summary>
    public bool TryClaim() => Interlocked.Exchange(ref _acknowledged, 1) == 0;

    public Task<bool> SendInitialAsync(JsonInteractionReply reply, CancellationToken cancellationToken) => _sendInitial(reply, cancellationToken);
}
