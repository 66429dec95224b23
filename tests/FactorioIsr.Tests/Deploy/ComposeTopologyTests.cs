using System.Text.Json;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Deploy;

/// <summary>
/// Topology 2 of the deployment document brought up with Debian's docker-compose (v1) from
/// deploy/compose/topology2/docker-compose.yml plus a test override: simulated servers from the same image, the
/// relay, and the fake Discord in a container. Events must arrive in the fake Discord and the relay turn healthy. A
/// fourth simulated server ("board", in the relay's network namespace, over RCON) has <c>stats_mode: edit</c>: its
/// status message must carry a chart the relay rendered inside the image (no system fonts there), a PNG that decodes at
/// 800×300 with its texts drawn.
/// </summary>
[Collection(DeployImageGroup.Name)]
public sealed class ComposeTopologyTests(DeployImage image) : IDisposable
{
    private static readonly string[] Servers = ["prod", "staging", "test"];
    private static readonly Dictionary<string, string> Channels = new(StringComparer.Ordinal)
    {
        ["prod"] = "1234567890",
        ["staging"] = "1234567891",
        ["test"] = "1234567892",
    };

    private const string BoardEventChannel = "1234567893";
    private const string BoardStatusChannel = "1234567894";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Topology2_RelayTurnsHealthyAndEveryServersEventsReachDiscord()
    {
        image.Require();
        var compose = ToolRun.Find("docker-compose");
        ToolRun.RequireOrSkip(compose is not null, "docker-compose (Debian's v1) is not installed");
        var fakeDir = Path.Combine(RepositoryRoot.Path, "tests", "FactorioIsr.FakeDiscord.Host", "bin", DeployImage.ConfigurationName, "net10.0");
        Assert.True(File.Exists(Path.Combine(fakeDir, "fake-discord.dll")), $"build the solution first: {fakeDir}/fake-discord.dll is missing");

        // The operator's directory: the shipped compose file, a servers.yml, the pattern packs and the secret files.
        var project = _dir.Path;
        File.Copy(Path.Combine(RepositoryRoot.Path, "deploy", "compose", "topology2", "docker-compose.yml"), Path.Combine(project, "docker-compose.yml"));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Deploy", "compose.topology2.test.yml"), Path.Combine(project, "compose.test.yml"));
        KubernetesManifestTests.CopyDirectory(Path.Combine(RepositoryRoot.Path, "patterns"), Path.Combine(project, "patterns"));
        _dir.Write("config/servers.yml", string.Join('\n', [
            "discord:",
            "  api_base_url: http://fake-discord:8081/api/v10",
            "servers:",
            .. Servers.SelectMany(tag => new[]
            {
                $"  {tag}:",
                $"    name: {tag}",
                $"    log_path: /data/{tag}/sim1/console.log",   // isr simulate --dir /data writes sim1/ in each server's volume
                "    start_at: beginning",
                $"    event_channel_id: {Channels[tag]}",
            }),
            "  board:",
            "    name: board",
            "    log_path: /data/board/sim1/console.log",
            "    start_at: beginning",
            $"    event_channel_id: {BoardEventChannel}",
            $"    status_channel_id: {BoardStatusChannel}",
            "    stats_mode: edit",
            "    stats_interval: 10",       // a fresh relay posts its board before any UPS sample: the chart comes with
            "    alert_check_interval: 10", // the first edit after the first samples, seconds later, not minutes
            "    rcon_host: 127.0.0.1",   // the board simulator shares the relay's network namespace
            "    rcon_port: 27015",
            "    rcon_password: isr-sim",
            string.Empty,
        ]));
        _dir.Write("secrets/discord_bot_token", "fake-token\n");
        foreach (var tag in Servers)
        {
            _dir.Write($"secrets/rcon_password_{tag}", "unused\n");
        }

        MakeReadableByTheImageUser(project);
        var attachments = Directory.CreateDirectory(Path.Combine(project, "fake-files")).FullName;
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(attachments, (UnixFileMode)0b111_111_111);   // the fake (UID 1654) writes there
        }

        var name = "isrci" + Guid.NewGuid().ToString("N")[..8];
        var environment = new Dictionary<string, string>
        {
            ["ISR_IMAGE"] = DeployImage.Tag,
            ["FAKE_DISCORD_IMAGE"] = DeployImage.RuntimeImage,
            ["FAKE_DISCORD_DIR"] = fakeDir,
            ["FAKE_FILES_DIR"] = attachments,
            ["HEALTH_PUBLISH"] = "127.0.0.1:",   // a free port on loopback
            ["DOCKER_HOST"] = "unix:///var/run/docker.sock",
        };
        string[] files = ["-p", name, "-f", "docker-compose.yml", "-f", "compose.test.yml"];
        Task<ToolResult> Compose(TimeSpan timeout, params string[] args) => ToolRun.RunAsync(compose!, [.. files, .. args], timeout, environment, project);

