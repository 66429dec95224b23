namespace FactorioIsr.Discord.Gateway;

/// <summary>
/// Gateway intents (discord.md §1). The gateway identifies with the union of what its registered
/// <see cref="IGatewayEventHandler"/>s ask for, and nothing else: <see cref="MessageContent"/> is privileged and is
/// asked for only when the chat bridge is on.
/// </summary>
[Flags]
internal enum GatewayIntents
{
    None = 0,
    Guilds = 1 << 0,
    GuildMembers = 1 << 1,
    GuildPresences = 1 << 8,
    GuildMessages = 1 << 9,
    DirectMessages = 1 << 12,
    MessageContent = 1 << 15,
}
