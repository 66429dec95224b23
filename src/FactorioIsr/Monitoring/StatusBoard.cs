using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using FactorioIsr.Discord.Rest;
using FactorioIsr.State;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Monitoring;

/// <summary>
/// <c>stats_mode: edit</c>: one status message per server in its status channel, edited in place with the server's
/// <see cref="StatusCard"/>. The message id lives in the state store (a restart edits the same message); a message
/// someone deleted (404 10008 on the edit) is posted again, once. The board is state, not an event stream: it does
/// not go through the outbox. Latest wins: at most one edit per server per <see cref="StatusBoardOptions.MinEditInterval"/>,
/// made only when something shown changed (<see cref="ServerMonitor.StatusVersion"/>), and the chart is rendered and
/// uploaded again at most every <see cref="StatusBoardOptions.ChartInterval"/> (other edits keep the uploaded one).
/// Nothing is posted twice: a create carries a nonce derived from the server and the record's generation, and the
/// pending create is recorded before it is sent, so a retry (even after a crash) returns the same message. Edits go
/// through the shared <see cref="DiscordRestClient"/>, so they share its rate limits with everything else; <c>isr demo</c>
/// shows the same board on the console (<see cref="IStatusBoardTarget"/>).
/// </summary>
internal sealed partial class StatusBoard(IStateStore store, IStatusBoardTarget target, StatusBoardOptions options, ILogger logger)
{
    /// <summary>The board in Discord.</summary>
    public StatusBoard(IStateStore store, DiscordRestClient client, StatusBoardOptions options, ILogger logger)
        : this(store, new DiscordStatusBoardTarget(client), options, logger)
    {
    }

    private readonly Dictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    /// <summary>One pass over the servers: edits (or creates) the messages of those whose card changed and are due.</summary>
    /// <param name="monitors">The running servers' monitors; those without <c>stats_mode: edit</c> and a status channel are skipped.</param>
    /// <param name="relay">The relay's health line for a server's card, if any.</param>
    public async Task UpdateAsync(IEnumerable<ServerMonitor> monitors, Func<ServerMonitor, string?>? relay, CancellationToken cancellationToken)
    {
        foreach (var monitor in monitors)
        {
            if (!monitor.Monitoring.EditsStatusMessage)
            {
                continue;
            }

            if (!_slots.TryGetValue(monitor.Tag, out var slot))
            {
                slot = new Slot();
                _slots[monitor.Tag] = slot;
            }

            var now = monitor.Time.GetUtcNow();
            var version = monitor.StatusVersion;
            if (slot.Version == version || now < slot.NotBefore)
            {
                continue;
            }

            try
            {
                await UpdateAsync(monitor, slot, relay?.Invoke(monitor), now, cancellationToken).ConfigureAwait(false);
                slot.Version = version;
                slot.NotBefore = now + options.MinEditInterval;
            }
            catch (DiscordRestException e) when (!e.IsTransient)
            {
                // Missing permission, unknown channel, invalid body...: said once per kind, tried again later.
                slot.NotBefore = now + options.FailureRetry;
                Log.Failed(logger, monitor.Tag, e.Message, options.FailureRetry.TotalSeconds);
            }
            catch (Exception e) when (e is DiscordRestException or DiscordTransportException or StateStoreException)
            {
                slot.NotBefore = now + options.MinEditInterval;
                Log.NotYet(logger, monitor.Tag, e.Message);
            }
        }
    }

    /// <summary>Forgets the in-memory state of servers that no longer run (their messages stay, as does their record).</summary>
    public void Retain(IReadOnlySet<string> tags)
    {
        foreach (var tag in _slots.Keys.Where(t => !tags.Contains(t)).ToList())
        {
            _slots.Remove(tag);
        }
    }

    /// <summary>The nonce of a server's <paramref name="generation"/>th status message (≤ 25 characters).</summary>
    internal static string Nonce(string tag, long generation) =>
        string.Create(CultureInfo.InvariantCulture, $"sb{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tag)), 0, 7)}-{generation}");

