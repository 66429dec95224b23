namespace FactorioIsr.Simulator.Logs;

/// <summary>The log files of one simulated server, under <c>DIR/&lt;tag&gt;/</c>, and the mod's <c>script-output/isr/</c>.</summary>
internal sealed class ServerLogs : IDisposable
{
    public const string ConsoleFileName = "console.log";
    public const string CurrentFileName = "factorio-current.log";
    public const string PreviousFileName = "factorio-previous.log";
    public const string ModEventsDirectory = "script-output/isr";

    public ServerLogs(string directory, TimeProvider time, long modMaxFileBytes = 1024 * 1024, int modMaxFileEvents = 10_000, int modKeepFiles = 10)
    {
        Directory.CreateDirectory(directory);
        DirectoryPath = directory;
        Console = new ConsoleLog(new LogFile(System.IO.Path.Combine(directory, ConsoleFileName)), time);
        Current = new CurrentLog(new LogFile(System.IO.Path.Combine(directory, CurrentFileName)), time);
        ModEvents = new ModEventFiles(System.IO.Path.Combine(directory, "script-output", "isr"), modMaxFileBytes, modMaxFileEvents, modKeepFiles);
    }

    public string DirectoryPath { get; }

    public ConsoleLog Console { get; }

    public CurrentLog Current { get; }

    public ModEventFiles ModEvents { get; }

    public string PreviousPath => System.IO.Path.Combine(DirectoryPath, PreviousFileName);

    public void Dispose()
    {
        Console.File.Dispose();
        Current.File.Dispose();
        ModEvents.Dispose();
    }
}
