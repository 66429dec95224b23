using System.Globalization;

namespace FactorioIsr.Tests.Security;

/// <summary>
/// The corpora through <c>isr run</c>: console.log written by the test, events read from the JSONL output. Every
/// attack gives a <c>security</c> event (the detection rate is reported), no ordinary line does (zero false positives
/// required), and a whole day of chat read at once at start flags only what was a flood by its own timestamps.
/// </summary>
[Collection(FactorioIsr.Tests.Simulator.ExternalProcesses.Name)]
public sealed class SecurityCorpusProcessTests
{
    private const string AlertOnly = """
        security:
          enabled: true
          alert_channel: security-alerts
        """;

    private static readonly DateTime Day = new(2026, 11, 30, 0, 0, 0, DateTimeKind.Unspecified);

    [Fact]
    public async Task Corpora_ThroughIsrRun_EveryAttackFlagged_NoOrdinaryLineFlagged()
    {
        using var run = new SecurityRun(AlertOnly);
        var lines = new List<string>();
        var at = Day.AddHours(8);
        var benign = SecurityCorpus.Benign;
        for (var i = 0; i < benign.Count; i++)
        {
            // 20 regulars, one line every 10 s between them: each speaks every 200 s, far below every limit.
            lines.Add(SecurityCorpus.ChatLine(at, $"Regular{i % 20:D2}", benign[i]));
            at = at.AddSeconds(10);
        }

        var attacks = SecurityCorpus.Adversarial;
        for (var i = 0; i < attacks.Count; i++)
        {
            lines.Add(SecurityCorpus.ChatLine(at, $"Attacker{i:D3}", attacks[i].Text));
            at = at.AddSeconds(10);
        }

        File.WriteAllLines(run.Log, lines);
        using var isr = run.Start();
        var last = $"Attacker{attacks.Count - 1:D3}";
        await run.WaitForAsync(e => e.Any(x => SecurityRun.Field(x, "type") == "security" && SecurityRun.Field(x, "player") == last), "the last attack's alert", isr, 120);
        await isr.TerminateAsync(TimeSpan.FromSeconds(20));

        var chat = run.Events("chat");
        var alerts = run.Events("security");
        Assert.Equal(lines.Count, chat.Count);
        var flagged = alerts.Select(a => SecurityRun.Field(a, "line_id")).ToHashSet(StringComparer.Ordinal);
        var attackEvents = chat.Where(c => SecurityRun.Field(c, "player").StartsWith("Attacker", StringComparison.Ordinal)).ToList();
        var benignEvents = chat.Where(c => SecurityRun.Field(c, "player").StartsWith("Regular", StringComparison.Ordinal)).ToList();
        var detected = attackEvents.Count(c => flagged.Contains(SecurityRun.Field(c, "id")));
        var falsePositives = benignEvents.Where(c => flagged.Contains(SecurityRun.Field(c, "id"))).Select(c => SecurityRun.Field(c, "message")).ToList();
        var rightRule = attacks.Select((a, i) => (a.Rule, Player: $"Attacker{i:D3}"))
            .Count(a => alerts.Any(x => SecurityRun.Field(x, "player") == a.Player && SecurityRun.Field(x, "rule") == a.Rule));
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"detection rate: {100.0 * detected / attackEvents.Count:0.0} % ({detected} of {attackEvents.Count} attacks; {rightRule} by the expected rule)"));
        output?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"false-positive rate: {100.0 * falsePositives.Count / benignEvents.Count:0.0} % ({falsePositives.Count} of {benignEvents.Count} ordinary lines)"));

        Assert.True(falsePositives.Count == 0, "flagged: " + string.Join("\n", falsePositives));
        Assert.Equal(attackEvents.Count, detected);
        Assert.Equal(attacks.Count, rightRule);
        Assert.All(alerts, a =>
        {
            Assert.Equal("security", SecurityRun.Field(a, "route"));
            Assert.Equal("alert", SecurityRun.Field(a, "action"));
            Assert.True(SecurityRun.Field(a, "evidence").Length <= 121);
            Assert.Contains("Evidence:", SecurityRun.Field(a, "text"), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task AWholeDayOfChat_ReadAtStart_FlagsOnlyWhatWasAFloodByItsTimestamps()
    {
        using var run = new SecurityRun("""
            security:
              alert_channel: "123456789012345678"
              rate_limits:
                chat_message: {max_events: 20, time_window_seconds: 60, action: mute, duration: 10m}
            """);
        var random = new Random(16);
        var lines = new List<(DateTime At, string Line)>();
        var benign = SecurityCorpus.Benign;
        // 30 regulars chat all day: each at most a line every 20 s (at most 3 a minute), 3,000+ lines in 24 h.
        for (var p = 0; p < 30; p++)
        {
            var at = Day.AddSeconds(random.Next(0, 600));
            while (at < Day.AddDays(1))
            {
                lines.Add((at, SecurityCorpus.ChatLine(at, $"Regular{p:D2}", benign[random.Next(benign.Count)] + " " + random.Next(1000))));
                at = at.AddSeconds(random.Next(20, 900));
            }
        }

        // The floods: 30 lines in 30 s at 14:00, and 8 @admins in 40 s at 18:00.
        for (var i = 0; i < 30; i++)
        {
            var at = Day.AddHours(14).AddSeconds(i);
            lines.Add((at, SecurityCorpus.ChatLine(at, "Spammer", "spam spam " + i)));
        }

        for (var i = 0; i < 8; i++)
        {
            var at = Day.AddHours(18).AddSeconds(i * 5);
            lines.Add((at, SecurityCorpus.ChatLine(at, "Needy", "@admins help me " + i)));
        }

        // A sentinel attack at the end: once its alert is out, every line before it has been looked at.
        var end = Day.AddDays(1).AddMinutes(1);
        lines.Add((end, SecurityCorpus.ChatLine(end, "Sentinel", "/c game.print('end')")));
        var ordered = lines.OrderBy(l => l.At).Select(l => l.Line).ToList();
        File.WriteAllLines(run.Log, ordered);

        using var isr = run.Start();
        await run.WaitForAsync(e => e.Any(x => SecurityRun.Field(x, "type") == "security" && SecurityRun.Field(x, "player") == "Sentinel"), "the sentinel's alert", isr, 120);
        await isr.TerminateAsync(TimeSpan.FromSeconds(20));

        Assert.True(run.Events("chat").Count == ordered.Count, $"{run.Events("chat").Count} of {ordered.Count} chat events");
        var alerts = run.Events("security").Select(a => (Player: SecurityRun.Field(a, "player"), Rule: SecurityRun.Field(a, "rule"), Action: SecurityRun.Field(a, "action"))).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine($"{ordered.Count} lines of a day read at once: {alerts.Count} alert(s): {string.Join("; ", alerts)}");
        Assert.Equal(
            [("Needy", "mention_admin"), ("Sentinel", "code_injection"), ("Spammer", "chat_message")],
            alerts.Select(a => (a.Player, a.Rule)).Order());
        // The flood was yesterday: the mute is not taken for a line read from a backlog, and the alert says so.
        Assert.StartsWith("none: the line is", alerts.Single(a => a.Player == "Spammer").Action, StringComparison.Ordinal);
        Assert.Empty(run.Events("audit"));
    }

    [Fact]
    public async Task SecmonYml_IsHotReloaded_WithServersYml()
    {
        using var run = new SecurityRun("security:\n  enabled: false\n");
        File.WriteAllLines(run.Log, [SecurityCorpus.ChatLine(Day, "Before", "/c game.print('while off')")]);
        using var isr = run.Start();
        await run.WaitForAsync(e => e.Any(x => SecurityRun.Field(x, "player") == "Before"), "the first line", isr);

        File.WriteAllText(Path.Combine(Path.GetDirectoryName(run.ServersYml)!, "secmon.yml"), AlertOnly);
        var written = 0;
        await run.WaitForAsync(
            e =>
            {
                // A line every poll until the reload shows: an attack written after it is flagged.
                File.AppendAllLines(run.Log, [SecurityCorpus.ChatLine(Day.AddSeconds(++written), "After" + written, "/c game.print('on')")]);
                return e.Any(x => SecurityRun.Field(x, "type") == "security");
            },
            "an alert after the reload",
            isr);
        await isr.TerminateAsync(TimeSpan.FromSeconds(20));
        Assert.DoesNotContain(run.Events("security"), a => SecurityRun.Field(a, "player") == "Before");
        Assert.All(run.Events("security"), a => Assert.StartsWith("After", SecurityRun.Field(a, "player"), StringComparison.Ordinal));
    }
}
