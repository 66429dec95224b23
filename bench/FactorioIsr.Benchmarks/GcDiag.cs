using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace FactorioIsr.Benchmarks;

/// <summary>
/// Diagnostic for the pipeline benches (<c>ISR_BENCH_GCDIAG=1 ... tailing throughput</c>): how many collections of each
/// generation and for which reason (4 = a large-object allocation), and the types allocated on the large object heap.
/// </summary>
internal sealed class GcDiag : EventListener
{
    public static readonly ConcurrentDictionary<string, long> Counts = new();

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName is "GCStart_V2" && e.Payload is { } p)
        {
            var depth = e.PayloadNames!.IndexOf("Depth");
            var reason = e.PayloadNames!.IndexOf("Reason");
            Counts.AddOrUpdate($"gc depth {p[depth]} reason {p[reason]}", 1, (_, v) => v + 1);
        }
        else if (e.EventName is "GCAllocationTick_V4" && e.Payload is { } q)
        {
            var kind = q[e.PayloadNames!.IndexOf("AllocationKind")];
            if (Convert.ToInt32(kind) == 1)
            {
                Counts.AddOrUpdate($"LOH tick {q[e.PayloadNames!.IndexOf("TypeName")]}", 1, (_, v) => v + 1);
            }
        }
    }

    public static void Print()
    {
        foreach (var (k, v) in Counts.OrderByDescending(kv => kv.Value))
        {
            Console.WriteLine($"  {k}: {v}");
        }
    }
}
