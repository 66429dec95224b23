using System.Buffers;
using FactorioIsr.Events;
using FactorioIsr.State;
using FactorioIsr.Tests.Delivery;
using FactorioIsr.Tests.Tailing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Tests.State;

/// <summary>The outbox as segments: the binary encoding, acknowledgement by sequence, partial segments, totals.</summary>
public sealed class OutboxSegmentTests
{
    private static SqliteStateStore Open(TempDirectory dir) => SqliteStateStore.Open(dir.File("isr.db"), TimeProvider.System, NullLogger.Instance);

    private static List<OutboxAppend> Appends(string destination, int from, int count) =>
        [.. Enumerable.Range(from, count).Select(i => new OutboxAppend(destination, DispatcherTests.Event($"e{i}")))];

    private static long Segments(TempDirectory dir)
    {
        using var connection = new SqliteConnection($"Data Source={dir.File("isr.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM outbox_segments WHERE last_seq > acked_seq"; // not the tombstone of a wholly acknowledged queue
        return (long)command.ExecuteScalar()!;
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain ascii")]
    [InlineData("ünïcödé 💬 and \"quotes\"\n")]
    [InlineData(null)]
    public void Codec_RoundTrip_KeepsEveryField(string? text)
    {
        var value = text ?? new string('ẞ', 70_000); // > 64 KiB of UTF-8: a three-byte length
        var fields = new Dictionary<string, string>(StringComparer.Ordinal) { ["player"] = "Alice", ["message"] = value, ["reason"] = value + "!", ["empty"] = string.Empty };
        var e = new FactorioEvent(
            "srv/console/1-2-3/40", "srv", LogSourceKind.Mod, "chat", "Alice", value, fields, text is null ? null : "chat_message", "chat",
            new DateTimeOffset(2026, 11, 26, 22, 1, 2, 345, TimeSpan.FromMinutes(-330)).AddTicks(6789), "raw " + value, value);
        var buffer = new ArrayBufferWriter<byte>();
        var length = OutboxCodec.Write(buffer, e);
        OutboxCodec.Write(buffer, e with { Player = null, Message = null, Fields = new Dictionary<string, string>() });
        Assert.Equal(length, OutboxCodec.RecordLength(buffer.WrittenSpan));
        var cache = new OutboxStringCache();
        var decoded = OutboxCodec.Read(buffer.WrittenSpan, cache);
        Assert.Equal(e with { Fields = decoded.Fields }, decoded);
        Assert.Equal(fields, decoded.Fields);
        Assert.Equal(e.Timestamp.Offset, decoded.Timestamp.Offset);
        var second = OutboxCodec.Read(buffer.WrittenSpan[length..], cache);
        Assert.Null(second.Player);
        Assert.Null(second.Message);
        Assert.Empty(second.Fields);
        Assert.Same(decoded.Server, second.Server); // repeated strings are decoded once
    }

    [Fact]
    public void Acknowledge_PartOfSegment_ReadSkipsAcknowledgedAndSegmentGoesWhenFullyAcknowledged()
    {
        using var dir = new TempDirectory();
        using (var store = Open(dir))
        {
            var added = store.CommitIngest(Appends("a", 0, 10), []);
            store.CommitIngest(Appends("a", 10, 5), []);
            Assert.Equal(15, added.Rows + 5);
            Assert.Equal(2, Segments(dir));
            var removed = store.Acknowledge("a", 1, 4);
            Assert.Equal(4, removed.Rows);
            Assert.Equal(["e4", "e5"], store.ReadPending("a", 0, 2, 1 << 20).Select(e => e.Event.Raw));
            Assert.Equal(11, store.ReadPending("a", 0, 100, 1 << 20).Count);
            Assert.Equal(2, Segments(dir));
            Assert.Equal(10, store.Acknowledge("a", 5, 14).Rows);
            store.CommitIngest([], []); // "a" saves no batches: its acknowledgement rides in the next commit
            Assert.Equal(1, Segments(dir));
            Assert.Equal(["e14"], store.ReadPending("a", 0, 100, 1 << 20).Select(e => e.Event.Raw));
        }

        using (var store = Open(dir))
        {
            // After a restart the boundary holds: nothing acknowledged comes back, even asked from 0.
            var entry = Assert.Single(store.ReadPending("a", 0, 100, 1 << 20));
            Assert.Equal((15L, "e14"), (entry.Sequence, entry.Event.Raw));
            Assert.Empty(store.ReadRange("a", 1, 14));
            Assert.Equal(1, store.LoadOutboxTotals().Rows);
        }
    }

    [Fact]
    public void Totals_AddedEqualsRemovedPlusRemaining_ThroughPartialAcknowledgements()
    {
        using var dir = new TempDirectory();
        using var store = Open(dir);
        var added = store.CommitIngest(Appends("a", 0, 7), []);
        var more = store.CommitIngest([.. Appends("a", 7, 6), .. Appends("b", 0, 3)], []);
        long rows = added.Rows + more.Rows;
        long bytes = added.Bytes + more.Bytes;
        Assert.Equal(new OutboxTotals(rows, bytes), store.LoadOutboxTotals());
        foreach (var last in new long[] { 2, 3, 9, 13 })
        {
            var removed = store.Acknowledge("a", 1, last);
            rows -= removed.Rows;
            bytes -= removed.Bytes;
            Assert.Equal(new OutboxTotals(rows, bytes), store.LoadOutboxTotals());
        }

        Assert.Equal(3, rows); // b's three
        Assert.Equal(0, store.Acknowledge("a", 1, 13).Rows); // acknowledging again removes nothing
    }

    [Fact]
    public void DeadLetter_PartOfSegment_CopiesOnlyThoseEventsAndTheRestFlows()
    {
        using var dir = new TempDirectory();
        using var store = Open(dir);
        store.CommitIngest(Appends("a", 0, 6), []);
        store.Acknowledge("a", 1, 1);
        store.SaveBatch("a", 2, 3);
        store.RecordAttempt("a", 2, 3);
        Assert.Equal([1, 1], store.ReadRange("a", 2, 3).Select(e => e.Attempts));
        var removed = store.DeadLetter("a", 2, 3, "400: bad");
        Assert.Equal(2, removed.Rows);
        Assert.Null(store.LoadBatch("a"));
        var dead = store.LoadDeadLetters(10);
        Assert.Equal([(2L, "e1"), (3L, "e2")], dead.Select(d => (d.Sequence, d.Event.Raw)));
        Assert.All(dead, d => Assert.Equal(2, d.Attempts));
        Assert.Equal(["e3", "e4", "e5"], store.ReadPending("a", 0, 10, 1 << 20).Select(e => e.Event.Raw));
    }

    [Fact]
    public void AcknowledgeAndSave_OneTransaction_NextBatchSavedAndPreviousGone()
    {
        using var dir = new TempDirectory();
        using var store = Open(dir);
        store.CommitIngest(Appends("a", 0, 5), []);
        store.SaveBatch("a", 1, 2);
        Assert.Equal(2, store.AcknowledgeAndSave("a", 1, 2, 3, 5).Rows);
        Assert.Equal((3L, 5L), store.LoadBatch("a"));
        Assert.Equal(["e2", "e3", "e4"], store.ReadRange("a", 3, 5).Select(e => e.Event.Raw));
    }

    [Fact]
    public void ReadPending_RecentSegmentsInMemoryAndFromDatabase_GiveTheSameEntries()
    {
        using var dir = new TempDirectory();
        using var store = Open(dir);
        var written = 0;
        foreach (var size in new[] { 5000, 7000, 3, 9000, 1, 6000 }) // more than the 16384 kept in memory
        {
            store.CommitIngest([.. Appends("a", written, size), .. Appends("b", written, size / 2)], []);
            written += size;
        }

        store.Acknowledge("a", 1, 20_000);
        store.Acknowledge("b", 1, 3);
        store.CommitIngest([], []); // the acknowledgements ride in the next commit (the second store reads the file)
        using var fresh = Open(dir); // a second store on the same file: nothing in memory, everything decoded
        foreach (var (destination, after, rows, bytes) in new[] { ("a", 0L, 8192, 8L << 20), ("a", 20_500L, 100_000, 1L << 30), ("a", 26_000L, 50, 3000L), ("b", 0L, 100_000, 1L << 30), ("b", 13_000L, 10, 1L << 20) })
        {
            var live = store.ReadPending(destination, after, rows, bytes);
            var decoded = fresh.ReadPending(destination, after, rows, bytes);
            Assert.NotEmpty(live);
            Assert.Equal(decoded.Select(e => (e.Sequence, e.Event.Id, e.Event.Raw, e.Attempts)), live.Select(e => (e.Sequence, e.Event.Id, e.Event.Raw, e.Attempts)));
        }
    }

    [Fact]
    public void ReadPending_ByteLimit_StopsWithinSegmentButReturnsAtLeastOne()
    {
        using var dir = new TempDirectory();
        using var store = Open(dir);
        store.CommitIngest(Appends("a", 0, 20), []);
        Assert.Single(store.ReadPending("a", 0, 100, 1));
        var some = store.ReadPending("a", 3, 100, 200);
        Assert.Equal(4, some[0].Sequence);
        Assert.InRange(some.Count, 1, 19);
        Assert.Equal(Enumerable.Range(4, some.Count).Select(i => (long)i), some.Select(e => e.Sequence));
    }
}
