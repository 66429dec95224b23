namespace FactorioIsr.Rcon.Transport;

/// <summary>Opens byte streams to RCON servers. The seam under <see cref="Client.RconClient"/>; TCP in production.</summary>
public interface IRconTransport
{
    /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/>; throws on failure.</summary>
    ValueTask<IRconDuplex> ConnectAsync(string host, int port, CancellationToken cancellationToken);
}
