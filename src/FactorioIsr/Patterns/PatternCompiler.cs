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

    /// <summary>
    /// The largest automaton size estimate the linear-time engine accepts: its default, or the value the
    /// <c>REGEX_NONBACKTRACKING_MAX_AUTOMATA_SIZE</c> runtime setting gives it.
    /// </summary>
    public static int LinearSizeLimit { get; } = AppContext.GetData("REGEX_NONBACKTRACKING_MAX_AUTOMATA_SIZE") is int limit && limit > 0 ? limit : 10_000;

    public static List<CompiledPattern> Compile(IEnumerable<PatternDefinition> definitions, Diagnostics diagnostics)
    {
        var compiled = new List<CompiledPattern>();
        foreach (var definition in definitions)
        {
            if (!definition.Enabled || definition.MatchesModType)
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

        // What the reference skipped (it dropped a regex its engine could not compile, and a template naming a value
        // it could not fill) is skipped with a warning; what this engine cannot run safely is an error.
        void Skip(int line, int column, string message) => diagnostics.Warning(definition.File, line, column, $"pattern '{definition.Name}': {message}; skipped");

        var scanned = PythonRegex.Scan(definition.Pattern);
        if (scanned.Problem is not null)
        {
            Error($"uses {scanned.Problem}, a construct the linear-time engine cannot run (no backreferences, lookarounds, atomic groups, conditionals, balancing groups or \\G); rewrite it without");
            return null;
        }

        // Syntax is checked by the (cheap) parser of the interpreter, and the constructs the linear-time engine cannot
        // run were refused by the scanner above. What remains is the size of its automaton, which that engine caps:
        // when the pattern's shape bounds it under the cap, building the engine (milliseconds per pattern, which isr
        // check and short parses would pay for nothing) is left to first use; otherwise it is built now, and a refusal
        // is reported here rather than thrown on the first line.
        Regex syntax;
        try
        {
            syntax = new Regex(scanned.DotNetPattern, Options & ~RegexOptions.NonBacktracking);
        }
        catch (ArgumentException ex)
        {
            Skip(definition.Line, definition.Column, $"invalid regex: {ex.Message}");
            return null;
        }

        Regex? linear = null;
        if (scanned.Shape.LinearSizeBound > LinearSizeLimit)
        {
            try
            {
                linear = new Regex(scanned.DotNetPattern, Options);
            }
            catch (NotSupportedException ex)
            {
                Error($"too complex for the linear-time engine ({ex.Message.TrimEnd('.')}); use smaller counts in {{n,m}} repetitions, or split the pattern");
                return null;
            }
        }

        var template = MessageTemplate.Parse(definition.Template);
        var named = scanned.Groups.OfType<string>().ToHashSet(StringComparer.Ordinal);
        var unknown = template.Placeholders.Where(p => !named.Contains(p) && !BuiltInPlaceholders.Contains(p)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            var available = string.Join(", ", named.Concat(BuiltInPlaceholders).Distinct().Select(n => "{" + n + "}"));
            var (line, column) = definition.TemplateLine > 0 ? (definition.TemplateLine, definition.TemplateColumn) : (definition.Line, definition.Column);
            Skip(line, column, $"message uses {string.Join(", ", unknown.Select(u => "{" + u + "}"))}, which the pattern does not capture (available: {available}; add a named group (?P<{unknown[0]}>...) to use it)");
            return null;
        }

        return new CompiledPattern(definition, syntax, scanned, template, linear);
    }
}
