using System.Text.Json.Serialization;
using FactorioIsr.Events;

namespace FactorioIsr.State;

/// <summary>How events are stored in the outbox and dead letters.</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(FactorioEvent))]
internal sealed partial class StateJson : JsonSerializerContext;