        try
        {
            var up = await Compose(TimeSpan.FromMinutes(3), "up", "-d", "--no-build");
            Assert.True(up.ExitCode == 0, up.Describe("docker-compose up"));
            var relay = (await Compose(TimeSpan.FromSeconds(30), "ps", "-q", "isr")).Stdout.Trim();
            Assert.NotEmpty(relay);

            // isr's own HEALTHCHECK (`isr health`, every 30 s by default) marks the service healthy.
            var status = await ContainerImageTests.WaitForHealthAsync(relay, TimeSpan.FromSeconds(120));
            Assert.True(status == "healthy", $"relay health '{status}'\n{(await Compose(TimeSpan.FromSeconds(30), "logs", "--tail", "40")).Stdout}");

            var seen = new HashSet<string>(StringComparer.Ordinal);
            var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(90);
            var log = string.Empty;
            while (seen.Count < Servers.Length && TimeProvider.System.GetUtcNow() < deadline)
            {
                await Task.Delay(1000, TestContext.Current.CancellationToken);
                log = (await Compose(TimeSpan.FromSeconds(30), "logs", "--no-color", "fake-discord")).Stdout;
                foreach (var line in log.Split('\n'))
                {
                    var json = line.IndexOf('{', StringComparison.Ordinal);
                    if (json < 0)
                    {
                        continue;
                    }

                    using var message = JsonDocument.Parse(line[json..]);
                    var channel = message.RootElement.GetProperty("channel_id").GetString();
                    if (Channels.FirstOrDefault(c => c.Value == channel).Key is { } tag)
                    {
                        seen.Add(tag);
                    }
                }
            }

            Assert.True(seen.Count == Servers.Length, $"events reached Discord from {string.Join(", ", seen)} only\n{log}\n{(await Compose(TimeSpan.FromSeconds(30), "logs", "--tail", "30", "isr")).Stdout}");

            // The status board: one message in the board's status channel, with the chart rendered in the image (posted with it,
            // or edited in once the first UPS samples are in: a fresh relay posts before it has any).
            string? chart = null;
            var boardDeadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(90);
            while (chart is null && TimeProvider.System.GetUtcNow() < boardDeadline)
            {
                log = (await Compose(TimeSpan.FromSeconds(30), "logs", "--no-color", "fake-discord")).Stdout;
                chart = BoardChart(log);
                if (chart is null)
                {
                    await Task.Delay(1000, TestContext.Current.CancellationToken);
                }
            }

            Assert.True(chart is not null, $"no status message with a chart in channel {BoardStatusChannel}\n{log}\n{(await Compose(TimeSpan.FromSeconds(30), "logs", "--tail", "30", "isr")).Stdout}");
            var png = await File.ReadAllBytesAsync(Path.Combine(attachments, chart), TestContext.Current.CancellationToken);
            Monitoring.StatusChartTests.AssertRenderedWithText(png);
        }
        finally
        {
            await Compose(TimeSpan.FromMinutes(2), "down", "-v", "--timeout", "20");
        }
    }

    /// <summary>The file the fake wrote for the status message's <c>ups.png</c>, from its log lines; null before it came.</summary>
    private static string? BoardChart(string log)
    {
        foreach (var line in log.Split('\n'))
        {
            var json = line.IndexOf('{', StringComparison.Ordinal);
            if (json < 0)
            {
                continue;
            }

            using var message = JsonDocument.Parse(line[json..]);
            if (message.RootElement.GetProperty("channel_id").GetString() != BoardStatusChannel
                || !message.RootElement.TryGetProperty("attachments", out var list))
            {
                continue;
            }

            foreach (var attachment in list.EnumerateArray())
            {
                if (attachment.GetProperty("filename").GetString() == "ups.png" && attachment.GetProperty("file").GetString() is { } file)
                {
                    return file;
                }
            }
        }

        return null;
    }

    private static void MakeReadableByTheImageUser(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        foreach (var dir in Directory.GetDirectories(directory, "*", SearchOption.AllDirectories).Append(directory))
        {
            File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
        }

        foreach (var file in Directory.GetFiles(directory, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(file, (UnixFileMode)0b110_100_100);
        }
    }
}
