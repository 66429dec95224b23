namespace FactorioIsr.Cli;

/// <summary>Raw standard streams for verbs that write bytes (JSON lines) rather than text.</summary>
internal static class StandardStreams
{
    private static readonly Lazy<Stream> Stdout = new(() => Console.OpenStandardOutput());
    private static readonly Lazy<Stream> Stdin = new(() => Console.OpenStandardInput());

    public static Stream Output() => Stdout.Value;

    public static Stream Input() => Stdin.Value;
}
