using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Deploy;

/// <summary>deploy/systemd/isr.service passes `systemd-analyze verify` and keeps the options the docs promise.</summary>
public sealed class SystemdUnitTests : IDisposable
{
    private static readonly string Unit = Path.Combine(RepositoryRoot.Path, "deploy", "systemd", "isr.service");
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Unit_VerifiesCleanly()
    {
        var analyze = ToolRun.Find("systemd-analyze");
        ToolRun.RequireOrSkip(analyze is not null, "systemd-analyze is not installed");

        // verify also checks that ExecStart exists: point it at the isr this test run built.
        var isr = Path.Combine(AppContext.BaseDirectory, "isr");
        Assert.True(File.Exists(isr), "the isr apphost is next to the test assembly");
        var text = (await File.ReadAllTextAsync(Unit, TestContext.Current.CancellationToken)).Replace("/opt/factorio-isr/isr", isr, StringComparison.Ordinal);
        var copy = _dir.Write("isr.service", text);
        var verify = await ToolRun.RunAsync(analyze!, ["verify", copy], TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["SYSTEMD_LOG_COLOR"] = "0" });
        Assert.True(verify.ExitCode == 0 && verify.Stdout.Trim().Length == 0 && verify.Stderr.Trim().Length == 0, verify.Describe("systemd-analyze verify"));
    }

    [Fact]
    public async Task Unit_Verify_ReportsABadOption()
    {
        // The check above can fail: verify prints what it ignores (and exits 0), so the test reads its output.
        var analyze = ToolRun.Find("systemd-analyze");
        ToolRun.RequireOrSkip(analyze is not null, "systemd-analyze is not installed");
        var text = (await File.ReadAllTextAsync(Unit, TestContext.Current.CancellationToken))
            .Replace("/opt/factorio-isr/isr", Path.Combine(AppContext.BaseDirectory, "isr"), StringComparison.Ordinal)
            .Replace("NoNewPrivileges=yes", "NoNewPrivileges=maybe", StringComparison.Ordinal);
        var copy = _dir.Write("isr.service", text);
        var verify = await ToolRun.RunAsync(analyze!, ["verify", copy], TimeSpan.FromMinutes(1));
        Assert.Contains("Failed to parse boolean value", verify.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unit_HasADedicatedUserHardeningStateAndReload()
    {
        var lines = (await File.ReadAllLinesAsync(Unit, TestContext.Current.CancellationToken))
            .Where(l => !l.StartsWith('#') && l.Contains('=', StringComparison.Ordinal))
            .Select(l => (Key: l[..l.IndexOf('=', StringComparison.Ordinal)], Value: l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]))
            .ToList();
        string Value(string key) => lines.Single(l => l.Key == key).Value;

        Assert.Equal("yes", Value("DynamicUser"));
        Assert.Equal("factorio-isr", Value("User"));
        Assert.Equal("factorio-isr", Value("StateDirectory"));
        Assert.Equal("/bin/kill -HUP $MAINPID", Value("ExecReload"));
        Assert.Equal("SIGTERM", Value("KillSignal"));
        foreach (var hardening in new[] { "NoNewPrivileges", "ProtectHome", "PrivateTmp", "PrivateDevices", "RestrictSUIDSGID", "LockPersonality" })
        {
            Assert.Equal("yes", Value(hardening));
        }

        Assert.Equal("strict", Value("ProtectSystem"));
        Assert.Equal(string.Empty, Value("CapabilityBoundingSet"));
        Assert.DoesNotContain(lines, l => l.Key == "MemoryDenyWriteExecute");   // the .NET JIT writes code
    }
}
