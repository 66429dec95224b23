using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FactorioIsr.Configuration;

/// <summary>
/// Parses a YAML file into a representation tree, turning every problem into a located diagnostic: a file that is
/// not a regular file, too large, or not UTF-8; a syntax error (a tab in the indentation at the tab); nesting or size
/// beyond <see cref="YamlLimitFilter"/>'s limits (refused before a tree is built); duplicate keys. Merge keys
/// (<c>&lt;&lt;: *base</c>) are resolved as PyYAML's <c>safe_load</c> resolves them.
/// </summary>
internal static class YamlDocuments
{
    public static YamlStream? Parse(string path, long maxBytes, Diagnostics diagnostics)
    {
        var text = YamlText.Read(path, maxBytes, diagnostics);
        if (text is null)
        {
            return null;
        }

        var stream = new YamlStream();
        try
        {
            var parser = new YamlLimitFilter(new Parser(new StringReader(text)));
            stream.Load(new DuplicateKeyFilter(parser, (mark, message) => diagnostics.Error(path, mark, message)));
        }
        catch (YamlException ex)
        {
            var (line, column) = ex.Message.Contains("tab", StringComparison.OrdinalIgnoreCase) && FirstIndentingTab(text) is { } tab
                ? tab
                : ((int)ex.Start.Line, (int)ex.Start.Column);
            diagnostics.Error(path, line, column, "YAML: " + FirstLine(ex.InnerException?.Message ?? ex.Message));
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            diagnostics.Error(path, (int)stream.Documents[1].RootNode.Start.Line, 1, "only one YAML document per file is read; remove the '---' separator");
            return null;
        }

        foreach (var document in stream.Documents)
        {
            YamlMergeKeys.Apply(document.RootNode, (node, message) => diagnostics.Error(path, node, message));
        }

        return stream;
    }

    /// <summary>
    /// The scanner reports some tabs at 1:1 or at the end of the token before; YAML forbids tabs only in indentation,
    /// so the first tab among a line's leading whitespace is where the problem is.
    /// </summary>
    private static (int Line, int Column)? FirstIndentingTab(string text)
    {
        var line = 1;
        var column = 1;
        var leading = true;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                line++;
                column = 1;
                leading = true;
                continue;
            }

            if (leading && c == '\t')
            {
                return (line, column);
            }

            leading &= c == ' ';
            column++;
        }

        return null;
    }

    private static string FirstLine(string message)
    {
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        return (newline < 0 ? message : message[..newline]).Trim();
    }
}
