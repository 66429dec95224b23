using System.Text.RegularExpressions;
using FactorioIsr.Configuration;

namespace FactorioIsr.Patterns;

/// <summary>
/// Compiles definitions on .NET's linear-time engine (<see cref="RegexOptions.NonBacktracking"/>): matching cost
/// grows linearly with the line whatever the pattern, so no user pattern can stall the relay (no ReDoS).
/// A construct that engine cannot run is refused at load with the file, line and pattern name.
/// </summary>
internal static class PatternCompiler
{
    /// <summary>Case-insensitive as in the reference (its patterns were compiled with IGNORECASE).</summary>
    public const RegexOptions Options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase;

    /// <summary>Placeholders every template may use besides the pattern's groups.</summary>
    public static IReadOnlySet<string> BuiltInPlaceholders { get; } = new HashSet<string>(StringComparer.Ordinal) { "player", "message", "server" };

    public static List<CompiledPattern> Compile(IEnumerable<PatternDefinition> definitions, Diagnostics diagnostics)
    {
        var compiled = new List<CompiledPattern>();
        foreach (var definition in definitions)
        {
            if (!definition.Enabled)
            {
                continue;
            }

            var pattern = TryCompile(definition, diagnostics);
            if (pattern is not null)
            {
                compiled.Add(pattern);
            }
        }

        return compiled;
    }

    public static CompiledPattern? TryCompile(PatternDefinition definition, Diagnostics diagnostics)
    {
        void Error(string message) => diagnostics.Error(definition.File, definition.Line, definition.Column, $"pattern '{definition.Name}': {message}");

        var scanned = PythonRegex.Scan(definition.Pattern);
        if (scanned.Problem is not null)
        {
            Error($"uses {scanned.Problem}, a construct the linear-time engine cannot run (no backreferences, lookarounds, atomic groups, conditionals, balancing groups or \\G); rewrite it without");
            return null;
        }

        // Syntax is checked by the (cheap) parser of the interpreter; the constructs the linear-time engine cannot
        // run were refused by the scanner above, so the linear engine itself is built lazily, when first needed
        // (building it costs milliseconds per pattern, which isr check and short parses would pay for nothing).
        Regex syntax;
        try
        {
            syntax = new Regex(scanned.DotNetPattern, Options & ~RegexOptions.NonBacktracking);
        }
        catch (ArgumentException ex)
        {
            Error($"invalid regex: {ex.Message}");
            return null;
        }

        var template = MessageTemplate.Parse(definition.Template);
        var named = scanned.Groups.OfType<string>().ToHashSet(StringComparer.Ordinal);
        var unknown = template.Placeholders.Where(p => !named.Contains(p) && !BuiltInPlaceholders.Contains(p)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            var available = string.Join(", ", named.Concat(BuiltInPlaceholders).Distinct().Select(n => "{" + n + "}"));
            Error($"message uses {string.Join(", ", unknown.Select(u => "{" + u + "}"))}, which the pattern does not capture (available: {available}); add a named group (?P<{unknown[0]}>...)");
            return null;
        }

        return new CompiledPattern(definition, syntax, scanned, template);
    }
}
