using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using FactorioIsr.FakeDiscord;

namespace FactorioIsr.Benchmarks;

/// <summary>
/// The fake Discord in a separate process (this program's <c>fake-discord PORT</c>), so a load harness's CPU time is
/// its own: the fake's request handling, JSON parsing and multipart reads are not counted. Disposing kills it.
/// </summary>
internal sealed class FakeDiscordProcess : IAsyncDisposable
{
    private readonly Process _process;

    private FakeDiscordProcess(Process process, int port)
    {
        _process = process;
        BaseUrl = new Uri($"http://127.0.0.1:{port}/api/v10/");
    }

    public Uri BaseUrl { get; }

    public static async Task<FakeDiscordProcess> StartAsync(int port)
    {
        var self = Path.Combine(AppContext.BaseDirectory, "FactorioIsr.Benchmarks.dll");
        var process = Process.Start(new ProcessStartInfo("dotnet", [self, "fake-discord", port.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var errors = Path.Combine(Path.GetTempPath(), $"isr-fake-discord-{port}.err");
        var log = TextWriter.Synchronized(new StreamWriter(errors) { AutoFlush = true });
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => log.WriteLine(e.Data);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => Console.WriteLine($"fake Discord exited with code {process.ExitCode}; its stderr is in {errors}");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var fake = new FakeDiscordProcess(process, port);
        var until = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                break;
            }
            catch (SocketException) when (until.Elapsed < TimeSpan.FromMinutes(1) && !process.HasExited)
            {
                await Task.Delay(200);
            }
        }

        Console.WriteLine($"fake Discord pid {process.Id} on 127.0.0.1:{port}");
        return fake;
    }

    /// <summary><c>fake-discord PORT</c>: the fake (no OpenAPI validation, Discord's default limits) until killed.</summary>
    public static async Task<int> RunAsync(int port)
    {
        await using var server = new FakeDiscordServer(new FakeDiscordOptions { Port = port, ValidateOpenApi = false });
        await server.StartAsync();
        await Task.Delay(Timeout.Infinite);
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
