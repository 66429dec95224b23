using System.Buffers;
using System.Text;
using System.Text.Json;
using FactorioIsr.Delivery;
using FactorioIsr.Events;
using FactorioIsr.Tests.Tailing;

namespace FactorioIsr.Tests.Delivery;

public sealed class JsonlOutputTests
{
    private static DeliveryBatch Batch(int from, int count) =>
        new("jsonl", [.. Enumerable.Range(from, count).Select(i => new OutboxEntry(i + 1, "jsonl", DispatcherTests.Event($"e{i}"), 0))]);

    [Fact]
    public async Task Deliver_AfterCrashMidBatch_CutsTornLineAndSkipsWhatIsThere()
    {
        using var dir = new TempDirectory();
        var path = dir.File("events.jsonl");
        var buffer = new ArrayBufferWriter<byte>();
        for (var i = 0; i < 3; i++)
        {
            JsonlOutput.Write(buffer, DispatcherTests.Event($"e{i}"));
        }

        // A crash left e0..e2 of the batch plus half of e3.
        File.WriteAllBytes(path, [.. buffer.WrittenSpan, .. "{\"id\":\"e3\",\"ser"u8]);
        using var output = new JsonlOutput(path);
        Assert.Equal(DeliveryOutcome.Delivered, await output.DeliverAsync(Batch(0, 5), TestContext.Current.CancellationToken));
        Assert.Equal(DeliveryOutcome.Delivered, await output.DeliverAsync(Batch(5, 2), TestContext.Current.CancellationToken));
        var ids = File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()).ToList();
        Assert.Equal([.. Enumerable.Range(0, 7).Select(i => $"e{i}")], ids);
    }

    [Fact]
    public async Task Deliver_AfterCrashRepackedSmaller_SkipsEverythingAlreadyWrittenExactlyOnce()
    {
        using var dir = new TempDirectory();
        var path = dir.File("events.jsonl");
        using (var before = new JsonlOutput(path))
        {
            await before.DeliverAsync(Batch(0, 10), TestContext.Current.CancellationToken); // written, then a crash before the acknowledgement
        }

        // No batch bounds are saved for JSONL: after the restart the same events may come in smaller batches.
        using var output = new JsonlOutput(path);
        foreach (var (from, count) in new[] { (0, 3), (3, 3), (6, 3), (9, 4), (13, 2) })
        {
            Assert.Equal(DeliveryOutcome.Delivered, await output.DeliverAsync(Batch(from, count), TestContext.Current.CancellationToken));
        }

        var ids = File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()).ToList();
        Assert.Equal([.. Enumerable.Range(0, 15).Select(i => $"e{i}")], ids);
    }

    [Fact]
    public async Task Deliver_Event_WritesContractFields()
    {
        using var dir = new TempDirectory();
        var path = dir.File("events.jsonl");
        var e = new FactorioEvent(
            "srv/console/1-2-3/40", "srv", LogSourceKind.Console, "chat", "Alice", "hi \"there\"",
            new Dictionary<string, string> { ["reason"] = "griefing", ["id"] = "must not override" },
            "chat_message", "chat", DateTimeOffset.Parse("2026-01-02T03:04:05Z", System.Globalization.CultureInfo.InvariantCulture),
            "2026-01-02 03:04:05 [CHAT] Alice: hi \"there\"", "💬 **Alice**: hi \"there\"");
        using var output = new JsonlOutput(path);
        await output.DeliverAsync(new DeliveryBatch("jsonl", [new OutboxEntry(1, "jsonl", e, 0)]), TestContext.Current.CancellationToken);
        var line = Assert.Single(File.ReadAllLines(path, Encoding.UTF8));
        var root = JsonDocument.Parse(line).RootElement;
        Assert.Equal("srv/console/1-2-3/40", root.GetProperty("id").GetString());
        Assert.Equal("srv", root.GetProperty("server").GetString());
        Assert.Equal("chat", root.GetProperty("type").GetString());
        Assert.Equal("Alice", root.GetProperty("player").GetString());
        Assert.Equal("hi \"there\"", root.GetProperty("message").GetString());
        Assert.Equal("💬 **Alice**: hi \"there\"", root.GetProperty("text").GetString());
        Assert.Equal(e.Raw, root.GetProperty("raw").GetString());
        Assert.Equal("console", root.GetProperty("source").GetString());
        Assert.Equal("chat_message", root.GetProperty("pattern").GetString());
        Assert.Equal("griefing", root.GetProperty("reason").GetString());
        Assert.StartsWith("2026-01-02T03:04:05", root.GetProperty("timestamp").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Pack_LargeEvents_KeepsBatchUnderLimit()
    {
        List<OutboxEntry> Entries(int chars) =>
            [.. Enumerable.Range(0, 10).Select(i => new OutboxEntry(i + 1, "jsonl", DispatcherTests.Event(new string('x', chars)), 0))];
        using var output = new JsonlOutput("unused.jsonl");
        Assert.Equal(10, output.Pack(Entries(100)));
        Assert.InRange(output.Pack(Entries(200_000)), 2, 9); // ~1.2 MB each against an 8 MiB batch
        Assert.Equal(1, output.Pack(Entries(1_000_000))); // one alone even when over the limit
    }
}
