using System.CommandLine;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using FactorioIsr.Simulator;

namespace FactorioIsr.Cli;

/// <summary><c>isr simulate</c>: runs simulated Factorio servers until Ctrl+C.</summary>
internal static class SimulateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var servers = new Option<int>("--servers")
        {
            Description = "Number of simulated servers (sim1..simN).",
            DefaultValueFactory = _ => 2,
        };
        servers.Validators.Add(result =>
        {
            if (TryGet(result, out int count) && count is < 1 or > 5000)
            {
                result.AddError("--servers must be between 1 and 5000.");
            }
        });
        var dir = new Option<string>("--dir")
        {
            Description = "Directory for the logs (DIR/simN/) and the generated servers.yml.",
            DefaultValueFactory = _ => "isr-sim",
        };
        var port = new Option<int>("--rcon-port")
        {
            Description = "RCON port of sim1; simN listens on port+N-1 (127.0.0.1).",
            DefaultValueFactory = _ => 27015,
        };
        var password = new Option<string>("--rcon-password")
        {
            Description = "RCON password of every simulated server (written as given into servers.yml).",
            DefaultValueFactory = _ => "isr-sim",
        };
        var command = new Command(
            "simulate",
            "Run simulated Factorio servers: RCON with Factorio's quirks, console.log, factorio-current.log and mod events\n"
            + "under DIR, and a servers.yml for them. Runs until Ctrl+C. Scriptable over RCON:\n"
            + SimCommands.Help + "\n\n"
            + "Example:\n"
            + "  isr simulate --servers 3 --dir /tmp/sim --rcon-port 27015 --rcon-password secret\n"
            + "  isr run --config /tmp/sim/servers.yml")
        {
            servers,
            dir,
            port,
            password,
        };
        port.Validators.Add(result =>
        {
            var count = 2;
            if (result.GetResult(servers) is { } serversResult && !TryGet(serversResult, out count))
            {
                return;
            }

            if (TryGet(result, out int first) && (first < 1 || first + count - 1 > 65535))
            {
                result.AddError($"--rcon-port {first} with {count} servers leaves the range 1-65535.");
            }
        });
        password.Validators.Add(result =>
        {
            if (TryGet(result, out string? value) && string.IsNullOrEmpty(value))
            {
                result.AddError("--rcon-password must not be empty (Factorio needs a password to enable RCON).");
            }
        });

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = new SimulatorOptions
            {
                Servers = parseResult.GetValue(servers),
                Directory = parseResult.GetValue(dir)!,
                RconPort = parseResult.GetValue(port),
                RconPassword = parseResult.GetValue(password)!,
            };
            SimulatorHost host;
            try
            {
                host = await SimulatorHost.StartAsync(options, cancellationToken);
            }
            catch (SocketException ex)
            {
                await stderr.WriteLineAsync($"isr simulate: cannot listen on 127.0.0.1:{options.RconPort}..{options.RconPort + options.Servers - 1}: {ex.Message}");
                return ExitCodes.RuntimeFailure;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"isr simulate: cannot write to {options.Directory}: {ex.Message}");
                return ExitCodes.RuntimeFailure;
            }
            catch (OperationCanceledException)
            {
                return ExitCodes.Ok;
            }

            await using (host)
            {
                var last = options.RconPort + options.Servers - 1;
                await stdout.WriteLineAsync($"Simulating {options.Servers} Factorio server(s) (sim1..sim{options.Servers}).");
                await stdout.WriteLineAsync($"  logs:        {host.Directory}/simN/{{console.log,factorio-current.log,script-output/isr/events-<n>.jsonl}}");
                await stdout.WriteLineAsync($"  config:      {host.ServersYmlPath}");
                await stdout.WriteLineAsync($"  RCON:        127.0.0.1:{options.RconPort}{(last > options.RconPort ? $"..{last}" : string.Empty)}");
                await stdout.WriteLineAsync("  scripting:   send '/sim help' over RCON (see docs/simulator.md)");
                await stdout.WriteLineAsync("Press Ctrl+C to stop.");
                await stdout.FlushAsync(cancellationToken);
                try
                {
                    await WaitForStopSignalAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C: stop cleanly.
                }
            }

            await stdout.WriteLineAsync("Simulated servers stopped.");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>False when the token does not convert (the parser reports that error itself).</summary>
    private static bool TryGet<T>(System.CommandLine.Parsing.OptionResult result, out T? value)
    {
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default;
            return false;
        }
    }

    /// <summary>Completes on Ctrl+C (SIGINT), SIGTERM or cancellation; the signals are consumed so shutdown stays clean.</summary>
    private static async Task WaitForStopSignalAsync(CancellationToken cancellationToken)
    {
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.TrySetResult();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        await stop.Task.WaitAsync(cancellationToken);
    }
}
