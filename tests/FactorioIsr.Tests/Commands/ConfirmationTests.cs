namespace FactorioIsr.Tests.Commands;

/// <summary>Danger commands' confirmation buttons: they expire, only the invoker may press them, and Cancel runs nothing.</summary>
public sealed class ConfirmationTests
{
    private static string ConfirmId(CommandHarness.Exchange ask, int button = 0) =>
        ask.Callback.Body!["data"]!["components"]![0]!["components"]![button]!["custom_id"]!.GetValue<string>();

    [Fact]
    public async Task An_unpressed_confirmation_expires_and_runs_nothing()
    {
        await using var h = await CommandHarness.StartAsync(servers: 1, confirmation: TimeSpan.FromSeconds(1));
        var ask = await h.RunAsync("ban", options: ("player", "Griefer"));
        Assert.Equal(1, h.Router.Pending.Count);
        await WaitAsync(() => ask.Edits.Count > 0);

        var expired = ask.Edits[^1].Body!;
        Assert.Equal("⌛ Confirmation expired", expired["embeds"]![0]!["title"]!.GetValue<string>());
        Assert.Empty(expired["components"]!.AsArray());
        Assert.Equal(0, h.Router.Pending.Count);

        var late = h.Inject(InteractionJson.Button(CommandHarness.NextId(), ConfirmId(ask), CommandHarness.Administrator));
        await h.Router.Idle;
        Assert.Equal(7, late.Callback.Type);
        Assert.Equal("⌛ Confirmation expired", late.Title);
        Assert.DoesNotContain(h.Received(), b => b.StartsWith("/ban", StringComparison.Ordinal));
        Assert.Contains(h.Published, e => e.Fields["command"] == "ban" && e.Fields["result"].StartsWith("expired", StringComparison.Ordinal));
        Assert.Empty(h.Fake.ValidationFailures);
    }

    [Fact]
    public async Task Only_the_invoker_can_confirm_and_cancel_runs_nothing()
    {
        await using var h = await CommandHarness.StartAsync(servers: 1);
        var ask = await h.RunAsync("ban", CommandHarness.Admin, options: ("player", "Griefer"));

        var stranger = h.Inject(InteractionJson.Button(CommandHarness.NextId(), ConfirmId(ask), CommandHarness.Administrator));
        await h.Router.Idle;
        Assert.True(stranger.Ephemeral);
        Assert.Contains("Only the member who ran the command", stranger.Description, StringComparison.Ordinal);
        Assert.Equal(1, h.Router.Pending.Count);

        var cancel = h.Inject(InteractionJson.Button(CommandHarness.NextId(), ConfirmId(ask, button: 1), CommandHarness.Admin));
        await h.Router.Idle;
        Assert.Equal("Cancelled", cancel.Title);
        Assert.DoesNotContain(h.Received(), b => b.StartsWith("/ban", StringComparison.Ordinal));
        Assert.Contains(h.Published, e => e.Fields["result"] == "cancelled");

        var again = h.Inject(InteractionJson.Button(CommandHarness.NextId(), ConfirmId(ask), CommandHarness.Admin));
        await h.Router.Idle;
        Assert.Equal("⌛ Confirmation expired", again.Title); // a used confirmation cannot be pressed again
        Assert.DoesNotContain(h.Received(), b => b.StartsWith("/ban", StringComparison.Ordinal));
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(deadline) < TimeSpan.FromSeconds(10), "timed out");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
