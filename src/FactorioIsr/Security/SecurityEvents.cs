using System.Globalization;
using FactorioIsr.Events;

namespace FactorioIsr.Security;

/// <summary>
/// The security monitor's events: <c>security</c> (an infraction: rule, severity, evidence, action taken; to the
/// private security route only) and <c>audit</c> (an action taken in game: who, command, arguments, result; to the
/// <c>audit</c> route, like the admin commands). Fields are raw (outputs escape them); the text is Discord-safe.
/// </summary>
internal static class SecurityEvents
{
    /// <summary>Evidence is cut to this many code points (the reference kept 100 of the raw line).</summary>
    public const int MaxEvidence = 120;

    /// <summary>Who the audit names for the monitor's own actions.</summary>
    public const string Who = "security monitor";

    private static long _sequence;

    public static string Truncate(string text)
    {
        var single = text.ReplaceLineEndings(" ");
        var info = new StringInfo(single);
        return info.LengthInTextElements <= MaxEvidence ? single : info.SubstringByTextElements(0, MaxEvidence) + "…";
    }

    public static FactorioEvent Alert(string route, string server, string player, string rule, SecuritySeverity severity, string why, string evidence, string action, DateTimeOffset lineTime, string lineId, DateTimeOffset now)
    {
        var cut = Truncate(evidence);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["rule"] = rule,
            ["severity"] = Name(severity),
            ["evidence"] = cut,
            ["action"] = action,
            ["reason"] = why,
            ["line_id"] = lineId,
            ["line_time"] = lineTime.ToString("O", CultureInfo.InvariantCulture),
        };
        var text = $"🚨 **Security: {GameTextEscaper.Escape(rule)}** ({Name(severity)}) by **{GameTextEscaper.Escape(player)}** on {GameTextEscaper.Escape(server)}: {GameTextEscaper.Escape(why)}\n" +
            $"Evidence: {GameTextEscaper.Escape(cut, MaxEvidence + 1)}\nAction: {GameTextEscaper.Escape(action)}";
        return Make(server, SecurityRoutes.Security, route, player, now, text, fields);
    }

    public static FactorioEvent Audit(string server, string player, string command, string arguments, string result, DateTimeOffset now)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["who"] = Who,
            ["command"] = command,
            ["arguments"] = arguments,
            ["result"] = result,
        };
        var text = $"🛡️ **{Who}** ran `{command}` on {GameTextEscaper.Escape(server)}: {GameTextEscaper.Escape(arguments)} → {GameTextEscaper.Escape(Truncate(result.Length == 0 ? "ok" : result))}";
        return Make(server, SecurityRoutes.Audit, SecurityRoutes.Audit, player, now, text, fields);
    }

    public static string Name(SecuritySeverity severity) => severity.ToString().ToLowerInvariant();

    private static FactorioEvent Make(string server, string type, string route, string player, DateTimeOffset now, string text, Dictionary<string, string> fields) =>
        new(
            string.Create(CultureInfo.InvariantCulture, $"{server}/security/{type}/{now.ToUnixTimeMilliseconds()}-{Interlocked.Increment(ref _sequence)}"),
            server,
            LogSourceKind.Monitor,
            type,
            player,
            Message: null,
            fields,
            Pattern: null,
            route,
            now,
            Raw: string.Empty,
            text);
}
