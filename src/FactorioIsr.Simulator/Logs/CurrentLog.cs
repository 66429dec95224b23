using System.Globalization;

namespace FactorioIsr.Simulator.Logs;

/// <summary>
/// Writes <c>factorio-current.log</c> lines: seconds since start, right-aligned to width 8 with 3 decimals, then
/// <c>Level File.cpp:line: message</c> or a bare message (factorio.md §2). A restart moves the file to
/// <c>factorio-previous.log</c> and starts again at <c>0.000</c>.
/// </summary>
internal sealed class CurrentLog
{
    /// <summary>The pre-load tick Factorio 2.0 prints before a map is loaded.</summary>
    public const string PreloadTick = "18446744073709551615";

    private readonly TimeProvider _time;
    private long _started;

    public CurrentLog(LogFile file, TimeProvider time)
    {
        File = file;
        _time = time;
        _started = time.GetTimestamp();
    }

    public LogFile File { get; }

    public void Bare(string message) => Write(message);

    public void Info(string source, string message) => Write("Info " + source + ": " + message);

    public void StateChange(string tick, string from, string to) =>
        Info("ServerMultiplayerManager.cpp:750", $"updateTick({tick}) changing state from({from}) to({to})");

    /// <summary>Moves the current file to <paramref name="previousPath"/> and restarts the clock at 0.000.</summary>
    public void RotateForRestart(string previousPath)
    {
        File.Rotate(previousPath);
        _started = _time.GetTimestamp();
    }

    private void Write(string message)
    {
        var elapsed = _time.GetElapsedTime(_started).TotalSeconds;
        File.WriteLine(elapsed.ToString("0.000", CultureInfo.InvariantCulture).PadLeft(8) + " " + message);
    }
}
