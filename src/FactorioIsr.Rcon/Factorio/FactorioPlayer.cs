namespace FactorioIsr.Rcon.Factorio;

/// <summary>A player listed by <c>/players</c> or <c>/admins</c>.</summary>
public sealed record FactorioPlayer(string Name, bool IsOnline);
