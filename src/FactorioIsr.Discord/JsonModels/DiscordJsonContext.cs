using System.Text.Json.Serialization;

namespace FactorioIsr.Discord.JsonModels;

/// <summary>The one source-generated serializer context for every Discord wire model.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(JsonMessageCreate))]
[JsonSerializable(typeof(JsonMessageEdit))]
[JsonSerializable(typeof(JsonWebhookExecute))]
[JsonSerializable(typeof(JsonMessage))]
[JsonSerializable(typeof(JsonApplication))]
[JsonSerializable(typeof(JsonGatewayBot))]
[JsonSerializable(typeof(IReadOnlyList<JsonApplicationCommand>))]
[JsonSerializable(typeof(JsonApplicationCommand[]))]
[JsonSerializable(typeof(JsonRole[]))]
[JsonSerializable(typeof(JsonError))]
internal sealed partial class DiscordJsonContext : JsonSerializerContext;
