using FactorioIsr.Commands;
using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Tests.Commands;

/// <summary>Every subcommand end to end: the interaction is dispatched, the command runs against the simulator, the reply is checked.</summary>
public sealed class CommandEndToEndTests : IAsyncLifetime
{
    private CommandHarness _h = null!;

    public async ValueTask InitializeAsync() => _h = await CommandHarness.StartAsync();

    public async ValueTask DisposeAsync()
    {
        Assert.Empty(_h.Fake.ValidationFailures);
        await _h.DisposeAsync();
    }

    private Task<CommandHarness.Exchange> Run(string sub, params (string, object)[] options) => _h.RunAsync(sub, options: options);

    [Fact]
    public async Task Servers_lists_every_server_and_the_context()
    {
        var reply = await Run("servers");
        Assert.Equal("📱 Available Factorio Servers", reply.Title);
        Assert.Contains("**Your Context:** `sim1`", reply.Description, StringComparison.Ordinal);
        Assert.Contains("Sim 2", reply.All, StringComparison.Ordinal);
        Assert.Equal(4, reply.Callback.Type); // answered at once: no RCON
    }

    [Fact]
    public async Task Connect_sets_the_context_kept_in_the_state_store()
    {
        var connect = await Run("connect", ("server", "SIM2"));
        Assert.Equal("✅ Connected to Sim 2", connect.Title);
        Assert.True(connect.Ephemeral);
        var players = await Run("players");
        Assert.Contains("Players on Sim 2", players.Title, StringComparison.Ordinal);

        // Another router (a restart) on the same store keeps the choice.
        _h.Fake.RegisterInteraction("x");
        var again = _h.CreateRouter();
        var exchange = _h.Inject(InteractionJson.Command(CommandHarness.NextId(), "factorio", null, "version", CommandHarness.Administrator), again);
        await again.Idle;
        Assert.Contains("Sim 2", exchange.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_to_an_unknown_server_lists_the_servers()
    {
        var reply = await Run("connect", ("server", "nope"));
        Assert.True(reply.Ephemeral);
        Assert.Contains("Server `nope` not found", reply.Description, StringComparison.Ordinal);
        Assert.Contains("`sim1` (Sim 1)", reply.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_shows_one_server_and_all_servers()
    {
        var one = await Run("status");
        Assert.Equal(5, one.Callback.Type); // deferred, then edited
        Assert.Equal("🏭 Sim 1 status", one.Title); // the status board's card (StatusCardCommandTests covers its chart)
        Assert.Contains("👥 Players (3)", one.All, StringComparison.Ordinal);
        Assert.Contains("🐛 Evolution", one.All, StringComparison.Ordinal);
        Assert.Contains("nauvis", one.All, StringComparison.Ordinal);
        Assert.Contains("🔬 Research", one.All, StringComparison.Ordinal);

        var all = await Run("status", ("server", "all"));
        Assert.StartsWith("🏭 All servers", all.Title, StringComparison.Ordinal);
        Assert.Contains("`sim1`", all.Description, StringComparison.Ordinal);
        Assert.Contains("`sim2`", all.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Players_lists_the_online_players()
    {
        var online = await _h.OnlinePlayersAsync();
        var reply = await Run("players");
        Assert.Equal("👥 Players on Sim 1", reply.Title);
        Assert.Contains($"Online Players ({online.Count})", reply.All, StringComparison.Ordinal);
        Assert.Contains(_h.Received(), b => b == "/players online");
    }

    [Fact]
    public async Task Version_seed_and_admins_answer_from_the_server()
    {
        Assert.Equal("`2.0.77`", (await Run("version")).Description);
        var seed = await Run("seed");
        Assert.Equal("🌍 Sim 1 Map Seed", seed.Title);
        Assert.Matches(@"Map Seed\n`\d+`", seed.All);
        var admins = await Run("admins");
        Assert.Equal("👑 Sim 1 Administrators", admins.Title);
    }

    [Fact]
    public async Task Evolution_all_one_surface_and_an_unknown_surface()
    {
        var all = await Run("evolution");
        Assert.Equal("🐛 Evolution – All Non-platform Surfaces", all.Title);
        Assert.Contains("nauvis:", all.Description, StringComparison.Ordinal);
        var one = await Run("evolution", ("target", "nauvis"));
        Assert.Equal("🐛 Evolution – Surface `nauvis`", one.Title);
        var unknown = await Run("evolution", ("target", "mars"));
        Assert.Contains("Surface `mars` was not found", unknown.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_answers_at_once()
    {
        var reply = await Run("health");
        Assert.Equal(4, reply.Callback.Type);
        Assert.Equal("💚 Sim 1 Health Check", reply.Title);
    }

    [Fact]
    public async Task Help_is_generated_from_the_registry()
    {
        var reply = await Run("help");
        Assert.True(reply.Ephemeral);
        foreach (var command in FactorioCommandSet.Create().Commands)
        {
            Assert.Contains(command.Spec.Path, reply.All, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Pattern_test_shows_the_match_and_what_it_would_post()
    {
        var reply = await _h.RunAsync("test", group: "pattern", options: [("line", "2025-11-18 01:56:09 [JOIN] Alice joined the game")]);
        Assert.Equal("🔎 Pattern match", reply.Title);
        Assert.Contains("`join`", reply.All, StringComparison.Ordinal);
        Assert.Contains("**Alice** joined the server", reply.All, StringComparison.Ordinal);
        Assert.Contains("<#1000>", reply.All, StringComparison.Ordinal);
        var none = await _h.RunAsync("test", group: "pattern", options: [("line", "Random debug output")]);
        Assert.Equal("🔎 No pattern matches", none.Title);
    }

    [Fact]
    public async Task Kick_mute_unmute_run_and_are_audited()
    {
        var player = (await _h.OnlinePlayersAsync())[0];
        var kick = await Run("kick", ("player", player), ("reason", "spamming"));
        Assert.Equal("⚠️ Player Kicked", kick.Title);
        Assert.Contains($"/kick {player} spamming", _h.Received());
        Assert.Equal("🔇 Player Muted", (await Run("mute", ("player", "Bob"))).Title);
        Assert.Equal("🔊 Player Unmuted", (await Run("unmute", ("player", "Bob"))).Title);
        Assert.Contains("/mute Bob", _h.Received());

        var audit = Assert.Single(_h.Published, e => e.Fields["command"] == "kick");
        Assert.Equal(("audit", "audit", "sim1"), (audit.Type, audit.Route, audit.Server));
        Assert.Equal(CommandHarness.Administrator.Id, audit.Fields["user_id"]);
        Assert.Equal($"player={player} reason=spamming", audit.Fields["arguments"]);
        Assert.StartsWith("ok:", audit.Fields["result"], StringComparison.Ordinal);
        Assert.Equal(3, _h.Published.Count);
    }

    [Fact]
    public async Task TheReferencesFullName_FactorioKick_RunsTheAdminCommand_WithItsPermissionCheck()
    {
        var player = (await _h.OnlinePlayersAsync())[0];
        var denied = await _h.RunAsync("kick", CommandHarness.Plain, top: CommandRegistry.PublicCommand, options: [("player", player)]);
        Assert.DoesNotContain(_h.Received(), c => c.StartsWith("/kick", StringComparison.Ordinal));
        Assert.NotEqual("⚠️ Player Kicked", denied.Title);

        var kick = await _h.RunAsync("kick", CommandHarness.Admin, top: CommandRegistry.PublicCommand, options: [("player", player), ("reason", "afk")]);
        Assert.Equal("⚠️ Player Kicked", kick.Title);
        Assert.Contains($"/kick {player} afk", _h.Received());
    }

    [Fact]
    public async Task Unban_promote_demote_run_without_confirmation()
    {
        Assert.Equal("✅ Player Unbanned", (await Run("unban", ("player", "Mallory"))).Title);
        var promote = await Run("promote", ("player", "Alice"));
        Assert.Equal("👑 Player Promoted", promote.Title);
        Assert.Contains("Administrator", promote.All, StringComparison.Ordinal);
        Assert.Equal("📙 Player Demoted", (await Run("demote", ("player", "Alice"))).Title);
        Assert.Contains("/promote Alice", _h.Received());
        Assert.Contains("/demote Alice", _h.Received());
    }

    [Fact]
    public async Task Save_broadcast_whisper_whitelist()
    {
        var save = await Run("save", ("name", "before-upgrade"));
        Assert.Equal("💾 Game Saved", save.Title);
        Assert.Contains("/server-save before-upgrade", _h.Received());
        Assert.Equal("📢 Broadcast Sent", (await Run("broadcast", ("message", "Restart in 5 minutes"))).Title);
        Assert.Contains("Restart in 5 minutes", _h.Received());
        var player = (await _h.OnlinePlayersAsync())[0];
        Assert.Equal("💬 Private Message Sent", (await Run("whisper", ("player", player), ("message", "hi there"))).Title);
        Assert.Equal("✅ Alice Added to Whitelist", (await Run("whitelist", ("action", "add"), ("player", "Alice"))).Title);
        var list = await Run("whitelist", ("action", "list"));
        Assert.Equal("📋 Whitelist", list.Title);
        Assert.Contains("Alice", list.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broadcast_and_whisper_use_the_chat_bridge_encoder()
    {
        await Run("broadcast", ("message", "hi <:factorio:123456> **all** [color=red]x[/color]"));
        var sent = _h.Received()[^1];
        Assert.Equal(FactorioIsr.ChatBridge.DiscordChatText.Encode("hi <:factorio:123456> **all** [color=red]x[/color]"), sent);
        Assert.Contains(":factorio:", sent, StringComparison.Ordinal);
        Assert.DoesNotContain('[', sent);

        var player = (await _h.OnlinePlayersAsync())[0];
        await Run("whisper", ("player", player), ("message", "see <#42> ~~now~~"));
        Assert.Contains(_h.Received(), b => b == $"/whisper {player} " + FactorioIsr.ChatBridge.DiscordChatText.Encode("see <#42> ~~now~~"));
    }

    [Fact]
    public async Task Clock_shows_and_sets_the_time_of_day()
    {
        Assert.Equal("🕐 Current Game Clock", (await Run("clock")).Title);
        var day = await Run("clock", ("value", "eternal-day"));
        Assert.Equal("☀️ Eternal Day Set", day.Title);
        Assert.Contains("12:00", day.Description, StringComparison.Ordinal);
        var set = await Run("clock", ("value", "0.25"));
        Assert.Equal("🕐 Game Clock Updated", set.Title); // the reference crashed here (answered twice)
        Assert.Contains("18:00", set.Description, StringComparison.Ordinal);
        Assert.Single(set.Callbacks);
        var bad = await Run("clock", ("value", "teatime"));
        Assert.Contains("Usage", bad.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Research_status_and_one_technology()
    {
        var status = await Run("research");
        Assert.Equal("🔬 Technology Status", status.Title);
        Assert.Matches(@"\*\*\d+/232\*\*", status.Description);
        Assert.Equal("🔬 Technology Researched", (await Run("research", ("action", "automation"))).Title);
        Assert.Equal("⏮️ Technology Reverted", (await Run("research", ("action", "undo"), ("technology", "automation"))).Title);
        Assert.Contains("was not found", (await Run("research", ("technology", "warp-drive"))).Description, StringComparison.Ordinal);
        Assert.Contains("Force `martians` was not found", (await Run("research", ("force", "martians"))).Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ban", "player", "Griefer", "🚫 Player Banned", "/ban Griefer Banned by moderator")]
    [InlineData("speed", "value", 2.0, "⚡ Game Speed Set", null)]
    [InlineData("research", "action", "all", "🔬 All Technologies Researched", null)]
    [InlineData("rcon", "command", "/time", "⌨️ RCON Command Executed", "/time")]
    public async Task Danger_commands_run_after_their_confirmation(string sub, string option, object value, string title, string? sent)
    {
        var ask = await Run(sub, (option, value));
        Assert.True(ask.Ephemeral);
        Assert.StartsWith("⚠️ Confirm", ask.Title, StringComparison.Ordinal);
        var customId = ask.Callback.Body!["data"]!["components"]![0]!["components"]![0]!["custom_id"]!.GetValue<string>();
        Assert.DoesNotContain(_h.Published, e => e.Fields["command"] == sub && e.Fields["result"].StartsWith("ok", StringComparison.Ordinal));

        var click = _h.Inject(InteractionJson.Button(CommandHarness.NextId(), customId, CommandHarness.Administrator));
        await _h.Router.Idle;
        Assert.Equal(7, click.Callback.Type); // the buttons are replaced at once
        Assert.Equal(title, click.Title);
        Assert.Empty(click.Edits[^1].Body!["components"]!.AsArray());
        if (sent is not null)
        {
            Assert.Contains(sent, _h.Received());
        }

        Assert.Contains(_h.Published, e => e.Fields["command"] == sub && e.Fields["result"].StartsWith("ok", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Speed_out_of_range_is_refused()
    {
        var ask = await Run("speed", ("value", 50.0));
        var customId = ask.Callback.Body!["data"]!["components"]![0]!["components"]![0]!["custom_id"]!.GetValue<string>();
        var click = _h.Inject(InteractionJson.Button(CommandHarness.NextId(), customId, CommandHarness.Administrator));
        await _h.Router.Idle;
        Assert.Contains("Speed must be between 0.1 and 10.0", click.All, StringComparison.Ordinal);
        Assert.DoesNotContain(_h.Received(), b => b.Contains("game.speed=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_server_option_is_a_specific_ephemeral_error()
    {
        var reply = await Run("players", ("server", "prod9"));
        Assert.True(reply.Ephemeral);
        Assert.Contains("Server `prod9` not found", reply.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(_h.Received(), b => b.StartsWith("/players", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_server_option_picks_another_server()
    {
        var reply = await Run("version", ("server", "sim2"));
        Assert.Equal("📦 Sim 2 Version", reply.Title);
        Assert.Contains("/version", _h.Received(1));
    }

    [Fact]
    public async Task Raw_rcon_on_the_simulator_gives_its_answer()
    {
        var ask = await Run("rcon", ("command", "/players online"));
        var customId = ask.Callback.Body!["data"]!["components"]![0]!["components"]![0]!["custom_id"]!.GetValue<string>();
        var click = _h.Inject(InteractionJson.Button(CommandHarness.NextId(), customId, CommandHarness.Administrator));
        await _h.Router.Idle;
        Assert.Contains("Online players", click.All, StringComparison.Ordinal);
        Assert.Contains("Dangerous operation", click.All, StringComparison.Ordinal);
        _ = FactorioCommands.Raw("/time"); // the builder every raw command goes through
    }
}
