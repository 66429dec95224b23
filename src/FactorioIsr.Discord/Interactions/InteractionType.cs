namespace FactorioIsr.Discord.Interactions;

/// <summary>Interaction types and callback types (discord.md §2).</summary>
internal static class InteractionType
{
    public const int Ping = 1;
    public const int ApplicationCommand = 2;
    public const int MessageComponent = 3;
    public const int Autocomplete = 4;

    public const int CallbackPong = 1;
    public const int CallbackMessage = 4;
    public const int CallbackDeferredMessage = 5;
    public const int CallbackDeferredUpdate = 6;
    public const int CallbackUpdateMessage = 7;
    public const int CallbackAutocomplete = 8;

    public const int FlagEphemeral = 64;

    /// <summary>Unknown interaction: the callback came after 3 s, or the token after 15 min.</summary>
    public const int UnknownInteraction = 10062;

    /// <summary>Interaction has already been acknowledged: a second callback.</summary>
    public const int AlreadyAcknowledged = 40060;
}
