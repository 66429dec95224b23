namespace FactorioIsr.Rcon.Factorio;

/// <summary>A built command: the exact RCON text, and whether it runs Lua (which disables achievements).</summary>
public sealed record RconCommand(string Text, bool IsLua)
{
    public override string ToString() => Text;
}
