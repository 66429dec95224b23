namespace FactorioIsr.Rcon.Protocol;

/// <summary>One Source RCON packet: request id, packet type (<see cref="RconPacketType"/>) and UTF-8 body.</summary>
public readonly record struct RconPacket(int Id, int Type, string Body);
