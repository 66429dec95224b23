using System.Globalization;
using FactorioIsr.Events;
using FactorioIsr.Security;

namespace FactorioIsr.Commands;

/// <summary>
/// The audit of admin and danger commands: one <c>audit</c> event per attempt (who, server, command, arguments, result)
/// on the route <c>audit</c>, published through the ingest queue, so it reaches the outbox like every other event.
/// </summary>
internal static class CommandAudit
{
    public const string Type = "audit";
    public const string Route = "audit";
    private static long _sequence;

    public static FactorioEvent Event(string server, CommandUser user, CommandSpec spec, CommandArgs args, string result, DateTimeOffset now)
    {
        var arguments = args.Describe();
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["user_id"] = user.Id,
            ["user"] = user.Name,
            ["command"] = spec.Name,
            ["arguments"] = arguments,
            ["result"] = result,
            ["tier"] = spec.Tier.ToString().ToLowerInvariant(),
        };
        var text = $"🛡️ **{Escape(user.Name)}** (`{user.Id}`) ran `{spec.Path.TrimStart('/')}`"
            + (arguments.Length == 0 ? "" : " " + Escape(arguments))
            + $" on **{Escape(server)}**: {Escape(result)}";
        return new FactorioEvent(
            string.Create(CultureInfo.InvariantCulture, $"{server}/audit/{now.ToUnixTimeMilliseconds()}-{Interlocked.Increment(ref _sequence)}"),
            server,
            LogSourceKind.Monitor,
            Type,
            Player: null,
            Message: null,
            fields,
            Pattern: null,
            Route,
            now,
            Raw: string.Empty,
            text);
    }

    private static string Escape(string text) => GameTextEscaper.Escape(text, 300);
}
