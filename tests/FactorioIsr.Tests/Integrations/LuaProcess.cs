using System.Diagnostics;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Integrations;

/// <summary>Runs Debian's lua5.2 / luac5.2 (installed by .ci/install.d/20-rcon.sh) on the mod's files.</summary>
internal static class LuaProcess
{
    public static string ModDirectory { get; } = Path.Combine(RepositoryRoot.Path, "integrations", "factorio-mod");

    public static async Task<(int Code, string Out, string Err)> RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = ModDirectory,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException(program + " did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"{program} is not installed: run .ci/install (it installs Debian's lua5.2, which has lua5.2 and luac5.2)", ex);
        }

        using (process)
        {
            var ct = TestContext.Current.CancellationToken;
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = await process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            return (process.ExitCode, await stdout, stderr);
        }
    }

    /// <summary>Plays tests/scenario.lua on the stub for <paramref name="version"/>; returns OUT/isr, where the mod's files are.</summary>
    public static async Task<string> PlayScenarioAsync(string version, string outDirectory)
    {
        var isr = Path.Combine(outDirectory, "isr");
        Directory.CreateDirectory(isr);
        var (code, _, err) = await RunAsync("lua5.2", "tests/scenario.lua", ".", version, outDirectory);
        Assert.True(code == 0, $"scenario.lua {version} failed: {err}");
        return isr;
    }
}
