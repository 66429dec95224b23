using System.Net;
using System.Text.Json;
using FactorioIsr.Configuration;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Deploy;

/// <summary>The image runs as users will run it: read-only, non-root, healthy through its own HEALTHCHECK, stopped by SIGTERM.</summary>
[Collection(DeployImageGroup.Name)]
public sealed class ContainerImageTests(DeployImage image) : IDisposable
{
    private static readonly string D = DeployImage.Docker;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Image_DeclaresTheContract()
    {
        image.Require();
        var inspect = await ToolRun.RunAsync(D, ["image", "inspect", DeployImage.Tag, "--format", "{{json .Config}}"], TimeSpan.FromSeconds(30));
        Assert.True(inspect.ExitCode == 0, inspect.Describe("docker image inspect"));
        using var config = JsonDocument.Parse(inspect.Stdout);
        var root = config.RootElement;

        Assert.Equal("1654:1654", root.GetProperty("User").GetString());
        Assert.Equal(["isr"], Strings(root.GetProperty("Entrypoint")));
        Assert.Equal(["run"], Strings(root.GetProperty("Cmd")));
        Assert.Equal(["CMD", "isr", "health"], Strings(root.GetProperty("Healthcheck").GetProperty("Test")));
        Assert.Equal("/app", root.GetProperty("WorkingDir").GetString());
        Assert.True(root.GetProperty("Volumes").TryGetProperty("/data", out _), "/data is a volume");
        Assert.True(root.GetProperty("ExposedPorts").TryGetProperty($"{ConfigDefaults.HealthPort}/tcp", out _), "the default health port is exposed");

        // No configuration baked in; the defaults (relative to /app) land on /app/config, /app/patterns and /data.
        var layout = await RunInImageAsync(["--entrypoint", "/bin/sh", DeployImage.Tag, "-c",
            "ls -A /app/config | wc -l; ls /app/patterns; readlink /app/data; stat -c %u /data"]);
        Assert.True(layout.ExitCode == 0, layout.Describe("layout"));
        var lines = layout.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("0", lines[0]);
        var shipped = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "patterns"), "*.yml").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(shipped, lines[1..^2].Order(StringComparer.Ordinal));
        Assert.Equal("/data", lines[^2]);
        Assert.Equal("1654", lines[^1]);
        Assert.Equal("config/servers.yml", ConfigDefaults.ConfigPath);
        Assert.Equal("patterns", ConfigDefaults.PatternsPath);
        Assert.Equal("data/isr.db", ConfigDefaults.StatePath);
    }

    [Fact]
    public async Task Run_ReadOnlyNonRoot_TurnsHealthyServesHealthAndExitsZeroOnSigterm()
    {
        image.Require();
        var config = _dir.Write("config/servers.yml", "servers:\n  main:\n    log_path: /data/logs/console.log\n");
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(Path.GetDirectoryName(config)!, (UnixFileMode)0b111_101_101);   // readable by UID 1654
            File.SetUnixFileMode(config, (UnixFileMode)0b110_100_100);
        }
        var name = "isr-ci-" + Guid.NewGuid().ToString("N")[..10];
        var run = await ToolRun.RunAsync(D, [
            "run", "-d", "--name", name, "--read-only", "--tmpfs", "/tmp",
            "--security-opt", "no-new-privileges", "--cap-drop", "ALL",
            "-p", $"127.0.0.1::{ConfigDefaults.HealthPort}",
            "-v", Path.GetDirectoryName(config) + ":/app/config:ro",
            "--health-interval", "1s", "--health-start-period", "60s",
            DeployImage.Tag,
        ], TimeSpan.FromSeconds(60));
        Assert.True(run.ExitCode == 0, run.Describe("docker run"));
        try
        {
            var status = await WaitForHealthAsync(name, TimeSpan.FromSeconds(90));
            Assert.True(status == "healthy", $"health status '{status}'\n{await LogsAsync(name)}");

            var user = await ToolRun.RunAsync(D, ["exec", name, "/usr/bin/id", "-u"], TimeSpan.FromSeconds(30));
            Assert.Equal("1654", user.Stdout.Trim());
            var write = await ToolRun.RunAsync(D, ["exec", name, "/bin/sh", "-c", "touch /app/x"], TimeSpan.FromSeconds(30));
            Assert.NotEqual(0, write.ExitCode);   // the root file system is read-only

            var port = await ToolRun.RunAsync(D, ["port", name, ConfigDefaults.HealthPort.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(30));
            var published = port.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Trim();
            Assert.StartsWith("127.0.0.1:", published, StringComparison.Ordinal);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            using var response = await http.GetAsync(new Uri($"http://{published}/health"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            Assert.Equal("healthy", body.RootElement.GetProperty("status").GetString());
            Assert.Equal("factorio-isr", body.RootElement.GetProperty("service").GetString());

            var kill = await ToolRun.RunAsync(D, ["kill", "--signal", "SIGTERM", name], TimeSpan.FromSeconds(30));
            Assert.True(kill.ExitCode == 0, kill.Describe("docker kill"));
            var wait = await ToolRun.RunAsync(D, ["wait", name], TimeSpan.FromSeconds(60));
            Assert.True(wait.Stdout.Trim() == "0", $"exit code {wait.Stdout.Trim()} after SIGTERM\n{await LogsAsync(name)}");
        }
        finally
        {
            await ToolRun.RunAsync(D, ["rm", "-f", "-v", name], TimeSpan.FromSeconds(60));
        }
    }

    /// <summary>The Debian stand-in (<see cref="DeployImage.Tag"/>) and the chiseled one (<see cref="DeployImage.ChiseledTag"/>).</summary>
    public static TheoryData<string> Bases => new() { "debian", "chiseled" };

    [Theory]
    [MemberData(nameof(Bases))]
    public async Task Run_SigtermAtOnceAfterStart_ExitsZero(string @base)
    {
        var tag = Tagged(@base);

        // As PID 1 before any handler, a SIGTERM was ignored (docker stop then waited and killed: 137); once the runtime's
        // own handler was in, it exited 143. The launcher `isr` blocks SIGTERM and execs the .NET host beside it, so the
        // signal waits for Main's handler: a clean stop (docs/operations.md, "Stopping").
        var config = _dir.Write($"early-{@base}/servers.yml", "servers:\n  main:\n    log_path: /data/logs/console.log\n");
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(Path.GetDirectoryName(config)!, (UnixFileMode)0b111_101_101);
            File.SetUnixFileMode(config, (UnixFileMode)0b110_100_100);
        }

        var name = "isr-ci-" + Guid.NewGuid().ToString("N")[..10];
        var run = await ToolRun.RunAsync(D, ["run", "-d", "--name", name, "--read-only", "--tmpfs", "/tmp", "-v", Path.GetDirectoryName(config) + ":/app/config:ro", tag], TimeSpan.FromSeconds(60));
        Assert.True(run.ExitCode == 0, run.Describe("docker run"));
        try
        {
            var kill = await ToolRun.RunAsync(D, ["kill", "--signal", "SIGTERM", name], TimeSpan.FromSeconds(30));
            Assert.True(kill.ExitCode == 0, kill.Describe("docker kill"));
            var wait = await ToolRun.RunAsync(D, ["wait", name], TimeSpan.FromSeconds(60));
            Assert.True(wait.Stdout.Trim() == "0", $"exit code {wait.Stdout.Trim()} after a SIGTERM at once\n{await LogsAsync(name)}");
        }
        finally
        {
            await ToolRun.RunAsync(D, ["rm", "-f", "-v", name], TimeSpan.FromSeconds(60));
        }
    }

    [Theory]
    [MemberData(nameof(Bases))]
    public async Task Simulate_RunsInTheSameImageReadOnly(string @base)
    {
        var tag = Tagged(@base);
        var name = "isr-sim-" + Guid.NewGuid().ToString("N")[..10];
        var run = await ToolRun.RunAsync(D, ["run", "-d", "--name", name, "--read-only", "--tmpfs", "/tmp", "--no-healthcheck",
            tag, "simulate", "--servers", "2", "--dir", "/data/sim"], TimeSpan.FromSeconds(60));
        Assert.True(run.ExitCode == 0, run.Describe("docker run simulate"));
        try
        {
            // docker cp reads the volume without a shell in the image (the chiseled one has none).
            var log = _dir.Combine($"console-{@base}.log");
            var seen = false;
            for (var i = 0; i < 60 && !seen; i++)
            {
                await Task.Delay(500, TestContext.Current.CancellationToken);
                var copy = await ToolRun.RunAsync(D, ["cp", name + ":/data/sim/sim1/console.log", log], TimeSpan.FromSeconds(30));
                seen = copy.ExitCode == 0 && (await File.ReadAllTextAsync(log, TestContext.Current.CancellationToken)).Contains("[JOIN]", StringComparison.Ordinal);
            }

            Assert.True(seen, "no [JOIN] in /data/sim/sim1/console.log\n" + await LogsAsync(name));
            var servers = _dir.Combine($"servers-{@base}.yml");
            var copied = await ToolRun.RunAsync(D, ["cp", name + ":/data/sim/servers.yml", servers], TimeSpan.FromSeconds(30));
            Assert.True(copied.ExitCode == 0, copied.Describe("docker cp servers.yml"));
            Assert.Contains("sim2", await File.ReadAllTextAsync(servers, TestContext.Current.CancellationToken), StringComparison.Ordinal);

            await ToolRun.RunAsync(D, ["kill", "--signal", "SIGTERM", name], TimeSpan.FromSeconds(30));
            var wait = await ToolRun.RunAsync(D, ["wait", name], TimeSpan.FromSeconds(60));
            Assert.Equal("0", wait.Stdout.Trim());
        }
        finally
        {
            await ToolRun.RunAsync(D, ["rm", "-f", "-v", name], TimeSpan.FromSeconds(60));
        }
    }
    public static TheoryData<string, string> ExampleConfigs() => new()
    {
        { "compose/topology1/config", "DISCORD_BOT_TOKEN RCON_PASSWORD" },
        { "compose/topology2/config", "DISCORD_BOT_TOKEN RCON_PASSWORD_PROD RCON_PASSWORD_STAGING RCON_PASSWORD_TEST" },
        { "kubernetes/base", "RCON_PASSWORD" },
    };

    [Theory]
    [MemberData(nameof(ExampleConfigs))]
    public async Task ExampleConfig_PassesIsrCheckInTheImage(string directory, string secrets)
    {
        // The servers.yml each deploy/ example ships, checked where it runs: in the image, with its secrets as the
        // compose file (or the Secret) provides them, as files in /run/secrets.
        image.Require();
        var config = Path.Combine(RepositoryRoot.Path, "deploy", directory);
        List<string> args = ["run", "--rm", "--read-only", "--tmpfs", "/tmp", "--no-healthcheck", "-v", config + ":/app/config:ro"];
        foreach (var secret in secrets.Split(' '))
        {
            var file = _dir.Write("secrets/" + secret, "example-secret-value\n");
            if (OperatingSystem.IsLinux())
            {
                File.SetUnixFileMode(file, (UnixFileMode)0b110_100_100);
            }

            args.AddRange(["-v", $"{file}:/run/secrets/{secret}:ro"]);
        }

        var check = await ToolRun.RunAsync(D, [.. args, DeployImage.Tag, "check"], TimeSpan.FromSeconds(90));
        Assert.True(check.ExitCode == 0, check.Describe("isr check of deploy/" + directory));
        Assert.Contains("OK", check.Stdout, StringComparison.Ordinal);
    }

    internal static async Task<string> WaitForHealthAsync(string container, TimeSpan timeout)
    {
        var deadline = TimeProvider.System.GetUtcNow() + timeout;
        var status = "unknown";
        while (TimeProvider.System.GetUtcNow() < deadline)
        {
            var inspect = await ToolRun.RunAsync(D, ["inspect", "--format", "{{.State.Status}} {{.State.Health.Status}}", container], TimeSpan.FromSeconds(30));
            status = inspect.Stdout.Trim();
            if (status.EndsWith(" healthy", StringComparison.Ordinal))
            {
                return "healthy";
            }

            if (status.StartsWith("exited", StringComparison.Ordinal) || status.EndsWith(" unhealthy", StringComparison.Ordinal))
            {
                return status;
            }

            await Task.Delay(500, TestContext.Current.CancellationToken);
        }

        return status;
    }

    private string Tagged(string @base)
    {
        if (@base == "chiseled")
        {
            image.RequireChiseled();
            return DeployImage.ChiseledTag;
        }

        image.Require();
        return DeployImage.Tag;
    }

    private static async Task<string> LogsAsync(string container)
    {
        var logs = await ToolRun.RunAsync(D, ["logs", "--tail", "50", container], TimeSpan.FromSeconds(30));
        return "container log:\n" + logs.Stdout + logs.Stderr;
    }

    private static Task<ToolResult> RunInImageAsync(string[] args) =>
        ToolRun.RunAsync(D, ["run", "--rm", "--read-only", "--tmpfs", "/tmp", .. args], TimeSpan.FromSeconds(60));

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
