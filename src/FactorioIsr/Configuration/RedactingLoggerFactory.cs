using Microsoft.Extensions.Logging;

namespace FactorioIsr.Configuration;

/// <summary>
/// Loggers that print every secret a <c>${NAME}</c> reference resolved to as <c>${NAME}</c>: in the message, in the
/// structured fields (JSON logs) and in exception texts. The relay hands these to everything it builds, so a log path
/// or state path taken from a secret never reaches the logs. Without secrets the inner loggers are used as they are.
/// </summary>
internal sealed class RedactingLoggerFactory(ILoggerFactory inner, SecretRedactor redactor) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName)
    {
        var logger = inner.CreateLogger(categoryName);
        return redactor.IsEmpty ? logger : new RedactingLogger(logger, redactor);
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <summary>The inner factory is registered with the host and released by it; nothing to release here.</summary>
    public void Dispose()
    {
    }

    private sealed class RedactingLogger(ILogger inner, SecretRedactor redactor) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }

            var fields = state is IReadOnlyList<KeyValuePair<string, object?>> list
                ? list.Select(f => new KeyValuePair<string, object?>(f.Key, f.Value is string text ? redactor.Redact(text) : f.Value)).ToList()
                : [];
            var redacted = new RedactedState(redactor.Redact(formatter(state, exception)), fields);
            var error = exception is null ? null : new RedactedException(redactor.Redact(exception.ToString()));
            inner.Log(logLevel, eventId, redacted, error, static (s, _) => s.Message);
        }
    }

    /// <summary>The redacted message and fields, shaped as the logging providers read a <c>[LoggerMessage]</c> state.</summary>
    private sealed class RedactedState(string message, List<KeyValuePair<string, object?>> fields) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message { get; } = message;

        public int Count => fields.Count;

        public KeyValuePair<string, object?> this[int index] => fields[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => fields.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => Message;
    }
}

/// <summary>An exception's full text with its secrets replaced; what a redacting logger passes on instead of the original.</summary>
internal sealed class RedactedException : Exception
{
    private readonly string _text = string.Empty;

    public RedactedException()
    {
    }

    public RedactedException(string text)
        : base(text) => _text = text;

    public RedactedException(string message, Exception innerException)
        : base(message, innerException) => _text = message;

    public override string ToString() => _text;
}
