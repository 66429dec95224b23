namespace FactorioIsr.Tailing;

/// <summary>A log file could not be opened for want of a file descriptor; the tailer waits and retries (nothing is forgotten meanwhile).</summary>
internal sealed class NoDescriptorException(string message) : IOException(message);
