using FactorioIsr.Commands;
using FactorioIsr.Commands.Factorio;
using FactorioIsr.Configuration;
using FactorioIsr.State;
using FactorioIsr.Tests.Discord;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Tests.Commands;

/// <summary>One bulk overwrite per scope at start-up, only when the definitions' hash changed.</summary>
public sealed class CommandRegistrationTests : IDisposable
{
    private readonly Tailing.TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Registers_only_when_the_definitions_changed()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        using var rest = DiscordTestKit.CreateClient(fake);
        var settings = DiscordSettings.Defaults with { Token = new Secret(fake.Options.Token), GuildIds = [290926798626357999, 290926798626357998] };
        var path = Path.Combine(_dir.Path, "state.db");

        using (var store = SqliteStateStore.Open(path, TimeProvider.System, NullLogger.Instance))
        {
            var first = await Registration(FactorioCommandSet.Create(), settings, rest, store).RunAsync(TestContext.Current.CancellationToken);
            Assert.Equal((2, 0), first);
        }

        using (var store = SqliteStateStore.Open(path, TimeProvider.System, NullLogger.Instance))
        {
            // A restart with the same definitions sends nothing.
            Assert.Equal((0, 2), await Registration(FactorioCommandSet.Create(), settings, rest, store).RunAsync(TestContext.Current.CancellationToken));

            // Changed definitions are registered again.
            var changed = new CommandRegistry(FactorioCommandSet.Create().Commands.Where(c => c is not PatternTestCommand));
            Assert.Equal((2, 0), await Registration(changed, settings, rest, store).RunAsync(TestContext.Current.CancellationToken));
        }

        var puts = fake.Requests.Where(r => r.Method == "PUT").ToList();
        Assert.Equal(4, puts.Count);
        Assert.All(puts, p => Assert.Contains("/guilds/", p.Path, StringComparison.Ordinal));
        Assert.Empty(fake.ValidationFailures);
        Assert.Contains(fake.Requests, r => r.Route == "GET /applications/@me");
    }

    [Fact]
    public async Task Without_guilds_the_commands_are_global()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        using var rest = DiscordTestKit.CreateClient(fake);
        var settings = DiscordSettings.Defaults with { Token = new Secret(fake.Options.Token), ApplicationId = 333000000000000001 };
        using var store = SqliteStateStore.Open(Path.Combine(_dir.Path, "global.db"), TimeProvider.System, NullLogger.Instance);
        Assert.Equal((1, 0), await Registration(FactorioCommandSet.Create(), settings, rest, store).RunAsync(TestContext.Current.CancellationToken));
        var put = Assert.Single(fake.Requests, r => r.Method == "PUT");
        Assert.Equal("/api/v10/applications/333000000000000001/commands", put.Path);
        Assert.DoesNotContain(fake.Requests, r => r.Route == "GET /applications/@me");
        Assert.Empty(fake.ValidationFailures);
        Assert.Equal("global", "global");
        Assert.NotNull(await ((IStateStore)store).LoadCommandHashAsync("global", TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Definitions_fit_discords_limits()
    {
        var registry = FactorioCommandSet.Create();
        var names = registry.Commands.Where(c => c.Spec.Group is null).Select(c => c.Spec.Name).ToHashSet();
        foreach (var name in "servers connect status players version seed evolution admins health kick ban unban mute unmute promote demote save broadcast whisper whitelist clock speed research rcon help".Split(' '))
        {
            Assert.Contains(name, names);
        }

        foreach (var command in registry.ToJson())
        {
            Assert.InRange(command.Options!.Count, 1, 25);
            Assert.All(command.Options!, o =>
            {
                Assert.Matches("^[-_'\\p{L}\\p{N}]{1,32}$", o.Name);
                Assert.InRange(o.Description.Length, 1, 100);
                foreach (var option in o.Options ?? [])
                {
                    Assert.InRange(option.Description.Length, 1, 100);
                    Assert.False(option.Autocomplete == true && option.Choices is not null);
                }
            });
        }

        Assert.Equal(registry.Hash(), FactorioCommandSet.Create().Hash());
    }

    private static CommandRegistration Registration(CommandRegistry registry, DiscordSettings settings, FactorioIsr.Discord.Rest.DiscordRestClient rest, IStateStore store) =>
        new(registry, settings, rest, store, NullLogger<CommandRegistration>.Instance);
}
