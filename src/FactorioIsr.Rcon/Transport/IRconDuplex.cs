using System.IO.Pipelines;

namespace FactorioIsr.Rcon.Transport;

/// <summary>One open connection: a reader and a writer of raw bytes. Disposing closes it.</summary>
public interface IRconDuplex : IAsyncDisposable
{
    /// <summary>Bytes from the peer.</summary>
    PipeReader Input { get; }

    /// <summary>Bytes to the peer.</summary>
    PipeWriter Output { get; }

    /// <summary>Tears the connection down at once (no graceful close); pending reads and writes fail.</summary>
    void Abort();
}
