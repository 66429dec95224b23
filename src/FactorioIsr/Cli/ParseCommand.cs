using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FactorioIsr.Events;
using FactorioIsr.Patterns;

namespace FactorioIsr.Cli;

/// <summary><c>isr parse</c>: runs the patterns over a log and prints one JSON object per matched line.</summary>
internal static class ParseCommand
{
    public static Command Create(Func<Stream> stdoutStream, Func<Stream> stdinStream, TextWriter stderr)
    {
        var patterns = CliOptions.Patterns();
        var source = new Option<string>("--source", "-s")
        {
            Description = "Which kind of log FILE is: console (--console-log), current (factorio-current.log) or mod.",
            DefaultValueFactory = _ => "console",
        };
        source.AcceptOnlyFromAmong("console", "current", "mod");
        var all = new Option<bool>("--all", "-a") { Description = "Also print unmatched lines, with \"type\":null and their raw text." };
        var server = new Option<string>("--server") { Description = "Server tag used for {server} in templates.", DefaultValueFactory = _ => "local" };
        var file = new Argument<string>("FILE") { Description = "The log file, or - for standard input." };
        var command = new Command("parse", """
            Parse a Factorio log with the patterns and print one JSON object per matched line:
            line (1-based), type, player, message, pattern, text (the Discord text), plus every named group.
            Use it to test patterns and to replay logs. A summary goes to stderr.

            Examples:
              isr parse /opt/factorio/console.log
              isr parse --source current --all factorio-current.log | jq 'select(.type != null)'
              tail -f console.log | isr parse -
            """)
        {
            patterns,
            source,
            all,
            server,
            file,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (set, diagnostics) = PatternSet.Load(PatternsDirectory.Resolve(parse.GetValue(patterns), null));
            if (CliOptions.Report(diagnostics, stderr) || set is null)
            {
                return ExitCodes.BadInput;
            }

            var path = parse.GetValue(file)!;
            Stream input;
            try
            {
                input = path == "-" ? stdinStream() : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.SequentialScan);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"isr parse: cannot read {path}: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            await using (input.ConfigureAwait(false))
            {
                void OnSlowPattern(CompiledPattern pattern) => stderr.WriteLine(
                    $"isr parse: warning: pattern '{pattern.Name}' ({pattern.Definition.File}:{pattern.Definition.Line}) exceeded its backtracking budget ({CompiledPattern.BacktrackingBudget.TotalMilliseconds:0} ms) twice on a line; it runs on the linear-time engine from now on");
                CompiledPattern.FastPathDisabled += OnSlowPattern;
                var stopwatch = Stopwatch.StartNew();
                var pipeline = new LogParsePipeline(set, LogSourceKinds.ByName[parse.GetValue(source)!], parse.GetValue(server)!, parse.GetValue(all));
                try
                {
                    var stats = await pipeline.RunAsync(input, stdoutStream(), cancellationToken).ConfigureAwait(false);
                    var seconds = stopwatch.Elapsed.TotalSeconds;
                    await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"isr parse: {stats.Lines} lines, {stats.Matched} matched, {stats.InvalidUtf8} with invalid UTF-8, {stats.Truncated} cut at {LogParsePipeline.MaxLineBytes} bytes, {stats.WithNul} with NUL, in {seconds:0.000} s ({stats.Lines / Math.Max(seconds, 1e-9):0} lines/s)")).ConfigureAwait(false);
                    return ExitCodes.Ok;
                }
                catch (IOException ex)
                {
                    await stderr.WriteLineAsync($"isr parse: I/O error: {ex.Message}").ConfigureAwait(false);
                    return ExitCodes.RuntimeFailure;
                }
                finally
                {
                    CompiledPattern.FastPathDisabled -= OnSlowPattern;
                }
            }
        });
        return command;
    }
}
