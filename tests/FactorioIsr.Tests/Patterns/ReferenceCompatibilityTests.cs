using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Patterns;

/// <summary>The reference's pattern files, unchanged, render its test vectors (reference-system.md §10) the same or better.</summary>
public sealed class ReferenceCompatibilityTests
{
    [Theory]
    [InlineData("2025-11-18 01:56:09 [JOIN] TestPlayer joined the game", "join", "TestPlayer", null, "✅👋 **TestPlayer** joined the server")]
    [InlineData("2025-11-18 01:56:09 [LEAVE] TestPlayer left the game", "leave", "TestPlayer", null, "❌👋 **TestPlayer** left the server")]
    [InlineData("2025-11-18 01:56:09 [CHAT] Alice: Hello everyone!", "chat", "Alice", "Hello everyone!", "💬 **Alice**: Hello everyone!")]
    [InlineData("[CHAT] Bob: *italic* and _underscore_", "chat", "Bob", "*italic* and _underscore_", @"💬 **Bob**: \*italic\* and \_underscore\_")]
    [InlineData("[CHAT] Alice: hey @admins and @Bob", "mention", "Alice", "hey @admins and @Bob", "📢 **Alice** mentioned admins: hey @admins and @Bob")]
    [InlineData("[CHAT] Charlie: @everyone alert!", "mention", "Charlie", "@everyone alert!", "👤 **Charlie**: @\u200Beveryone alert!")]
    [InlineData("Bob was killed by a small biter.", "death", "Bob", "a small biter", "🪲💀 **Bob** was killed by a small biter")]
    [InlineData("Carol was killed by a locomotive.", "death", "Carol", null, "🚂💀 **Carol** was killed by a train")]
    [InlineData("Eve committed suicide.", "death", "Eve", null, "💥🔫 **Eve** committed suicide")]
    [InlineData("[RESEARCH] Finished researching Automation.", "research", null, "Automation", "✅🔬 ***Research completed: Automation***")]
    [InlineData("[RESEARCH] Started researching Advanced electronics.", "research", null, "Advanced electronics", "🔬 ***Research started: Advanced electronics***")]
    [InlineData("[ACHIEVEMENT] Player123 earned Iron throne 1.", "milestone", "Player123", "Iron throne 1", "🏆 **Player123** earned achievement: Iron throne 1")]
    [InlineData("SpaceEngineer launched a rocket!", "milestone", "SpaceEngineer", null, "🚀 **SpaceEngineer** launched a rocket!")]
    [InlineData("[SERVER] Server restart in 5 minutes", "server", "5", "5", "⏰ ***Server restart in 5***")]
    [InlineData("[ERROR] Something went wrong", "server", null, "Something went wrong", "❌ **Error:** Something went wrong")]
    [InlineData("[WARNING] Low power in electrical network", "server", "Low power in electrical network", "Low power in electrical network", "⚠️ **Warning:** Low power in electrical network")]
    public void ReferenceVectors_RenderTheSame(string line, string type, string? player, string? message, string text)
    {
        var parsed = TestPatterns.Parse(TestPatterns.Reference, line);
        Assert.NotNull(parsed);
        Assert.Equal((type, player, message, text), (parsed.Value.Type, parsed.Value.Player, parsed.Value.Message, parsed.Value.Text));
    }

    [Theory]
    [InlineData("Server started.")]
    [InlineData("2025-11-18 01:56:09 [CHAT] Charlie: ")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Random debug output")]
    [InlineData("Dave fell to their death.")]
    public void ReferenceVectors_WithoutEvent_StayWithoutEvent(string line) =>
        Assert.Null(TestPatterns.Parse(TestPatterns.Reference, line));

    [Theory]
    [InlineData("[MILESTONE] Produced 1,000 iron plates.", @"🏆 \[MILESTONE\] Produced 1,000 iron plates.")]
    [InlineData("[TODO] build more trains", @"✅ \[TODO\] build more trains")]
    [InlineData("[RESEARCH] Cancelled research of Logistics.", @"❌ \[RESEARCH\] Cancelled research of Logistics.")]
    [InlineData("[TECH] Alice unlocked Steel processing.", @"🎓 \[TECH\] Alice unlocked Steel processing.")]
    [InlineData("Frank died.", "💀 Frank died.")]
    public void ReferenceDefects_NeverPostALiteralPlaceholder(string line, string text)
    {
        var parsed = TestPatterns.Parse(TestPatterns.Reference, line);
        Assert.NotNull(parsed);
        Assert.Equal(text, parsed.Value.Text);
        Assert.DoesNotContain("{", parsed.Value.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ReferenceOrder_LowerPriorityFirst_TiesByFileThenEntry()
    {
        var names = TestPatterns.Reference.Patterns.Select(p => p.Name).ToList();
        Assert.Equal("server_started", names[0]);
        Assert.True(names.IndexOf("player_join") < names.IndexOf("player_leave"));
        Assert.True(names.IndexOf("rocket_launched") < names.IndexOf("milestone_completed")); // prio 5: achievements.yml before milestones.yml
        Assert.True(names.IndexOf("milestone_completed") < names.IndexOf("server_restart_warning")); // milestones.yml before server.yml
        Assert.DoesNotContain("player_death_fall", names); // disabled
        Assert.Equal("player_death_catchall", names[^1]);
    }
}
