using FactorioIsr.Commands;
using FactorioIsr.Discord.Interactions;

namespace FactorioIsr.Http;

/// <summary>
/// The first answer of an interaction delivered by <c>POST /interactions</c>: the router's first answer (a deferral, a
/// message, an autocomplete list, an update of a button's message) becomes the HTTP response body, and the router learns
/// whether it was written. When the endpoint had to defer first (<see cref="TryDefer"/>), the router's first answer,
/// if it comes, is sent as an edit of <c>@original</c> instead (a deferral needs nothing more; an autocomplete list has
/// no deferred form and is dropped).
/// </summary>
internal sealed class HttpInteractionAnswer(InteractionReplies replies)
{
    private const int Waiting = 0;
    private const int Body = 1;
    private const int EndpointDeferred = 2;

    private readonly TaskCompletionSource<JsonInteractionReply> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<bool> _written = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state;

    /// <summary>The exchange this answers (set once, right after the exchange is built around <see cref="SendAsync"/>).</summary>
    public InteractionExchange Exchange { get; set; } = null!;

    /// <summary>The router's first answer, for the response body.</summary>
    public Task<JsonInteractionReply> Reply => _reply.Task;

    /// <summary>The exchange's first-answer delegate: true once Discord has the answer.</summary>
    public async Task<bool> SendAsync(JsonInteractionReply reply, CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, Body, Waiting) == Waiting)
        {
            _reply.TrySetResult(reply);
            return await _written.Task.ConfigureAwait(false);
        }

        // The endpoint deferred already: once that response is out, the answer edits the deferred reply.
        if (!await _written.Task.ConfigureAwait(false))
        {
            return false;
        }

        return reply.Type switch
        {
            InteractionType.CallbackDeferredMessage or InteractionType.CallbackDeferredUpdate => true,
            InteractionType.CallbackMessage or InteractionType.CallbackUpdateMessage => await replies.EditOriginalAsync(Exchange, new JsonInteractionEdit
            {
                Content = reply.Data?.Content ?? "",
                Embeds = reply.Data?.Embeds ?? [],
                Components = reply.Data?.Components ?? [],
                AllowedMentions = reply.Data?.AllowedMentions,
            }, cancellationToken).ConfigureAwait(false),
            _ => false,
        };
    }

    /// <summary>
    /// Claims the response body for the endpoint's own deferral when the router has not answered: a deferred message for a
    /// command (public, as the router's own deferral), a deferred update for a button, an empty list for autocomplete.
    /// False when the router's answer came first.
    /// </summary>
    public bool TryDefer(out JsonInteractionReply deferral)
    {
        deferral = Exchange.Interaction.Type switch
        {
            InteractionType.MessageComponent => new JsonInteractionReply { Type = InteractionType.CallbackDeferredUpdate },
            InteractionType.Autocomplete => new JsonInteractionReply { Type = InteractionType.CallbackAutocomplete, Data = new JsonInteractionReplyData { Choices = [] } },
            _ => new JsonInteractionReply { Type = InteractionType.CallbackDeferredMessage },
        };
        if (Interlocked.CompareExchange(ref _state, EndpointDeferred, Waiting) != Waiting)
        {
            return false;
        }

        Exchange.MarkDeferredByTransport();
        return true;
    }

    /// <summary>The response was written and completed (true), or could not be (the connection is gone).</summary>
    public void Written(bool written) => _written.TrySetResult(written);
}
