using FactorioIsr.Security;
using System.Globalization;
using FactorioIsr.Delivery;
using FactorioIsr.Delivery.DiscordOutputs;
using FactorioIsr.Delivery.DiscordOutputs.Mentions;
using FactorioIsr.Discord.Messages;
using FactorioIsr.Discord.Rest;
using FactorioIsr.Events;
using FactorioIsr.FakeDiscord;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FactorioIsr.Benchmarks;

/// <summary>
/// A burst of 1,000 chat lines to one channel limited to 5 messages per 5 s, through the fake Discord on loopback:
/// ISR's bot channel output (coalescing, as the outbox drains a backlog) against the reference's one message per
/// event, side by side in one run. Both run on one fake clock shared by client and fake (the reference would take
/// 16 minutes of real time; the fake clock also moves while the client computes, so it over-states ISR's time a
/// little), and ISR's side runs again on the real clock.
/// <c>dotnet run -c Release --project bench/FactorioIsr.Benchmarks -- discord-burst</c>
/// </summary>
internal static class DiscordBurst
{
    private const int Lines = 1000;
    private const int Limit = 5;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(string[] args)
    {
        _ = args;
        var events = Enumerable.Range(0, Lines).Select(Chat).ToList();
        Console.WriteLine($"Burst: {Lines} chat lines, one channel limited to {Limit} messages per {Window.TotalSeconds:0} s (fake Discord on 127.0.0.1)");
        Console.WriteLine("| sender | messages | 429s from the fake | time to last message | minimum the limit allows | OpenAPI failures |");
        Console.WriteLine("|---|---|---|---|---|---|");
        var isr = await RunAsync("ISR bot output (coalescing), fake clock", events, coalesce: true, fakeClock: true);
        var reference = await RunAsync("reference (1 message per event), fake clock", events, coalesce: false, fakeClock: true);
        var real = await RunAsync("ISR bot output (coalescing), real clock", events, coalesce: true, fakeClock: false);

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Ratio reference/ISR: {(double)reference.Messages / isr.Messages:0.0}x fewer messages, {reference.Elapsed / real.Elapsed:0.0}x less time (ISR real clock)."));
        return isr.Messages <= 60 && isr.RateLimited == 0 && real.RateLimited == 0 ? 0 : 1;
    }

    private static async Task<(int Messages, int RateLimited, TimeSpan Elapsed)> RunAsync(string name, List<FactorioEvent> events, bool coalesce, bool fakeClock)
    {
        var fake = fakeClock ? new FakeTimeProvider() : null;
        TimeProvider time = fake ?? TimeProvider.System;
        var options = new FakeDiscordOptions { Time = time }.WithLimit("POST /channels/{channel_id}/messages", Limit, Window);
        await using var server = new FakeDiscordServer(options);
        await server.StartAsync();
        using var client = new DiscordRestClient(DiscordRestClient.CreateDefaultHandler(),
            new DiscordRestOptions { BaseUrl = server.BaseUrl, Token = options.Token, RequestTimeout = TimeSpan.FromHours(1) },
            time, NullLogger<DiscordRestClient>.Instance);
        var output = new DiscordChannelOutput(client, new DiscordChannelSettings("10"),
            new DiscordEventRenderer(DiscordLooks.Default, new MentionResolver(MentionsConfig.Empty)), null, NullLogger<DiscordChannelOutput>.Instance);
        var entries = events.Select((e, i) => new OutboxEntry(i + 1, output.Destination, e, 0)).ToList();

        var start = time.GetUtcNow();
        var run = coalesce ? DrainAsync(output, entries) : OnePerEventAsync(client, events);
        await (fake is null ? run : Drive(fake, run));
        var messages = server.Messages;
        var elapsed = messages[^1].At - messages[0].At;
        var minimum = TimeSpan.FromTicks(Window.Ticks * ((messages.Count + Limit - 1) / Limit - 1));
        var lines = messages.Sum(m => m.Content!.Split('\n').Length);
        if (lines != events.Count)
        {
            throw new InvalidOperationException($"{name}: {lines} lines arrived, expected {events.Count}");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {messages.Count} | {server.UnscriptedRateLimits} | {elapsed.TotalSeconds:0.0} s | {minimum.TotalSeconds:0.0} s | {server.ValidationFailures.Count} |"));
        return (messages.Count, server.UnscriptedRateLimits, elapsed);
    }

    private static async Task DrainAsync(DiscordChannelOutput output, List<OutboxEntry> pending)
    {
        for (var offset = 0; offset < pending.Count;)
        {
            var rest = pending.Skip(offset).ToList();
            var batch = new DeliveryBatch(output.Destination, rest.Take(Math.Clamp(output.Pack(rest), 1, rest.Count)).ToList());
            var outcome = await output.DeliverAsync(batch, CancellationToken.None);
            if (outcome.Status != DeliveryStatus.Delivered)
            {
                throw new InvalidOperationException(outcome.Reason);
            }

            offset += batch.Entries.Count;
        }
    }

    private static async Task OnePerEventAsync(DiscordRestClient client, List<FactorioEvent> events)
    {
        foreach (var e in events)
        {
            await client.CreateMessageAsync("10", DiscordMessage.Text(e.Text), null, CancellationToken.None);
        }
    }

    /// <summary>Moves the fake clock while the run waits on it; a 100 ms step keeps the error under 0.1 s per wait.</summary>
    private static async Task Drive(FakeTimeProvider time, Task run)
    {
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(1));
            if (!run.IsCompleted)
            {
                time.Advance(TimeSpan.FromMilliseconds(100));
            }
        }

        await run;
    }

    private static FactorioEvent Chat(int i)
    {
        var player = $"player{i % 12}";
        var message = $"moving the main bus over by two tiles, batch {i}";
        var text = $"💬 **{GameTextEscaper.Escape(player)}**: {GameTextEscaper.Escape(message)}";
        return new FactorioEvent($"s1:console:1:{i}", "s1", LogSourceKind.Console, "chat", player, message,
            new Dictionary<string, string>(), "chat", "events", DateTimeOffset.UnixEpoch, text, text);
    }
}
