using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using FactorioIsr.Tailing;

namespace FactorioIsr.Monitoring;

/// <summary>
/// Sits between a server's factorio-current.log tailer and the ingest queue: every chunk goes on unchanged, and the
/// monitor hears of a clean stop (<c>Goodbye</c>, <c>Quitting:</c>), of a start (<c>CreatingGame</c> →
/// <c>InGame</c>) and of a finished save (the status card's "last save"), so a deliberate stop raises no RCON alarm and a start resets UPS. Scans bytes; allocates nothing.
/// </summary>
internal sealed class LifecycleLineWriter(ChannelWriter<TailedLine[]> inner, ServerMonitor monitor) : ChannelWriter<TailedLine[]>
{
    private static readonly System.Buffers.SearchValues<byte> Elapsed = System.Buffers.SearchValues.Create("0123456789."u8);

    public override bool TryWrite(TailedLine[] item)
    {
        if (!inner.TryWrite(item))
        {
            return false;
        }

        Scan(item);
        return true;
    }

    public override ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken = default) => inner.WaitToWriteAsync(cancellationToken);

    public override async ValueTask WriteAsync(TailedLine[] item, CancellationToken cancellationToken = default)
    {
        await inner.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        Scan(item);
    }

    public override bool TryComplete([AllowNull] Exception error = null) => inner.TryComplete(error);

    private void Scan(TailedLine[] lines)
    {
        foreach (var line in lines)
        {
            switch (Classify(line.Utf8))
            {
                case LifecycleLine.Stop:
                    monitor.OnCleanStop();
                    break;
                case LifecycleLine.Start:
                    monitor.OnStarted();
                    break;
                case LifecycleLine.Saved:
                    monitor.OnSaved();
                    break;
            }
        }
    }

    /// <summary>
    /// A line of factorio-current.log: the elapsed-seconds prefix, then <c>Goodbye</c>, or <c>Info File.cpp:N: </c>
    /// followed by <c>Quitting: ...</c> or the <c>CreatingGame</c> → <c>InGame</c> change. Anything else (a chat line
    /// that says Goodbye included) is none.
    /// </summary>
    internal static LifecycleLine Classify(ReadOnlySpan<byte> line)
    {
        var text = line.Trim(" \r\t"u8);
        var digits = text.IndexOfAnyExcept(Elapsed);
        if (digits <= 0 || text[digits] != (byte)' ')
        {
            return LifecycleLine.None;
        }

        var rest = text[(digits + 1)..];
        if (rest.SequenceEqual("Goodbye"u8))
        {
            return LifecycleLine.Stop;
        }

        if (rest.StartsWith("Info "u8) && rest.IndexOf(".cpp:"u8) is var file and > 0 && rest[file..].IndexOf(": "u8) is var colon and > 0)
        {
            rest = rest[(file + colon + 2)..];
        }

        if (rest.StartsWith("Quitting: "u8))
        {
            return LifecycleLine.Stop;
        }

        if (rest.SequenceEqual("Saving finished"u8))
        {
            return LifecycleLine.Saved;
        }

        return (rest.StartsWith("updateTick("u8) || rest.StartsWith("mapTick("u8)) && rest.EndsWith(") changing state from(CreatingGame) to(InGame)"u8)
            ? LifecycleLine.Start
            : LifecycleLine.None;
    }
}

internal enum LifecycleLine
{
    None,
    Stop,
    Start,
    Saved,
}
