using FactorioIsr.Configuration;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Configuration;

/// <summary><c>discord.admin_role_names</c> and <c>moderator_role_names</c>: bound, from the environment too, and a bad name is a file:line:col error.</summary>
public sealed class CommandRoleSettingsTests : IDisposable
{
    private readonly Configs _configs = new();

    public void Dispose() => _configs.Dispose();

    [Fact]
    public void RoleNames_AreBound()
    {
        var config = _configs.LoadValid("discord:\n  admin_role_names: [Factorio Admins, Ops]\n  moderator_role_names: [Mods]\nservers:\n  main:\n    log_path: a.log\n");
        Assert.Equal(["Factorio Admins", "Ops"], config.Settings.Discord.AdminRoleNames);
        Assert.Equal(["Mods"], config.Settings.Discord.ModeratorRoleNames);
    }

    [Fact]
    public void RoleNames_FromTheEnvironment()
    {
        _configs.Environment["ISR_DISCORD_MODERATOR_ROLE_NAMES"] = "Mods,Helpers";
        var config = _configs.LoadValid("servers:\n  main:\n    log_path: a.log\n");
        Assert.Equal(["Mods", "Helpers"], config.Settings.Discord.ModeratorRoleNames);
    }

    [Fact]
    public void AnEmptyRoleName_IsAnErrorWithItsPosition()
    {
        var result = _configs.Load("discord:\n  admin_role_names: [Ops, \"\"]\nservers:\n  main:\n    log_path: a.log\n");
        var error = Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal((2, 27), (error.Line, error.Column)); // the empty name's opening quote
        Assert.Contains("admin_role_names: a role name has 1 to 100 characters", error.Message, StringComparison.Ordinal);
    }
}
