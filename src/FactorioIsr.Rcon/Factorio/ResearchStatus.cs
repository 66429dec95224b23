namespace FactorioIsr.Rcon.Factorio;

/// <summary>Researched and total technologies of a force, plus the current research and its progress (0..1) when known.</summary>
public sealed record ResearchStatus(int Researched, int Total, string? Current, double? Progress);
