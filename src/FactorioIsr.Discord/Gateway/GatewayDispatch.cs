using System.Text.Json;

namespace FactorioIsr.Discord.Gateway;

/// <summary>
/// One dispatch (op 0) received from the gateway: its event name (<c>t</c>, such as <c>INTERACTION_CREATE</c> or
/// <c>MESSAGE_CREATE</c>), its sequence number (<c>s</c>) and its payload (<c>d</c>). <see cref="Data"/> owns its memory
/// (a cloned element), so a handler may keep it after <see cref="IGatewayEventHandler.HandleAsync"/> returns.
/// </summary>
internal sealed record GatewayDispatch(string Type, long Sequence, JsonElement Data);
