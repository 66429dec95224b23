namespace FactorioIsr.Rcon.Factorio;

/// <summary>Sub-commands of Factorio's <c>/whitelist</c>.</summary>
public enum WhitelistAction
{
    Get,
    Add,
    Remove,
    Clear,
    Enable,
    Disable,
}
