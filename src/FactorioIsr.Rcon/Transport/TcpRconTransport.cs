using System.IO.Pipelines;
using System.Net.Sockets;

namespace FactorioIsr.Rcon.Transport;

/// <summary>RCON over TCP. Factorio listens on IPv4 only, so use 127.0.0.1 rather than localhost.</summary>
public sealed class TcpRconTransport : IRconTransport
{
    /// <summary>The shared instance.</summary>
    public static TcpRconTransport Instance { get; } = new();

    /// <inheritdoc />
    public async ValueTask<IRconDuplex> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            return new Duplex(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private sealed class Duplex : IRconDuplex
    {
        // Small segments: a thousand idle sessions each hold one rented segment while a read is pending.
        private static readonly StreamPipeReaderOptions ReaderOptions = new(bufferSize: 4096, minimumReadSize: 1024);
        private readonly Socket _socket;
        private readonly NetworkStream _stream;

        public Duplex(Socket socket)
        {
            _socket = socket;
            _stream = new NetworkStream(socket, ownsSocket: true);
            Input = PipeReader.Create(_stream, ReaderOptions);
            Output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
        }

        public PipeReader Input { get; }

        public PipeWriter Output { get; }

        public void Abort()
        {
            try
            {
                _socket.Close(0);
            }
            catch (ObjectDisposedException)
            {
                // Already closed.
            }
        }

        public async ValueTask DisposeAsync()
        {
            Abort();

            // The writer first: completing the reader disposes the stream, and a writer still holding unsent bytes
            // (a command cut off by the fault) would then flush into a disposed stream. The socket is closed, so
            // those bytes have nowhere to go anyway.
            try
            {
                await Output.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
            {
                // Unsent bytes of a dead connection.
            }

            await Input.CompleteAsync().ConfigureAwait(false);
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
