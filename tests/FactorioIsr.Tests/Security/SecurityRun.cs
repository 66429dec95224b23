using System.Text.Json;
using FactorioIsr.Tests.Hosting;
using FactorioIsr.Tests.Tailing;

namespace FactorioIsr.Tests.Security;

/// <summary>A directory with servers.yml and secmon.yml beside it, and <c>isr run</c> over it writing events to JSONL.</summary>
internal sealed class SecurityRun : IDisposable
{
    private readonly TempDirectory _dir = new();

    /// <param name="secmon">secmon.yml's text.</param>
    /// <param name="server">More keys of the server (indented by 4).</param>
    /// <param name="log">The console.log to tail (default: an empty one of its own).</param>
    public SecurityRun(string secmon, string server = "", string? log = null)
    {
        Log = log ?? _dir.File("console.log");
        Jsonl = _dir.File("events.jsonl");
        if (log is null)
        {
            File.WriteAllText(Log, string.Empty);
        }

        File.WriteAllText(_dir.File("servers.yml"), $"""
            servers:
              s1:
                name: Security test
                log_path: {Log}
                start_at: beginning
            {server}
            """);
        File.WriteAllText(_dir.File("secmon.yml"), secmon);
    }

    public string Log { get; }

    public string Jsonl { get; }

    public string ServersYml => _dir.File("servers.yml");

    public string[] Args => ["run", "--config", ServersYml, "--patterns", Path.Combine(AppContext.BaseDirectory, "patterns"), "--state", _dir.File("data/isr.db"), "--jsonl", Jsonl];

    public IsrProcess Start() => IsrProcess.Start(Args);

    public List<JsonElement> Events() => !File.Exists(Jsonl)
        ? []
        : [.. File.ReadAllLines(Jsonl).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement)];

    public List<JsonElement> Events(string type) => [.. Events().Where(e => e.GetProperty("type").GetString() == type)];

    public static string Field(JsonElement e, string name) => e.TryGetProperty(name, out var value) ? value.GetString() ?? "" : "";

    public async Task WaitForAsync(Func<List<JsonElement>, bool> condition, string what, IsrProcess isr, int seconds = 60)
    {
        var until = Environment.TickCount64 + (seconds * 1000);
        while (!condition(Events()))
        {
            Assert.False(isr.HasExited, $"isr exited while waiting for {what}: {isr.Stderr}");
            Assert.True(Environment.TickCount64 < until, $"timed out waiting for {what}; stderr: {isr.Stderr}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public void Dispose() => _dir.Dispose();
}
