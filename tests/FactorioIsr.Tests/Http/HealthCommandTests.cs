using System.Net;
using System.Net.Sockets;
using FactorioIsr.Cli;
using FactorioIsr.Tests.Hosting;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Http;

/// <summary><c>isr health</c>: the container's HEALTHCHECK. Exit 0 on 200, 1 otherwise, one line.</summary>
[Collection(FactorioIsr.Tests.Simulator.ExternalProcesses.Name)]
public sealed class HealthCommandTests
{
    private static async Task<(int Code, string Out)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var code = await IsrCli.RunAsync(args, stdout, new StringWriter(), TestContext.Current.CancellationToken);
        return (code, stdout.ToString());
    }

    [Fact]
    public async Task AgainstARunningRelay_ExitsZero_OneLine()
    {
        using var dir = new TempDirectory();
        var log = dir.Write("console.log", "");
        await using var relay = await RelayUnderTest.StartAsync(dir, $"servers:\n  srv:\n    log_path: \"{log}\"\n");

        var (code, output) = await RunAsync("health", "--host", "127.0.0.1", "--port", relay.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Single(output.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("healthy:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NothingListening_ExitsOne_OneLine()
    {
        var (code, output) = await RunAsync("health", "--port", IsrProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(ExitCodes.RuntimeFailure, code);
        Assert.Single(output.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("unhealthy:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A503_ExitsOne_WithTheReason()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync(TestContext.Current.CancellationToken);
            var stream = client.GetStream();
            var buffer = new byte[4096];
            _ = await stream.ReadAsync(buffer, TestContext.Current.CancellationToken);
            var body = "{\"status\":\"unhealthy\",\"service\":\"factorio-isr\",\"reason\":\"the ingest writer has not committed for 61 s\"}";
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(
                $"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}"), TestContext.Current.CancellationToken);
        }, TestContext.Current.CancellationToken);

        var (code, output) = await RunAsync("health", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await server;

        Assert.Equal(ExitCodes.RuntimeFailure, code);
        Assert.Equal($"unhealthy: http://127.0.0.1:{port}/health answered 503: the ingest writer has not committed for 61 s\n", output.Replace("\r", "", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, null, "http://127.0.0.1:8080/health")]
    [InlineData("0.0.0.0", "9090", "http://127.0.0.1:9090/health")]
    [InlineData("10.1.2.3", null, "http://10.1.2.3:8080/health")]
    [InlineData("::", "81", "http://[::1]:81/health")]
    public void Target_DefaultsFromTheEnvironment(string? host, string? port, string expected)
    {
        var environment = new Dictionary<string, string?> { ["HEALTH_CHECK_HOST"] = host, ["HEALTH_CHECK_PORT"] = port };

        Assert.Equal(new Uri(expected), HealthCommand.Target(null, null, name => environment.GetValueOrDefault(name)));
    }

    [Fact]
    public void Target_FlagsWinOverTheEnvironment()
    {
        Assert.Equal(new Uri("http://127.0.0.2:7000/health"), HealthCommand.Target("127.0.0.2", 7000, _ => "9999"));
    }
}
