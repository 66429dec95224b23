using System.Text.Json.Serialization;
using FactorioIsr.Events;

namespace FactorioIsr.State;

/// <summary>How version-1 outbox rows and dead letters stored events (read by the schema-2 migration and <see cref="Events.EventJson.Parse"/>).</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(FactorioEvent))]
internal sealed partial class StateJson : JsonSerializerContext;
