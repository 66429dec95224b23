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

    /// <summary>Loading for <c>isr check</c>, which also refuses what <c>isr run</c> only warns about and retries.</summary>
    public bool Checking { get; init; }

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

    public void Warning(YamlNode node, string message)
    {
        if (_fromEnvironment.TryGetValue(node, out var variable))
        {
            Diagnostics.AddRange([new Diagnostic("$" + variable, 1, 1, DiagnosticSeverity.Warning, message)]);
        }
        else
        {
            Diagnostics.Warning(File, node, message);
        }
    }
}
