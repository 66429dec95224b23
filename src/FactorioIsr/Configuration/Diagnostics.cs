using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FactorioIsr.Configuration;

/// <summary>Collects every problem of a load, so all of them are reported at once.</summary>
internal sealed class Diagnostics
{
    private readonly List<Diagnostic> _items = [];

    public IReadOnlyList<Diagnostic> Items => _items;

    public bool HasErrors => _items.Exists(d => d.Severity == DiagnosticSeverity.Error);

    public void Error(string file, int line, int column, string message) =>
        _items.Add(new Diagnostic(file, line, column, DiagnosticSeverity.Error, message));

    public void Error(string file, YamlNode node, string message) => Error(file, node.Start, message);

    public void Error(string file, Mark mark, string message) =>
        Error(file, (int)mark.Line, (int)mark.Column, message);

    public void Warning(string file, YamlNode node, string message) =>
        Warning(file, (int)node.Start.Line, (int)node.Start.Column, message);

    public void Warning(string file, int line, int column, string message) =>
        _items.Add(new Diagnostic(file, line, column, DiagnosticSeverity.Warning, message));

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);

    /// <summary>Errors first? No: file order, then line, so the output reads like the file.</summary>
    public IEnumerable<Diagnostic> Sorted() =>
        _items.OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column);
}
