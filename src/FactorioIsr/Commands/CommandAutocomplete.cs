using System.Collections.Concurrent;
using FactorioIsr.Rcon;
using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Commands;

/// <summary>
/// Autocomplete suggestions (answered within Discord's 3 s, so every RCON read is bounded): server tags (substring of
/// tag, name or description), online players, technology names and surfaces of the target server. Technology and
/// surface lists are kept for a minute per server; on an <c>achievement_safe</c> server they are not read (Lua).
/// </summary>
internal sealed class CommandAutocomplete(ICommandServers servers, TimeProvider time)
{
    public const int MaxChoices = 25;
    private static readonly TimeSpan RconBudget = TimeSpan.FromMilliseconds(1500);
    private static readonly TimeSpan ListCacheTime = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<(string Tag, AutocompleteSource Source), (long At, IReadOnlyList<string> Names)> _cache = new();

    public async Task<IReadOnlyList<(string Name, string Value)>> SuggestAsync(AutocompleteSource source, string typed, string? tag, CancellationToken cancellationToken)
    {
        typed = typed.Trim();
        if (source == AutocompleteSource.Servers)
        {
            return [.. servers.All
                .Where(s => typed.Length == 0 || s.Tag.Contains(typed, StringComparison.OrdinalIgnoreCase) || s.Name.Contains(typed, StringComparison.OrdinalIgnoreCase)
                    || (s.Description?.Contains(typed, StringComparison.OrdinalIgnoreCase) ?? false))
                .Take(MaxChoices)
                .Select(s => (Cut(s.Tag + " - " + s.Name + (s.Description is { Length: > 0 } d ? " (" + d + ")" : "")), s.Tag))];
        }

        if (tag is null || servers.Monitor(tag) is not { } monitor)
        {
            return [];
        }

        var names = await NamesAsync(source, tag, monitor.Rcon, cancellationToken).ConfigureAwait(false);
        return [.. names
            .Where(n => typed.Length == 0 || n.Contains(typed, StringComparison.OrdinalIgnoreCase))
            .OrderBy(n => !n.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .ThenBy(n => n, StringComparer.OrdinalIgnoreCase)
            .Take(MaxChoices)
            .Select(n => (Cut(n), Cut(n)))];
    }

    private async Task<IReadOnlyList<string>> NamesAsync(AutocompleteSource source, string tag, FactorioRcon rcon, CancellationToken cancellationToken)
    {
        if (source != AutocompleteSource.Players && _cache.TryGetValue((tag, source), out var cached) && time.GetElapsedTime(cached.At) < ListCacheTime)
        {
            return cached.Names;
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(RconBudget);
        try
        {
            IReadOnlyList<string> names;
            if (source == AutocompleteSource.Players)
            {
                names = [.. (await rcon.GetOnlinePlayersAsync(budget.Token).ConfigureAwait(false)).Select(p => p.Name)];
            }
            else
            {
                if (rcon.AchievementSafe)
                {
                    return [];
                }

                var commands = await rcon.GetCommandsAsync(budget.Token).ConfigureAwait(false);
                var command = source == AutocompleteSource.Technologies ? commands.TechnologyNames() : commands.SurfaceNames();
                var reply = await rcon.ExecuteAsync(command, budget.Token).ConfigureAwait(false);
                names = FactorioReplies.ParseNameList(reply);
                _cache[(tag, source)] = (time.GetTimestamp(), names);
            }

            return names;
        }
        catch (Exception e) when (e is RconException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return [];
        }
    }

    private static string Cut(string text) => text.Length <= 100 ? text : text[..100];
}
