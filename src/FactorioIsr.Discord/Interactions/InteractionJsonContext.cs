using System.Text.Json.Serialization;
using FactorioIsr.Discord.JsonModels;

namespace FactorioIsr.Discord.Interactions;

/// <summary>The source-generated serializer context of the interaction wire models.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(JsonInteraction))]
[JsonSerializable(typeof(JsonInteractionReply))]
[JsonSerializable(typeof(JsonInteractionEdit))]
[JsonSerializable(typeof(JsonMessage))]
internal sealed partial class InteractionJsonContext : JsonSerializerContext;
