using FactorioIsr.Events;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Patterns;

/// <summary>Every shipped pattern against Factorio's real line formats (shared/reference/factorio.md §1-2).</summary>
public sealed class VanillaPackTests
{
    [Theory]
    [InlineData("2025-11-18 01:56:09 [JOIN] Alice joined the game", "join", "Alice", null, "player_join")]
    [InlineData("2025-11-18 01:56:09 [JOIN] Dr.Gadorcha joined the game", "join", "Dr.Gadorcha", null, "player_join")]
    [InlineData("2025-11-18 01:56:09 [JOIN] foo-bar joined the game", "join", "foo-bar", null, "player_join")]
    [InlineData("2025-11-18 01:56:09 [JOIN] Vance307 joined the game", "join", "Vance307", null, "player_join")]
    [InlineData("2025-11-18 01:56:09 [JOIN] Jürgen_ß joined the game", "join", "Jürgen_ß", null, "player_join")]
    [InlineData("2025-11-18 01:56:09.123 [JOIN] Alice joined the game", "join", "Alice", null, "player_join")]
    [InlineData("[JOIN] Alice joined the game", "join", "Alice", null, "player_join")]
    [InlineData("2025-11-18 01:56:09 [LEAVE] gustosmYl left the game", "leave", "gustosmYl", null, "player_leave")]
    [InlineData("2025-11-18 01:56:09 [CHAT] Alice: hello", "chat", "Alice", "hello", "chat")]
    [InlineData("2026-08-02 02:16:35 [CHAT] <server>: hello from probe", "chat", "<server>", "hello from probe", "chat")]
    [InlineData("2025-11-18 01:56:09 [CHAT] Player-One: a: b: c", "chat", "Player-One", "a: b: c", "chat")]
    [InlineData("2025-11-18 01:56:09 [CHAT] Bob [Builder]: hi", "chat", "Bob", "hi", "chat")]
    [InlineData("2025-11-18 01:56:09 [CHAT] Алиса: привет", "chat", "Алиса", "привет", "chat")]
    [InlineData("2025-11-18 01:56:09 [SHOUT] Alice: to all forces", "chat", "Alice", "to all forces", "shout")]
    [InlineData("2025-11-18 01:56:09 [COMMAND] Alice (command): game.print(1)", "command", "Alice", "game.print(1)", "command")]
    [InlineData("2025-11-18 01:56:09 [COMMAND] <server> (command): game.speed = 2", "command", "<server>", "game.speed = 2", "command")]
    [InlineData("2025-11-18 01:56:09 [KICK] Bob was kicked by Alice. Reason: unspecified.", "kick", "Bob", null, "kick")]
    [InlineData("2025-11-18 01:56:09 [BAN] Bob was banned by Alice. Reason: griefing.", "ban", "Bob", null, "ban")]
    [InlineData("2025-11-18 01:56:09 [BAN] Bob (not on map) was banned by <server>. Reason: unspecified.", "ban", "Bob", null, "ban")]
    [InlineData("2025-11-18 01:56:09 [UNBANNED] Bob was unbanned by Alice.", "unban", "Bob", null, "unban")]
    [InlineData("2025-11-18 01:56:09 [PROMOTE] Bob was promoted to admin by Alice.", "promote", "Bob", null, "promote")]
    [InlineData("2025-11-18 01:56:09 [PROMOTE] Bob was added to the admin list by <server> and will be promoted upon joining the game.", "promote", "Bob", null, "promote_offline")]
    [InlineData("2025-11-18 01:56:09 [DEMOTE] Bob was demoted from admin by Alice.", "demote", "Bob", null, "demote")]
    [InlineData("2025-11-18 01:56:09 [DEMOTE] Bob was removed from the admin list by Alice and will no longer be promoted upon joining the game.", "demote", "Bob", null, "demote_offline")]
    [InlineData("2025-11-18 01:56:09 Cannot execute command. Error: [string \"x()\"]:1: attempt to call global 'x' (a nil value)", "error", null, "Cannot execute command. Error: [string \"x()\"]:1: attempt to call global 'x' (a nil value)", "command_error")]
    public void ConsoleLines_ParseToTheirEvents(string line, string type, string? player, string? message, string pattern)
    {
        var parsed = TestPatterns.Parse(TestPatterns.Shipped, line);
        Assert.NotNull(parsed);
        Assert.Equal((type, player, message, pattern), (parsed.Value.Type, parsed.Value.Player, parsed.Value.Message, parsed.Value.Pattern));
        Assert.DoesNotContain("{", parsed.Value.Text.Replace("{player}", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void KickAndBan_CaptureByAndReason()
    {
        var match = TestPatterns.Shipped.Match(LogSourceKind.Console, "2025-11-18 01:56:09 [BAN] Bob (not on map) was banned by <server>. Reason: spamming. again.");
        Assert.NotNull(match);
        Assert.Equal("<server>", match.Match.Groups["by"].Value);
        Assert.Equal("spamming. again", match.Match.Groups["reason"].Value);
        Assert.Equal(" (not on map)", match.Match.Groups["offline"].Value);
        Assert.Equal(@"🔨 **Bob** was banned by **\<server\>**. Reason: spamming. again", EventRenderer.Render(match, "s", "x"));
    }

    [Theory]
    [InlineData("2025-11-18 01:56:09 [CHAT] Charlie: ")]
    [InlineData("2025-11-18 01:56:09 [WARNING] Using Lua console commands will disable achievements.")]
    [InlineData("   0.000 2025-11-18 01:56:09; Factorio 2.0.55 (build 83138, linux64, headless, space-age)")]
    [InlineData("2025-11-18 01:56:09 [JOIN] Two Words joined the game")]
    public void OtherConsoleLines_AreNotEvents(string line) => Assert.Null(TestPatterns.Parse(TestPatterns.Shipped, line));

    [Theory]
    [InlineData("  12.345 Info ServerMultiplayerManager.cpp:808: updateTick(18446744073709551615) changing state from(CreatingGame) to(InGame)", "server_started")]
    [InlineData("   5.010 Info ServerMultiplayerManager.cpp:699: mapTick(4294967295) changing state from(CreatingGame) to(InGame)", "server_started")]
    [InlineData("   6.001 Info ServerMultiplayerManager.cpp:814: updateTick(1) changing state from(CreatingGame) to(InitializationFailed)", "server_failed")]
    [InlineData("86603.304 Info AppManager.cpp:123: Quitting: remote-quit.", "server_quitting")]
    [InlineData(" 700.000 Quitting: signal.", "server_quitting")]
    [InlineData(" 640.900 Error MainLoop.cpp:1419: Exception at tick 38000: The mod Example Mod (1.2.3) caused a non-recoverable error.", "crash_mod_error")]
    [InlineData(" 640.900 Error MainLoop.cpp:1419: Exception at tick 38000: Unknown entity name: foo", "crash_exception")]
    [InlineData(" 641.000 Error ServerMultiplayerManager.cpp:91: Multiplayer desynchronisation: crc test (heuristic) failed for crcTick(38000)", "crash_desync")]
    [InlineData(" 642.000 Error AppManagerStates.cpp:2022: Saving failed: write error: No space left on device", "crash_disk_full")]
    public void CurrentLogLines_ParseToLifecycleEvents(string line, string pattern)
    {
        var parsed = TestPatterns.Parse(TestPatterns.Shipped, line, LogSourceKind.Current);
        Assert.Equal(pattern, parsed?.Pattern);
    }

    [Theory]
    [InlineData(" 300.000 Info ServerMultiplayerManager.cpp:808: updateTick(18000) changing state from(InGameSavingMap) to(InGame)")]
    [InlineData(" 300.500 Info AppManagerStates.cpp:123: Saving finished")]
    [InlineData(" 300.400 Info AppManager.cpp:456: Saving to _autosave4 (blocking).")]
    [InlineData(" 700.100 Goodbye")] // server_quitting is the one stop event
    [InlineData(" 640.910 Info ServerMultiplayerManager.cpp:808: updateTick(38000) changing state from(InGame) to(Failed)")] // crash_* post the crash with its reason
    [InlineData("   1.000 Info RemoteCommandProcessor.cpp:131: New RCON connection from IP ADDR:({127.0.0.1:41450})")]
    public void CurrentLogNoise_IsNotAnEvent(string line) =>
        Assert.Null(TestPatterns.Parse(TestPatterns.Shipped, line, LogSourceKind.Current));

    [Fact]
    public void Sources_KeepPacksApart()
    {
        Assert.Null(TestPatterns.Parse(TestPatterns.Shipped, " 700.100 Goodbye", LogSourceKind.Console));
        Assert.Null(TestPatterns.Parse(TestPatterns.Shipped, "2025-11-18 01:56:09 [JOIN] Alice joined the game", LogSourceKind.Current));
    }

    [Fact]
    public void SavingFinished_IsShippedDisabled()
    {
        Assert.DoesNotContain(TestPatterns.Shipped.Patterns, p => p.Name == "server_saved");
    }
}
