using System.Diagnostics.Tracing;

namespace FactorioIsr.Benchmarks.Tailing;

/// <summary>Counts GCs by generation and reason (runtime events), to see what triggers the expensive ones.</summary>
internal sealed class GcReasons : EventListener
{
    private readonly Dictionary<(uint Depth, uint Reason), int> _counts = [];
    private readonly Dictionary<string, int> _large = [];

    public override string ToString()
    {
        lock (_counts)
        {
            return string.Join(", ", _counts.OrderBy(c => c.Key).Select(c => $"gen{c.Key.Depth}/reason{c.Key.Reason}: {c.Value}"))
                + "; large-object allocation ticks: " + string.Join(", ", _large.OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value}"));
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) == true && eventData.Payload is { } tick
            && Convert.ToUInt32(tick[eventData.PayloadNames!.IndexOf("AllocationKind")], System.Globalization.CultureInfo.InvariantCulture) == 1)
        {
            var type = tick[eventData.PayloadNames!.IndexOf("TypeName")]?.ToString() ?? "?";
            lock (_counts)
            {
                _large[type] = _large.GetValueOrDefault(type) + 1;
            }
        }

        if (eventData.EventName == "GCStart_V2" && eventData.Payload is { } payload)
        {
            var depth = Convert.ToUInt32(payload[eventData.PayloadNames!.IndexOf("Depth")], System.Globalization.CultureInfo.InvariantCulture);
            var reason = Convert.ToUInt32(payload[eventData.PayloadNames!.IndexOf("Reason")], System.Globalization.CultureInfo.InvariantCulture);
            lock (_counts)
            {
                _counts[(depth, reason)] = _counts.GetValueOrDefault((depth, reason)) + 1;
            }
        }
    }
}
