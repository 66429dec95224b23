using YamlDotNet.RepresentationModel;

namespace FactorioIsr.Configuration;

/// <summary>
/// The file a YAML tree came from, plus the nodes that environment variables put into it, so every
/// diagnostic names where its value really came from (<c>servers.yml:12:5</c> or <c>$ISR_HEALTH_PORT</c>).
/// </summary>
internal sealed class YamlSource(string file, Diagnostics diagnostics, SecretResolver? secrets)
{
    private readonly Dictionary<YamlNode, string> _fromEnvironment = new(ReferenceEqualityComparer.Instance);

    public string File { get; } = file;

    public Diagnostics Diagnostics { get; } = diagnostics;

    /// <summary>Resolves <c>${NAME}</c>; null where files hold no secrets (pattern files: their <c>$</c> is regex).</summary>
    public SecretResolver? Secrets { get; } = secrets;

    /// <summary>The secrets that references resolved to, so no message prints them.</summary>
    public SecretRedactor Redactor { get; } = new();

    public void MarkFromEnvironment(YamlNode node, string variable) => _fromEnvironment[node] = variable;

    /// <summary>Whether a variable or secret file put this node in: its value is literal (no <c>${...}</c> is resolved in it).</summary>
    public bool IsFromEnvironment(YamlNode node) => _fromEnvironment.ContainsKey(node);

    public void Error(YamlNode node, string message)
    {
        if (_fromEnvironment.TryGetValue(node, out var variable))
        {
            Diagnostics.Error("$" + variable, 1, 1, message);
        }
        else
        {
            Diagnostics.Error(File, node, message);
        }
    }

    public void Warning(YamlNode node, string message) => Warning(node, message, errorInCheck: false);

    /// <summary>A problem <c>isr run</c> copes with (it retries) but <c>isr check</c> refuses: a warning that check counts as an error.</summary>
    public void CheckError(YamlNode node, string message) => Warning(node, message, errorInCheck: true);

    private void Warning(YamlNode node, string message, bool errorInCheck)
    {
        var (file, line, column) = _fromEnvironment.TryGetValue(node, out var variable)
            ? ("$" + variable, 1, 1)
            : (File, (int)node.Start.Line, (int)node.Start.Column);
        Diagnostics.AddRange([new Diagnostic(file, line, column, DiagnosticSeverity.Warning, message) { ErrorInCheck = errorInCheck }]);
    }
}
