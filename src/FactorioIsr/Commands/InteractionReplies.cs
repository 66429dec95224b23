using System.Diagnostics.Metrics;
using FactorioIsr.Discord.Interactions;
using FactorioIsr.Discord.Messages;
using FactorioIsr.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Commands;

/// <summary>
/// Sends interaction answers through the REST client, keeping Discord's windows: the callback once and within 3 s,
/// edits of <c>@original</c> within 15 minutes. 10062 and 40060 (and late or second answers ISR refused itself) are
/// logged and counted (<see cref="Counts"/>, <c>isr_interaction_refusals</c>), never thrown.
/// </summary>
internal sealed partial class InteractionReplies
{
    private readonly DiscordRestClient? rest;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private long _late;
    private long _second;
    private long _unknown;
    private long _acknowledged;
    private long _failed;

    /// <summary>Counts of refused answers, for tests and /metrics.</summary>
    public InteractionRefusals Counts => new(
        Interlocked.Read(ref _late), Interlocked.Read(ref _second), Interlocked.Read(ref _unknown), Interlocked.Read(ref _acknowledged), Interlocked.Read(ref _failed));

    /// <param name="meters">The host's meter factory: <c>isr_interaction_refusals_total{reason}</c>; null: not exported.</param>
    public InteractionReplies(DiscordRestClient? rest, string? applicationId, TimeProvider time, ILogger logger, IMeterFactory? meters = null)
    {
        this.rest = rest;
        this.time = time;
        this.logger = logger;
        ApplicationId = applicationId;
        meters?.Create(Hosting.IsrMeters.Discord).CreateObservableCounter("isr_interaction_refusals", ObserveRefusals, "{answer}",
            "Interaction answers not delivered, by reason: late, second, 10062 (unknown interaction), 40060 (already acknowledged), failed.");
    }

    public TimeProvider Time => time;

    /// <summary>The application id (from the configuration or the interaction).</summary>
    public string? ApplicationId { get; set; }

    /// <summary>An exchange whose first answer is the REST callback.</summary>
    public InteractionExchange Gateway(JsonInteraction interaction, long receivedAt) =>
        new(interaction, receivedAt, (reply, ct) => CallbackAsync(interaction, reply, ct));

    /// <summary>Sends the first answer: once, within 3 s (within 15 minutes when the HTTP endpoint deferred it already).</summary>
    public async Task<bool> AnswerAsync(InteractionExchange exchange, JsonInteractionReply reply, CancellationToken cancellationToken)
    {
        if (!exchange.TryClaim())
        {
            Interlocked.Increment(ref _second);
            SecondAnswer(logger, exchange.Interaction.Id);
            return false;
        }

        var age = time.GetElapsedTime(exchange.ReceivedAt);
        if (age >= exchange.AnswerWindow)
        {
            Interlocked.Increment(ref _late);
            LateAnswer(logger, exchange.Interaction.Id, (long)age.TotalMilliseconds);
            return false;
        }

        return await exchange.SendInitialAsync(reply, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Edits the original reply (after a defer, a confirmation or an update), within 15 minutes.</summary>
    public Task<bool> EditOriginalAsync(InteractionExchange exchange, JsonInteractionEdit edit, CancellationToken cancellationToken) =>
        EditOriginalAsync(exchange, edit, null, cancellationToken);

    /// <summary>
    /// Edits the original reply, within 15 minutes; with <paramref name="files"/> (the status chart), as a multipart
    /// upload whose embeds may show them with <c>attachment://NAME</c>.
    /// </summary>
    public async Task<bool> EditOriginalAsync(InteractionExchange exchange, JsonInteractionEdit edit, IReadOnlyList<DiscordFile>? files, CancellationToken cancellationToken)
    {
        var age = time.GetElapsedTime(exchange.ReceivedAt);
        if (!exchange.Acknowledged || age >= InteractionExchange.TokenLifetime)
        {
            Interlocked.Increment(ref _late);
            LateAnswer(logger, exchange.Interaction.Id, (long)age.TotalMilliseconds);
            return false;
        }

        var application = ApplicationId ?? exchange.Interaction.ApplicationId;
        if (rest is null || string.IsNullOrEmpty(application))
        {
            return false;
        }

        return await GuardAsync(exchange.Interaction.Id, () => files is { Count: > 0 }
            ? (Task)rest.EditInteractionOriginalWithFilesAsync(application, exchange.Interaction.Token, edit, files, cancellationToken)
            : rest.EditInteractionOriginalAsync(application, exchange.Interaction.Token, edit, cancellationToken)).ConfigureAwait(false);
    }

    private Task<bool> CallbackAsync(JsonInteraction interaction, JsonInteractionReply reply, CancellationToken cancellationToken) =>
        rest is null
            ? Task.FromResult(false)
            : GuardAsync(interaction.Id, () => rest.RespondToInteractionAsync(interaction.Id, interaction.Token, reply, cancellationToken));

    private async Task<bool> GuardAsync(string interactionId, Func<Task> send)
    {
        try
        {
            await send().ConfigureAwait(false);
            return true;
        }
        catch (DiscordRestException e) when (e.Code == InteractionType.UnknownInteraction)
        {
            Interlocked.Increment(ref _unknown);
            DiscordRefused(logger, interactionId, e.Code, e.DiscordMessage);
        }
        catch (DiscordRestException e) when (e.Code == InteractionType.AlreadyAcknowledged)
        {
            Interlocked.Increment(ref _acknowledged);
            DiscordRefused(logger, interactionId, e.Code, e.DiscordMessage);
        }
        catch (Exception e) when (e is DiscordRestException or DiscordTransportException)
        {
            Interlocked.Increment(ref _failed);
            AnswerFailed(logger, interactionId, e.Message);
        }

        return false;
    }

    private IEnumerable<Measurement<long>> ObserveRefusals()
    {
        var counts = Counts;
        (string Reason, long Count)[] all = [("late", counts.Late), ("second", counts.Second), ("10062", counts.UnknownInteraction), ("40060", counts.AlreadyAcknowledged), ("failed", counts.Failed)];
        foreach (var (reason, count) in all)
        {
            yield return new Measurement<long>(count, new KeyValuePair<string, object?>("reason", reason));
        }
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Interaction {Id}: a second answer was not sent (it is answered already)")]
    private static partial void SecondAnswer(ILogger logger, string id);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Interaction {Id}: answer not sent, {AgeMs} ms after receipt is past Discord's window")]
    private static partial void LateAnswer(ILogger logger, string id, long ageMs);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Interaction {Id}: Discord refused the answer ({Code}: {Reason})")]
    private static partial void DiscordRefused(ILogger logger, string id, int code, string reason);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "Interaction {Id}: the answer failed: {Reason}")]
    private static partial void AnswerFailed(ILogger logger, string id, string reason);
}

/// <summary>Answers not delivered: late (past 3 s / 15 min), second (already answered), and Discord's 10062 / 40060, and other failures.</summary>
internal sealed record InteractionRefusals(long Late, long Second, long UnknownInteraction, long AlreadyAcknowledged, long Failed);
