namespace FactorioIsr.Cli;

/// <summary>The exit codes of every <c>isr</c> verb (a contract: scripts rely on them).</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>A runtime failure (I/O, network, a dependency down).</summary>
    public const int RuntimeFailure = 1;

    /// <summary>Bad input: configuration, patterns or arguments. Nothing was started.</summary>
    public const int BadInput = 2;
}
