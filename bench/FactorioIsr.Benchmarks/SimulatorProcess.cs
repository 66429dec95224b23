using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace FactorioIsr.Benchmarks;

/// <summary>
/// N simulated servers in a separate <c>isr simulate</c> process (so the harness's CPU time and RSS are its own), in a
/// temporary directory; ready once the last RCON port listens. Disposing kills the process and removes the directory.
/// </summary>
internal sealed class SimulatorProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SimulatorProcess(Process process, string directory)
    {
        _process = process;
        Directory = directory;
    }

    public string Directory { get; }

    public int Id => _process.Id;

    public static async Task<SimulatorProcess> StartAsync(string name, int servers, int port, string password)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"isr-{name}-bench-{Environment.ProcessId}");
        var isr = Path.Combine(AppContext.BaseDirectory, "isr.dll");
        var process = Process.Start(new ProcessStartInfo("dotnet", [isr, "simulate", "--servers", servers.ToString(CultureInfo.InvariantCulture), "--dir", directory, "--rcon-port", port.ToString(CultureInfo.InvariantCulture), "--rcon-password", password])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var simulator = new SimulatorProcess(process, directory);
        try
        {
            await WaitForPortAsync(port + servers - 1);
        }
        catch
        {
            await simulator.DisposeAsync();
            throw;
        }

        Console.WriteLine($"simulator pid {process.Id}: {servers} servers on 127.0.0.1:{port}..{port + servers - 1}");
        return simulator;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private static async Task WaitForPortAsync(int port)
    {
        var until = Stopwatch.StartNew();
        while (until.Elapsed < TimeSpan.FromMinutes(2))
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(200);
            }
        }

        throw new TimeoutException($"the simulator did not listen on port {port} within 2 minutes");
    }
}
