namespace FactorioIsr.Simulator.Logs;

/// <summary>The three files of one simulated server, under <c>DIR/&lt;tag&gt;/</c>.</summary>
internal sealed class ServerLogs : IDisposable
{
    public const string ConsoleFileName = "console.log";
    public const string CurrentFileName = "factorio-current.log";
    public const string PreviousFileName = "factorio-previous.log";
    public const string ModEventsFileName = "mod-events.jsonl";

    public ServerLogs(string directory, TimeProvider time)
    {
        Directory.CreateDirectory(directory);
        DirectoryPath = directory;
        Console = new ConsoleLog(new LogFile(System.IO.Path.Combine(directory, ConsoleFileName)), time);
        Current = new CurrentLog(new LogFile(System.IO.Path.Combine(directory, CurrentFileName)), time);
        var modFile = new LogFile(System.IO.Path.Combine(directory, ModEventsFileName));
        ModEvents = new JsonLinesModEventWriter(modFile);
    }

    public string DirectoryPath { get; }

    public ConsoleLog Console { get; }

    public CurrentLog Current { get; }

    public JsonLinesModEventWriter ModEvents { get; }

    public string PreviousPath => System.IO.Path.Combine(DirectoryPath, PreviousFileName);

    public void Dispose()
    {
        Console.File.Dispose();
        Current.File.Dispose();
        ModEvents.File.Dispose();
    }
}
