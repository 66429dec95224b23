namespace FactorioIsr.Configuration;

/// <summary>How bad a configuration problem is.</summary>
internal enum DiagnosticSeverity
{
    /// <summary>Loaded anyway; printed so the user can tidy up.</summary>
    Warning,

    /// <summary>Nothing starts until it is fixed (exit 2).</summary>
    Error,
}

/// <summary>One problem found while loading configuration or patterns, with its location.</summary>
internal sealed record Diagnostic(string File, int Line, int Column, DiagnosticSeverity Severity, string Message)
{
    /// <summary>A warning for <c>isr run</c> (which retries) that <c>isr check</c> reports as an error: a log path that is a FIFO, say.</summary>
    public bool ErrorInCheck { get; init; }

    /// <summary>Formats as <c>file:line:col: message</c> (warnings say <c>warning:</c> before the message).</summary>
    public override string ToString() => Severity == DiagnosticSeverity.Warning
        ? $"{File}:{Line}:{Column}: warning: {Message}"
        : $"{File}:{Line}:{Column}: {Message}";
}
