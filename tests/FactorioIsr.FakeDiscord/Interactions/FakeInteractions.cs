using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace FactorioIsr.FakeDiscord.Interactions;

/// <summary>An interaction callback the fake received: its type, body and the status it answered.</summary>
public sealed record FakeInteractionCallback(string InteractionId, string Token, int Type, JsonNode? Body, int Status, DateTimeOffset At);

/// <summary>A PATCH of <c>@original</c> (or a followup POST) on an interaction token.</summary>
/// <param name="Body">The JSON body, or a multipart body's <c>payload_json</c>.</param>
/// <param name="Files">A multipart body's files as the reply keeps them (id, name, type, bytes); null for a JSON body.</param>
public sealed record FakeInteractionEdit(string Token, string Method, JsonNode? Body, int Status, DateTimeOffset At, IReadOnlyList<FakeAttachment>? Files = null)
{
    /// <summary>Was it a multipart upload (<c>payload_json</c> and <c>files[N]</c>)?</summary>
    public bool Multipart => Files is not null;
}

/// <summary>
/// Discord's interaction side: a callback within 3 s of the interaction's dispatch (else 404 10062), once (a second is
/// 400 40060); edits of <c>@original</c> and followups on its token only after the callback and within 15 minutes
/// (else 404 10062, as for an expired token). Everything is recorded for assertions.
/// </summary>
public sealed partial class FakeInteractions(TimeProvider time)
{
    public static readonly TimeSpan CallbackWindow = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _dispatched = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly HashSet<string> _answered = new(StringComparer.Ordinal);
    private readonly List<FakeInteractionCallback> _callbacks = [];
    private readonly List<FakeInteractionEdit> _edits = [];

    public IReadOnlyList<FakeInteractionCallback> Callbacks
    {
        get
        {
            lock (_callbacks)
            {
                return [.. _callbacks];
            }
        }
    }

    public IReadOnlyList<FakeInteractionEdit> Edits
    {
        get
        {
            lock (_edits)
            {
                return [.. _edits];
            }
        }
    }

    /// <summary>The interaction was dispatched now (its 3 s window starts).</summary>
    public void Dispatched(string interactionId) => _dispatched[interactionId] = time.GetUtcNow();

    /// <summary>Callbacks for interaction <paramref name="interactionId"/>.</summary>
    public IReadOnlyList<FakeInteractionCallback> CallbacksFor(string interactionId) => [.. Callbacks.Where(c => c.InteractionId == interactionId)];

    /// <summary>Edits and followups on <paramref name="token"/>.</summary>
    public IReadOnlyList<FakeInteractionEdit> EditsFor(string token) => [.. Edits.Where(e => e.Token == token)];

    internal (int Status, int Code, string? Message) Callback(string interactionId, string token, JsonNode? body, DateTimeOffset now)
    {
        var type = body?["type"]?.GetValue<int>() ?? 0;
        (int, int, string?) result;
        if (_dispatched.TryGetValue(interactionId, out var dispatched) && now - dispatched > CallbackWindow)
        {
            result = (404, 10062, "Unknown interaction");
        }
        else
        {
            lock (_answered)
            {
                result = _answered.Add(interactionId) ? (204, 0, null) : (400, 40060, "Interaction has already been acknowledged.");
            }

            if (result.Item1 == 204)
            {
                _tokens[token] = _dispatched.GetValueOrDefault(interactionId, now);
            }
        }

        lock (_callbacks)
        {
            _callbacks.Add(new FakeInteractionCallback(interactionId, token, type, body?.DeepClone(), result.Item1, now));
        }

        return result;
    }

    /// <param name="files">A multipart body's files (null: a JSON body).</param>
    /// <param name="invalid">The body was refused (400 50035 Invalid Form Body) after the token checks passed.</param>
    internal (int Status, int Code, string? Message) Edit(string token, string method, JsonNode? body, DateTimeOffset now,
        IReadOnlyList<FakeAttachment>? files = null, bool invalid = false)
    {
        WaitForHttpAnswer(token);
        (int, int, string?) result = !_tokens.TryGetValue(token, out var created) || now - created > TokenLifetime
            ? (404, 10062, "Unknown interaction")
            : invalid ? (400, 50035, "Invalid Form Body") : (200, 0, null);
        lock (_edits)
        {
            _edits.Add(new FakeInteractionEdit(token, method, body?.DeepClone(), result.Item1, now, files));
        }

        return result;
    }
}
