using FactorioIsr.Events;
using FactorioIsr.Rcon.Factorio;
using FactorioIsr.Security;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Tests.Commands;

/// <summary>
/// The security monitor seen from the commands: broadcast and whisper text is checked by the same rules before it is
/// sent (a refused text never reaches the simulator), and <c>security</c> lists infractions and actions and pardons.
/// </summary>
[Collection(FactorioIsr.Tests.Simulator.ExternalProcesses.Name)]
public sealed class SecurityCommandTests : IAsyncLifetime
{
    private CommandHarness _h = null!;
    private SecurityMonitor _security = null!;

    public async ValueTask InitializeAsync()
    {
        _h = await CommandHarness.StartAsync();
        var config = SecmonConfig.Off with
        {
            Enabled = true,
            SourcePath = "secmon.yml",
            Patterns = new Dictionary<string, SecurityRuleConfig>(SecmonConfig.DefaultPatterns(), StringComparer.Ordinal),
        };
        _security = new SecurityMonitor(() => config, new HarnessServers(_h), _h.Store, TimeProvider.System, NullLogger.Instance);
        _h.Router = _h.CreateRouter(security: _security);
    }

    public async ValueTask DisposeAsync()
    {
        _security.Dispose();
        await _h.DisposeAsync();
    }

    [Theory]
    [InlineData("broadcast")]
    [InlineData("whisper")]
    public async Task TextTheRulesRefuse_IsNotSent_AndTheReplySaysWhichRule(string command)
    {
        (string, object)[] options = command == "broadcast"
            ? [("message", "hello\\n/promote Griefer9")]
            : [("player", "Alice"), ("message", "hello\\n/promote Griefer9")];
        var refused = await _h.RunAsync(command, CommandHarness.Admin, options: options);

        Assert.Contains(SecurityRuleNames.CommandInjection, refused.All, StringComparison.Ordinal);
        Assert.DoesNotContain(_h.Received(), c => c.Contains("Griefer9", StringComparison.Ordinal));

        (string, object)[] fine = command == "broadcast"
            ? [("message", "restart at 8 && bring [item=iron-plate]")]
            : [("player", "Alice"), ("message", "restart at 8 && bring [item=iron-plate]")];
        await _h.RunAsync(command, CommandHarness.Admin, options: fine);
        Assert.Contains(_h.Received(), c => c.Contains("restart at 8", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Security_ListsNothing_PardonNeedsAPlayer_AndPlainMembersAreDenied()
    {
        var infractions = await _h.RunAsync("security", CommandHarness.Admin);
        Assert.Contains("Recent infractions", infractions.Title, StringComparison.Ordinal);
        Assert.Contains("None.", infractions.All, StringComparison.Ordinal);

        var actions = await _h.RunAsync("security", CommandHarness.Admin, options: [("view", "actions")]);
        Assert.Contains("Active actions", actions.Title, StringComparison.Ordinal);

        var pardon = await _h.RunAsync("security", CommandHarness.Admin, options: [("view", "pardon")]);
        Assert.Contains("needs a player", pardon.All, StringComparison.Ordinal);

        var pardoned = await _h.RunAsync("security", CommandHarness.Admin, options: [("view", "pardon"), ("player", "Alice")]);
        Assert.Contains("pardoned", pardoned.Title, StringComparison.Ordinal);

        var denied = await _h.RunAsync("security", CommandHarness.Plain);
        Assert.DoesNotContain("Recent infractions", denied.All, StringComparison.Ordinal);
    }

    private sealed class HarnessServers(CommandHarness harness) : ISecurityServers
    {
        public FactorioRcon? Rcon(string server) => harness.Servers.Monitor(server)?.Rcon;

        public ValueTask<bool> PublishAsync(string server, FactorioEvent @event, CancellationToken cancellationToken) => new(true);
    }
}
