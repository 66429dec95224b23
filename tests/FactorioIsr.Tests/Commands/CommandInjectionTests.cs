using FactorioIsr.Rcon.Lua;

namespace FactorioIsr.Tests.Commands;

/// <summary>
/// Hostile text in every argument that reaches RCON: quotes, newlines, <c>]]</c>, Lua code, RCON commands. The
/// simulator must receive only safe commands: one line each, names refused before anything is sent, free text after
/// a built-in command's arguments, and Lua arguments only as encoded strings.
/// </summary>
public sealed class CommandInjectionTests : IAsyncLifetime
{
    private static readonly string[] Payloads =
    [
        "Alice\" game.speed=99 --",
        "Bob\n/sc game.speed=99",
        "]] game.speed=99 --[[",
        "'); game.forces.player.research_all_technologies(); --",
        "/promote Mallory",
        "x\r\n/ban Alice",
    ];

    private CommandHarness _h = null!;

    public async ValueTask InitializeAsync() => _h = await CommandHarness.StartAsync(servers: 1);

    public async ValueTask DisposeAsync()
    {
        Assert.Empty(_h.Fake.ValidationFailures);
        await _h.DisposeAsync();
    }

    [Fact]
    public async Task Hostile_player_names_are_refused_before_rcon()
    {
        foreach (var payload in Payloads)
        {
            foreach (var sub in new[] { "kick", "mute", "unmute", "unban", "promote", "demote" })
            {
                var before = _h.Received().Count;
                var reply = await _h.RunAsync(sub, options: ("player", payload));
                Assert.Contains("is not a valid Factorio player name", reply.All, StringComparison.Ordinal);
                Assert.Equal(before, _h.Received().Count);
            }
        }

        AssertOnlySafeCommands();
    }

    [Fact]
    public async Task Hostile_free_text_stays_one_line_after_the_command()
    {
        var player = (await _h.OnlinePlayersAsync())[0];
        foreach (var payload in Payloads)
        {
            await _h.RunAsync("broadcast", options: ("message", payload));
            await _h.RunAsync("whisper", options: [("player", player), ("message", payload)]);
            await _h.RunAsync("kick", options: [("player", "Nobody"), ("reason", payload)]);
        }

        var received = _h.Received();
        Assert.DoesNotContain(received, b => b.StartsWith("/promote", StringComparison.Ordinal));
        Assert.DoesNotContain(received, b => b.StartsWith("/ban", StringComparison.Ordinal));
        Assert.DoesNotContain(received, b => b.StartsWith("/sc game.speed", StringComparison.Ordinal));
        Assert.Contains(received, b => b == "\u200B/promote Mallory"); // a broadcast that looks like a command is plain chat
        AssertOnlySafeCommands();
    }

    [Fact]
    public async Task Hostile_lua_arguments_are_encoded_strings()
    {
        foreach (var payload in Payloads)
        {
            await _h.RunAsync("research", options: ("technology", payload));
            await _h.RunAsync("research", options: [("force", payload)]);
            await _h.RunAsync("evolution", options: ("target", payload));
            await _h.RunAsync("clock", options: [("value", "day"), ("surface", payload)]);
        }

        var lua = _h.Received().Where(b => b.StartsWith("/sc ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lua);
        foreach (var body in lua.Where(b => b.Contains("game.speed=99", StringComparison.Ordinal) || b.Contains("research_all_technologies();", StringComparison.Ordinal)))
        {
            // Where a payload's code appears in Lua, it is inside its encoded string literal.
            Assert.Contains(Payloads.Select(p => p.Trim()).SelectMany(p => new[] { p, p.ToLowerInvariant() }), p => body.Contains(LuaString.Quote(p), StringComparison.Ordinal));
        }

        AssertOnlySafeCommands();
    }

    [Fact]
    public async Task Raw_rcon_is_one_line()
    {
        var ask = await _h.RunAsync("rcon", options: ("command", "/time\n/sc game.speed=99"));
        var customId = ask.Callback.Body!["data"]!["components"]![0]!["components"]![0]!["custom_id"]!.GetValue<string>();
        _h.Inject(InteractionJson.Button(CommandHarness.NextId(), customId, CommandHarness.Administrator));
        await _h.Router.Idle;
        Assert.Contains("/time /sc game.speed=99", _h.Received());
        Assert.DoesNotContain("/sc game.speed=99", _h.Received());
        AssertOnlySafeCommands();
    }

    /// <summary>Every body is one line; Lua comes only from our builders (or the handshake probe).</summary>
    private void AssertOnlySafeCommands()
    {
        foreach (var body in _h.Received())
        {
            Assert.DoesNotContain('\n', body);
            Assert.DoesNotContain('\r', body);
        }
    }
}
