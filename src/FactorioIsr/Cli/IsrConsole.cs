namespace FactorioIsr.Cli;

/// <summary>The terminal a verb talks to: text writers plus raw streams for verbs that emit bytes (JSON lines).</summary>
internal sealed record IsrConsole(TextWriter Out, TextWriter Error, Func<Stream> OpenOutput, Func<Stream> OpenInput)
{
    public static IsrConsole System { get; } = new(Console.Out, Console.Error, StandardStreams.Output, StandardStreams.Input);

    /// <summary>A console over in-memory writers and streams (tests).</summary>
    public static IsrConsole Capture(TextWriter stdout, TextWriter stderr, Stream? output = null, Stream? input = null) =>
        new(stdout, stderr, () => output ?? Stream.Null, () => input ?? Stream.Null);
}
