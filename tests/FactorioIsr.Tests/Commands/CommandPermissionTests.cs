using FactorioIsr.Commands;

namespace FactorioIsr.Tests.Commands;

/// <summary>
/// The permission table of every admin and danger command: a plain member is refused (and the attempt audited), a
/// moderator role runs admin-tier commands only, an admin role and Discord's Administrator permission run everything.
/// </summary>
public sealed class CommandPermissionTests : IAsyncLifetime
{
    private CommandHarness _h = null!;

    public async ValueTask InitializeAsync() => _h = await CommandHarness.StartAsync(servers: 1);

    public async ValueTask DisposeAsync()
    {
        Assert.Empty(_h.Fake.ValidationFailures);
        await _h.DisposeAsync();
    }

    public static TheoryData<string, string, string, string, bool> Table()
    {
        // (command, option, value, member, allowed)
        var rows = new TheoryData<string, string, string, string, bool>();
        (string Sub, string Option, string Value, bool Danger)[] commands =
        [
            ("kick", "player", "Alice", false), ("mute", "player", "Alice", false), ("unmute", "player", "Alice", false),
            ("save", "name", "perm-test", false), ("broadcast", "message", "hello", false), ("whisper", "player", "Alice", false),
            ("whitelist", "action", "list", false), ("clock", "value", "day", false), ("research", "action", "automation", false),
            ("speed", "value", "2", true), ("research", "action", "all", true),
            ("ban", "player", "Alice", true), ("unban", "player", "Alice", true), ("promote", "player", "Alice", true),
            ("demote", "player", "Alice", true), ("rcon", "command", "/time", true),
        ];
        foreach (var (sub, option, value, danger) in commands)
        {
            rows.Add(sub, option, value, "plain", false);
            rows.Add(sub, option, value, "moderator", !danger);
            rows.Add(sub, option, value, "admin", true);
            rows.Add(sub, option, value, "administrator", true);
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(Table))]
    public async Task Permission_table(string sub, string option, string value, string who, bool allowed)
    {
        var member = who switch
        {
            "plain" => CommandHarness.Plain,
            "moderator" => CommandHarness.Moderator,
            "admin" => CommandHarness.Admin,
            _ => CommandHarness.Administrator,
        };
        object typed = option == "value" && sub == "speed" ? double.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : value;
        var extra = sub == "whisper" ? new (string, object)[] { (option, typed), ("message", "hi") } : [(option, typed)];
        var before = _h.Received().Count;
        var reply = await _h.RunAsync(sub, member, options: extra);
        if (!allowed)
        {
            Assert.True(reply.Ephemeral);
            Assert.Contains("needs", reply.Description, StringComparison.Ordinal);
            Assert.Equal(before, _h.Received().Count); // nothing reached the server
            var audit = Assert.Single(_h.Published);
            Assert.StartsWith("denied", audit.Fields["result"], StringComparison.Ordinal);
            Assert.Equal(member.Id, audit.Fields["user_id"]);
            return;
        }

        Assert.DoesNotContain("needs a", reply.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(_h.Published, e => e.Fields["result"].StartsWith("denied", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Query_commands_are_open_to_everyone()
    {
        var reply = await _h.RunAsync("players", CommandHarness.Plain);
        Assert.StartsWith("👥 Players on", reply.Title, StringComparison.Ordinal);
        Assert.Empty(_h.Published); // query commands are not audited
    }

    [Fact]
    public async Task Role_names_map_to_tiers()
    {
        _h.Fake.Roles[CommandHarness.NamedAdminRole] = "Factorio Admins";
        var router = _h.CreateRouter(settings: (FactorioIsr.Configuration.DiscordSettings.Defaults with { AdminRoleNames = ["factorio admins"] }).WithApplication());
        var named = new CommandHarness.Member("100000000000000009", [CommandHarness.NamedAdminRole], "0");
        var exchange = _h.Inject(InteractionJson.Command(CommandHarness.NextId(), "factorio-admin", null, "unban", named, ("player", "Alice")), router);
        await router.Idle;
        Assert.Equal("✅ Player Unbanned", exchange.Title);

        var other = new CommandHarness.Member("100000000000000010", [CommandHarness.ModeratorRole], "0");
        var denied = _h.Inject(InteractionJson.Command(CommandHarness.NextId(), "factorio-admin", null, "unban", other, ("player", "Alice")), router);
        await router.Idle;
        Assert.Contains("needs an admin role", denied.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Admin_commands_are_hidden_by_default_member_permissions()
    {
        var json = FactorioCommandSet.Create().ToJson();
        var open = Assert.Single(json, c => c.Name == "factorio");
        var admin = Assert.Single(json, c => c.Name == "factorio-admin");
        Assert.Null(open.DefaultMemberPermissions);
        Assert.Equal(2, admin.DefaultMemberPermissions);
        Assert.All(FactorioCommandSet.Create().Commands, c =>
            Assert.Equal(c.Spec.Tier is CommandTier.Admin or CommandTier.Danger ? "factorio-admin" : "factorio", c.Spec.TopLevel));
    }
}

internal static class DiscordSettingsTestExtensions
{
    public static FactorioIsr.Configuration.DiscordSettings WithApplication(this FactorioIsr.Configuration.DiscordSettings settings) =>
        settings with { ApplicationId = 333000000000000001 };
}
