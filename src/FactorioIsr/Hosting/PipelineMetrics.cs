using FactorioIsr.Delivery;
using FactorioIsr.Ingest;
using FactorioIsr.Rcon.Client;
using FactorioIsr.Tailing;

namespace FactorioIsr.Hosting;

/// <summary>The instruments the pipeline hands to what it builds (tailers, writer, outbox, RCON sessions): one relay's.</summary>
internal sealed record PipelineMetrics(TailMetrics Tail, IngestMetrics Ingest, DeliveryMetrics Delivery, RconMetrics Rcon);