    private async Task UpdateAsync(ServerMonitor monitor, Slot slot, string? relay, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var channel = monitor.Monitoring.StatusChannelId!;
        slot.Record ??= await store.LoadStatusMessageAsync(monitor.Tag, cancellationToken).ConfigureAwait(false);
        if (slot.Record is { } known && known.ChannelId != channel)
        {
            // The status channel changed: a new message there (the old one stays where it is).
            slot.Record = new StatusMessageRecord(channel, null, known.Generation + 1);
            slot.ImageUrl = null;
        }

        var chart = slot.ImageUrl is null || slot.ChartAt is not { } last || now - last >= options.ChartInterval;
        var card = await StatusCard.BuildAsync(monitor, new StatusCardOptions(Chart: chart, Relay: relay), cancellationToken).ConfigureAwait(false);
        if (slot.Record is { MessageId: { } id })
        {
            try
            {
                await EditAsync(monitor, slot, channel, id, card, chart, now, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (DiscordRestException e) when (e.StatusCode == HttpStatusCode.NotFound && e.Code == 10008)
            {
                Log.Deleted(logger, monitor.Tag, id);
                slot.Record = slot.Record with { MessageId = null, Generation = slot.Record.Generation + 1 };
                slot.ImageUrl = null;
                if (!chart)
                {
                    card = await StatusCard.BuildAsync(monitor, new StatusCardOptions(Chart: true, Relay: relay), cancellationToken).ConfigureAwait(false);
                    chart = true;
                }
            }
        }

        var pending = slot.Record ?? new StatusMessageRecord(channel, null, 1);
        await store.SaveStatusMessageAsync(monitor.Tag, pending, cancellationToken).ConfigureAwait(false);
        slot.Record = pending;
        var created = await target.CreateAsync(monitor.Tag, channel, card.ToMessage(), card.Files, Nonce(monitor.Tag, pending.Generation), cancellationToken).ConfigureAwait(false);
        slot.Record = pending with { MessageId = created.Message.Id };
        await store.SaveStatusMessageAsync(monitor.Tag, slot.Record, cancellationToken).ConfigureAwait(false);
        slot.ImageUrl = created.ImageUrl;
        slot.ChartAt = now;
        Log.Created(logger, monitor.Tag, channel, created.Message.Id);
    }

    private async Task EditAsync(ServerMonitor monitor, Slot slot, string channel, string id, StatusCard card, bool chart, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var message = card.ToMessage();
        if (!chart)
        {
            // The chart uploaded last time stays attached; the embed points at it as Discord serves it.
            message = message with { Embeds = [card.Embed with { ImageUrl = slot.ImageUrl }] };
        }

        var edited = await target.EditAsync(monitor.Tag, channel, id, message, chart ? card.Files : null, cancellationToken).ConfigureAwait(false);
        slot.ImageUrl = edited.ImageUrl ?? slot.ImageUrl;
        if (chart)
        {
            slot.ChartAt = now;
        }

        Log.Edited(logger, monitor.Tag, id, chart);
    }

    /// <summary>One server's board, in memory (the record is also in the store).</summary>
    private sealed class Slot
    {
        public StatusMessageRecord? Record { get; set; }

        /// <summary>The <see cref="ServerMonitor.StatusVersion"/> shown.</summary>
        public long Version { get; set; } = -1;

        public DateTimeOffset NotBefore { get; set; } = DateTimeOffset.MinValue;

        public DateTimeOffset? ChartAt { get; set; }

        /// <summary>The uploaded chart's address as Discord serves it; null: upload one with the next edit.</summary>
        public string? ImageUrl { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(6100, LogLevel.Information, "{Server}: status message {MessageId} created in channel {Channel}")]
        public static partial void Created(ILogger logger, string server, string channel, string messageId);

        [LoggerMessage(6101, LogLevel.Debug, "{Server}: status message {MessageId} edited (chart uploaded: {Chart})")]
        public static partial void Edited(ILogger logger, string server, string messageId, bool chart);

        [LoggerMessage(6102, LogLevel.Warning, "{Server}: status message {MessageId} was deleted in Discord; posting a new one")]
        public static partial void Deleted(ILogger logger, string server, string messageId);

        [LoggerMessage(6103, LogLevel.Warning, "{Server}: the status message cannot be updated: {Error}; trying again in {Seconds} s")]
        public static partial void Failed(ILogger logger, string server, string error, double seconds);

        [LoggerMessage(6104, LogLevel.Debug, "{Server}: the status message was not updated yet: {Error}")]
        public static partial void NotYet(ILogger logger, string server, string error);
    }
}

/// <summary>The status board's cadences.</summary>
/// <param name="Tick">How often the board looks at the servers.</param>
/// <param name="MinEditInterval">At most one edit per server per this (latest wins).</param>
/// <param name="ChartInterval">The chart is rendered and uploaded again at most this often.</param>
/// <param name="FailureRetry">After a permanent failure (missing permission, unknown channel), the next try.</param>
internal sealed record StatusBoardOptions(TimeSpan Tick, TimeSpan MinEditInterval, TimeSpan ChartInterval, TimeSpan FailureRetry)
{
    public static StatusBoardOptions Default { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));
}
