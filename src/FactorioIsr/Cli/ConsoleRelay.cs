using System.Text;
using FactorioIsr.Configuration;
using FactorioIsr.Events;
using FactorioIsr.Patterns;

namespace FactorioIsr.Cli;

/// <summary>
/// The console-only relay of the foundation: polls each source file, parses appended lines and prints the
/// Discord text. It keeps no state between runs; the durable tailer and outbox replace it.
/// </summary>
internal sealed class ConsoleRelay(IsrConfiguration configuration, PatternSet patterns, TextWriter output, TimeProvider time)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private readonly Lock _outputLock = new();

    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(configuration.Servers
            .Where(s => s.Enabled)
            .SelectMany(server => server.Sources.Select(source => FollowAsync(server, source, cancellationToken))));

    private async Task FollowAsync(ServerConfig server, LogSourceConfig source, CancellationToken cancellationToken)
    {
        long offset = -1;
        var pending = new StringBuilder();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var info = new FileInfo(source.Path);
                if (info.Exists)
                {
                    if (offset < 0)
                    {
                        offset = server.StartAt == StartAt.Beginning ? 0 : info.Length;
                    }

                    if (info.Length < offset)
                    {
                        offset = 0; // Truncated: start over.
                        pending.Clear();
                    }

                    if (info.Length > offset)
                    {
                        offset = ReadAppended(server, source, offset, pending);
                    }
                }

                await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private long ReadAppended(ServerConfig server, LogSourceConfig source, long offset, StringBuilder pending)
    {
        using var stream = new FileStream(source.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(offset, SeekOrigin.Begin);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = reader.ReadToEnd();
        pending.Append(text);
        var all = pending.ToString();
        var lastNewline = all.LastIndexOf('\n');
        if (lastNewline < 0)
        {
            return stream.Length;
        }

        pending.Clear().Append(all, lastNewline + 1, all.Length - lastNewline - 1);
        foreach (var rawLine in all[..lastNewline].Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (patterns.Match(source.Kind, line) is { } match)
            {
                var rendered = EventRenderer.Render(match, server.Tag, line);
                lock (_outputLock)
                {
                    output.WriteLine($"[{server.Tag}] {rendered}");
                }
            }
        }

        return stream.Length;
    }
}
