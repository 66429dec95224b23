using System.Diagnostics;

namespace FactorioIsr.Tests.Hosting;

/// <summary>Runs the built <c>isr</c> (isr.dll next to the test assembly) as a child process.</summary>
internal sealed class IsrProcess : IDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _stderr = new();

    private IsrProcess(Process process, int healthPort)
    {
        _process = process;
        HealthPort = healthPort;
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public static string IsrDll => Path.Combine(AppContext.BaseDirectory, "isr.dll");

    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    /// <summary>The port its /health, /ready and /metrics listen on (127.0.0.1, free when it started).</summary>
    public int HealthPort { get; }

    public Uri HealthUri(string path) => new($"http://127.0.0.1:{HealthPort}{path}");

    public int ExitCode => _process.ExitCode;

    public static IsrProcess Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    /// <summary>Starts it with extra environment variables; HEALTH_CHECK_HOST/PORT default to 127.0.0.1 and a free port.</summary>
    public static IsrProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Launch(Dotnet, [IsrDll], environment, args);

    /// <summary>The launcher <c>isr</c>, the binary users run (src/FactorioIsr/Launcher), built beside isr.dll.</summary>
    public static string Launcher => Path.Combine(AppContext.BaseDirectory, "isr");

    /// <summary>Starts it through the launcher <c>isr</c> instead of <c>dotnet isr.dll</c>.</summary>
    public static IsrProcess StartThroughLauncher(params string[] args) =>
        Launch(Launcher, [], new Dictionary<string, string>(), args);

    /// <summary>
    /// Waits until the launcher has blocked SIGTERM (bit 15 of SigBlk in /proc/PID/status): the first thing it does,
    /// microseconds after exec. False if that never happens (the launcher was not built: no C compiler, see
    /// .ci/install.d/10-launcher.sh) or the process exited.
    /// </summary>
    public async Task<bool> WaitUntilSigtermBlockedAsync()
    {
        var status = $"/proc/{_process.Id}/status";
        var until = Environment.TickCount64 + 10_000;
        while (Environment.TickCount64 < until && !_process.HasExited)
        {
            try
            {
                foreach (var line in File.ReadLines(status))
                {
                    if (line.StartsWith("SigBlk:", StringComparison.Ordinal)
                        && (ulong.Parse(line.AsSpan(7).Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) & (1UL << 14)) != 0)
                    {
                        return true;
                    }
                }
            }
            catch (IOException)
            {
            }

            await Task.Yield();
        }

        return false;
    }

    /// <summary>Whether the runtime has mapped isr.dll yet (false while the launcher or the runtime's start-up runs).</summary>
    public bool IsLoaded()
    {
        try
        {
            return File.ReadAllText($"/proc/{_process.Id}/maps").Contains("isr.dll", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Waits until the runtime has mapped isr.dll (its Main is about to run). Before that a SIGTERM meets the kernel's
    /// default action (exit 143): no managed code can run yet (docs/operations.md, "Stopping").
    /// </summary>
    public async Task WaitUntilLoadedAsync()
    {
        var maps = $"/proc/{_process.Id}/maps";
        var until = Environment.TickCount64 + 30_000;
        while (Environment.TickCount64 < until && !_process.HasExited)
        {
            try
            {
                if (File.ReadAllText(maps).Contains("isr.dll", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (IOException)
            {
            }

            await Task.Delay(1, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Waits for it to exit by itself; false on timeout.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            _process.WaitForExit(); // drains the redirected streams
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Starts isr with SIGHUP at its default disposition. A runner started under nohup ignores SIGHUP, children inherit
    /// that, and .NET then leaves it ignored, so a SIGHUP test would test nothing (coreutils' env resets it).
    /// </summary>
    public static IsrProcess StartWithDefaultHangup(params string[] args) =>
        Launch("env", ["--default-signal=HUP", Dotnet, IsrDll], new Dictionary<string, string>(), args);

    /// <summary>Starts isr under <c>ulimit -n <paramref name="limit"/></c> (the soft and hard open-file limit).</summary>
    public static IsrProcess StartWithFileLimit(int limit, params string[] args) =>
        Launch("/bin/sh", ["-c", FormattableString.Invariant($"ulimit -n {limit} && exec \"$0\" \"$@\""), Dotnet, IsrDll], new Dictionary<string, string>(), args);

    /// <summary>Runs <c>program prefix... args...</c> with the test environment and a free health port.</summary>
    private static IsrProcess Launch(string program, string[] prefix, IReadOnlyDictionary<string, string> environment, string[] args)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in prefix.Concat(args))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_TieredPGO"] = "0";
        info.Environment["HEALTH_CHECK_HOST"] = "127.0.0.1";
        info.Environment["HEALTH_CHECK_PORT"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var port = int.Parse(info.Environment["HEALTH_CHECK_PORT"]!, System.Globalization.CultureInfo.InvariantCulture);
        return new IsrProcess(Process.Start(info)!, port);
    }

    /// <summary>SIGKILL: no chance to flush, commit or clean up.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>SIGTERM, then waits for the exit; false when it did not exit in time.</summary>
    public async Task<bool> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
