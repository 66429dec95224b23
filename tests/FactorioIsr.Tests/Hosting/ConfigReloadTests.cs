using System.Text.Json;
using FactorioIsr.Tests.Http;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Hosting;

/// <summary>
/// Hot reload of servers.yml: servers added and removed without a restart (the others untouched), a bad reload keeps
/// the running configuration and shows config_error in /ready, a ConfigMap-style symlink swap is seen, SIGHUP reloads.
/// </summary>
[Collection(FactorioIsr.Tests.Simulator.ExternalProcesses.Name)]
public sealed class ConfigReloadTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Servers(params string[] tags) =>
        "servers:\n" + string.Concat(tags.Select(t => $"  {t}:\n    log_path: \"{_dir.Combine(t + ".log")}\"\n    start_at: beginning\n"));

    private static int Reloads(string ready)
    {
        var at = ready.IndexOf("\"reloads\":", StringComparison.Ordinal);
        return at < 0 ? 0 : int.Parse(ready.AsSpan(at + 10, ready.IndexOfAny([',', '}'], at + 10) - at - 10), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static List<string> Tags(string ready)
    {
        using var json = JsonDocument.Parse(ready);
        return [.. json.RootElement.GetProperty("servers").EnumerateArray().Select(s => s.GetProperty("tag").GetString()!)];
    }

    [Fact]
    public async Task FileChange_AddsThenRemovesAServer_WithoutRestart()
    {
        var config = _dir.Write("servers.yml", Servers("alpha"));
        await using var relay = await RelayUnderTest.StartAsync(_dir, "", configPath: config);
        Assert.Equal(["alpha"], Tags((await relay.WaitForAsync("/ready", (s, _) => s == 200)).Body));

        File.WriteAllText(config, Servers("alpha", "beta"));
        var (_, added) = await relay.WaitForAsync("/ready", (_, b) => Tags(b).Count == 2);
        Assert.Equal(["alpha", "beta"], Tags(added));

        File.WriteAllText(config, Servers("beta"));
        // The count is written just after the servers change; a write seen half done can be one more (valid) reload.
        var (status, removed) = await relay.WaitForAsync("/ready", (_, b) => Tags(b).SequenceEqual(["beta"]) && Reloads(b) >= 2);
        Assert.Equal(["beta"], Tags(removed));
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task BadReload_KeepsTheRunningConfiguration_AndShowsConfigError_UntilAGoodOne()
    {
        var config = _dir.Write("servers.yml", Servers("alpha"));
        await using var relay = await RelayUnderTest.StartAsync(_dir, "", configPath: config);
        await relay.WaitForAsync("/ready", (s, _) => s == 200);

        File.WriteAllText(config, Servers("alpha", "beta") + "    rcon_port: nope\n");
        var (status, body) = await relay.WaitForAsync("/ready", (_, b) => b.Contains("\"config_error\":[", StringComparison.Ordinal));

        using (var json = JsonDocument.Parse(body))
        {
            var error = json.RootElement.GetProperty("config_error");
            Assert.Contains(error.EnumerateArray(), e => e.GetString()!.Contains("servers.yml:8:", StringComparison.Ordinal) && e.GetString()!.Contains("rcon_port", StringComparison.Ordinal));
        }

        Assert.Equal(["alpha"], Tags(body));
        Assert.Equal(200, status); // the relay keeps running on the last good configuration

        File.WriteAllText(config, Servers("alpha", "beta"));
        // The servers change a moment before the reload is recorded: wait for both.
        var (_, fixedBody) = await relay.WaitForAsync("/ready", (_, b) => Tags(b).Count == 2 && b.Contains("\"config_error\":null", StringComparison.Ordinal));
        Assert.Equal(["alpha", "beta"], Tags(fixedBody));
    }

    [Fact]
    public async Task ConfigMapSymlinkSwap_IsSeen()
    {
        // Kubernetes mounts a ConfigMap as DIR/servers.yml -> ..data/servers.yml, ..data -> ..2026_v1; an update writes
        // ..2026_v2, points ..data_tmp at it and renames ..data_tmp over ..data (one atomic rename).
        var mount = _dir.Combine("config");
        Directory.CreateDirectory(Path.Combine(mount, "..v1"));
        File.WriteAllText(Path.Combine(mount, "..v1", "servers.yml"), Servers("alpha"));
        File.CreateSymbolicLink(Path.Combine(mount, "..data"), "..v1");
        File.CreateSymbolicLink(Path.Combine(mount, "servers.yml"), "..data/servers.yml");
        await using var relay = await RelayUnderTest.StartAsync(_dir, "", configPath: Path.Combine(mount, "servers.yml"));
        await relay.WaitForAsync("/ready", (s, _) => s == 200);

        Directory.CreateDirectory(Path.Combine(mount, "..v2"));
        File.WriteAllText(Path.Combine(mount, "..v2", "servers.yml"), Servers("alpha", "gamma"));
        File.CreateSymbolicLink(Path.Combine(mount, "..data_tmp"), "..v2");
        using (var mv = System.Diagnostics.Process.Start("mv", ["-T", Path.Combine(mount, "..data_tmp"), Path.Combine(mount, "..data")]))
        {
            await mv.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, mv.ExitCode);
        }

        Directory.Delete(Path.Combine(mount, "..v1"), recursive: true);

        var (_, body) = await relay.WaitForAsync("/ready", (_, b) => Tags(b).Count == 2);
        Assert.Equal(["alpha", "gamma"], Tags(body));
    }

    [Fact]
    public async Task Sighup_Reloads_TheProcessKeepsRunning()
    {
        var config = _dir.Write("servers.yml", Servers("alpha"));
        using var isr = IsrProcess.StartWithDefaultHangup("run", "--config", config, "--patterns", Path.Combine(RepositoryRoot.Path, "patterns"), "--state", _dir.Combine("isr.db"));
        using var http = new HttpClient();
        await WaitAsync(async () => await Ready(http, isr) is { } b && Tags(b).Count == 1, isr);

        using (var hup = System.Diagnostics.Process.Start("kill", ["-HUP", isr.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await hup.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        await WaitAsync(() => Task.FromResult(isr.Stderr.Contains("reloaded after SIGHUP", StringComparison.Ordinal)), isr);
        Assert.False(isr.HasExited);
        Assert.True(await isr.TerminateAsync(TimeSpan.FromSeconds(15)), isr.Stderr);
        Assert.Equal(0, isr.ExitCode);
    }

    private static async Task<string?> Ready(HttpClient http, IsrProcess isr)
    {
        try
        {
            return await http.GetStringAsync(isr.HealthUri("/ready"), TestContext.Current.CancellationToken);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static async Task WaitAsync(Func<Task<bool>> done, IsrProcess isr)
    {
        var until = Environment.TickCount64 + 30_000;
        while (Environment.TickCount64 < until && !isr.HasExited)
        {
            if (await done())
            {
                return;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Fail("timed out; stderr:\n" + isr.Stderr);
    }
}
