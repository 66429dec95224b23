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
        var file = new Argument<string>("FILE") { Description = "The log file, or - for standard input; for --source mod also a directory of numbered events-<n>.jsonl files." };
        var command = new Command("parse", """
            Parse a Factorio log with the patterns and print one JSON object per matched line:
            line (1-based), type, player, message, pattern, text (the Discord text), plus every named group.
            Use it to test patterns and to replay logs. A summary goes to stderr.

            Examples:
              isr parse /opt/factorio/console.log
              isr parse --source current --all factorio-current.log | jq 'select(.type != null)'
              isr parse --source mod /factorio/script-output/isr
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
            if (parse.GetValue(source) == "mod")
            {
                return await ParseModAsync(set, path, parse.GetValue(server)!, parse.GetValue(all), stdoutStream, stdinStream, stderr, cancellationToken).ConfigureAwait(false);
            }

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

    /// <summary>The mod's JSON lines: a file, standard input, or a directory (or file pattern) of numbered files in order.</summary>
    private static async Task<int> ParseModAsync(PatternSet set, string path, string server, bool all, Func<Stream> stdoutStream, Func<Stream> stdinStream, TextWriter stderr, CancellationToken cancellationToken)
    {
        var run = new Patterns.ModEvents.ModParseRun(set, server, all);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            if (path == "-")
            {
                await run.RunAsync(stdinStream(), stdoutStream(), null, cancellationToken).ConfigureAwait(false);
            }
            else if (Directory.Exists(path) || Path.GetFileName(path).AsSpan().IndexOfAny('*', '?') >= 0)
            {
                await run.RunFilesAsync(Tailing.NumberedFiles.From(path), stdoutStream(), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.SequentialScan);
                await using (input.ConfigureAwait(false))
                {
                    await run.RunAsync(input, stdoutStream(), null, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"isr parse: cannot read {path}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        catch (IOException ex)
        {
            await stderr.WriteLineAsync($"isr parse: I/O error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.RuntimeFailure;
        }

        var stats = run.Stats;
        var seconds = stopwatch.Elapsed.TotalSeconds;
        await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"isr parse: {stats.Lines} lines, {stats.Matched} matched, {stats.Malformed} malformed ({stats.InvalidJson} invalid JSON, {stats.UnknownType} unknown type, {stats.MissingField} missing fields), {stats.Newer} of a newer format version, in {seconds:0.000} s")).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
