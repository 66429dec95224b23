using System.Globalization;
using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Commands.Factorio;

/// <summary>
/// <c>clock [value] [surface]</c>: shows the time of day, or sets it: <c>day</c> / <c>eternal-day</c> (noon, frozen),
/// <c>night</c> / <c>eternal-night</c> (midnight, frozen), or Factorio's daytime 0..1 (0 noon, 0.5 midnight; unfrozen).
/// Any surface, nauvis by default (the reference was wired to nauvis and set the boolean freeze flag to numbers).
/// </summary>
internal sealed class ClockCommand : ICommand
{
    public CommandSpec Spec { get; } = new("clock", "Show or set the time of day", CommandTier.Admin,
    [
        new("value", "day, night, eternal-day, eternal-night, or daytime 0-1 (0 = noon, 0.5 = midnight)") { MaxLength = 20 },
        new("surface", "Surface (default nauvis)") { Autocomplete = AutocompleteSource.Surfaces, MaxLength = 100 },
    ])
    {
        Feature = FactorioFeature.Daytime,
        Example = "clock value: eternal-day",
    };

    public async Task<CommandOutcome> RunAsync(CommandRun run, CancellationToken cancellationToken)
    {
        var value = run.Args.String("value")?.ToLowerInvariant();
        var surface = run.Args.String("surface") ?? "nauvis";
        var commands = await run.CommandsAsync(cancellationToken).ConfigureAwait(false);
        (RconCommand Command, string Title)? action = value switch
        {
            null => (commands.GetDaytime(surface), "🕐 Current Game Clock"),
            "day" or "eternal-day" => (commands.SetDaytime(0, freeze: true, surface), "☀️ Eternal Day Set"),
            "night" or "eternal-night" => (commands.SetDaytime(0.5, freeze: true, surface), "🌙 Eternal Night Set"),
            _ when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v is >= 0 and <= 1 =>
                (commands.SetDaytime(v, freeze: false, surface), "🕐 Game Clock Updated"),
            _ => null,
        };
        if (action is not { } a)
        {
            return CommandOutcome.Error("Usage: clock value: day | night | eternal-day | eternal-night | a daytime from 0 to 1 (0 = noon, 0.5 = midnight).");
        }

        var reply = await run.ExecuteAsync(a.Command, cancellationToken).ConfigureAwait(false);
        if (reply.Contains("SURFACE_NOT_FOUND", StringComparison.Ordinal))
        {
            return CommandOutcome.Error($"Surface `{surface.Replace('`', '\'')}` was not found.");
        }

        if (!double.TryParse(reply.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var daytime))
        {
            return CommandOutcome.Error("Unexpected answer from the server: " + CommandEmbeds.Safe(reply.Trim()));
        }

        var text = string.Create(CultureInfo.InvariantCulture, $"Daytime on `{surface}`: **{daytime:0.00}** (🕐 {Clock(daytime)})");
        return CommandOutcome.Ok(CommandEmbeds.Make(a.Title, CommandEmbeds.Blue, text), Clock(daytime));
    }

    /// <summary>Factorio's daytime (0 = noon) as a 24-hour clock.</summary>
    public static string Clock(double daytime)
    {
        var minutes = (int)Math.Round(((daytime * 24) + 12) % 24 * 60) % (24 * 60);
        return string.Create(CultureInfo.InvariantCulture, $"{minutes / 60:00}:{minutes % 60:00}");
    }
}
