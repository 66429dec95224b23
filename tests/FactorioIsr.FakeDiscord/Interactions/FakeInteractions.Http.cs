using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace FactorioIsr.FakeDiscord.Interactions;

public sealed partial class FakeInteractions
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _inFlight = new(StringComparer.Ordinal);

    /// <summary>An interaction was POSTed to the relay; its response is not taken yet.</summary>
    internal void SentOverHttp(string token) => _inFlight[token] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The response to the POST of <paramref name="token"/>'s interaction was taken (or the POST failed).</summary>
    internal void HttpAnswerTaken(string token)
    {
        if (_inFlight.TryRemove(token, out var taken))
        {
            taken.TrySetResult();
        }
    }

    /// <summary>
    /// An edit on a token whose HTTP response the sender has not processed yet waits for it: the relay sends the edit only
    /// after it finished the response, so Discord has the response first; on loopback the edit can overtake the
    /// sender's continuation.
    /// </summary>
    private void WaitForHttpAnswer(string token)
    {
        if (_inFlight.TryGetValue(token, out var pending))
        {
            pending.Task.Wait(TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>
    /// The HTTP response to an interaction POSTed to the relay (<see cref="FakeHttpInteractions"/>), taken as Discord takes
    /// it: a 200 JSON body within 3 s of sending is the interaction's callback (its token then works for edits and
    /// followups; a second answer, say a REST callback too, is 40060). A later one is recorded with status 404, as Discord
    /// would have failed the interaction by then. Other responses (202: "answered through the callback endpoint") record
    /// nothing.
    /// </summary>
    internal void AnsweredOverHttp(string interactionId, string token, JsonNode? body, DateTimeOffset sentAt, DateTimeOffset now)
    {
        var type = body?["type"]?.GetValue<int>() ?? 0;
        int status;
        if (now - sentAt > CallbackWindow)
        {
            status = 404;
        }
        else
        {
            lock (_answered)
            {
                status = _answered.Add(interactionId) ? 200 : 400;
            }

            if (status == 200)
            {
                _tokens[token] = sentAt;
            }
        }

        lock (_callbacks)
        {
            _callbacks.Add(new FakeInteractionCallback(interactionId, token, type, body?.DeepClone(), status, now));
        }
    }
}
