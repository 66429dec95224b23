using FactorioIsr.Doctor;

namespace FactorioIsr.Tests.Doctor;

/// <summary>Discord's permission overwrite order, as its documentation gives it.</summary>
public sealed class ChannelPermissionsTests
{
    private const string Guild = "100";
    private const string Bot = "200";
    private const ulong Post = ChannelPermissions.ViewChannel | ChannelPermissions.SendMessages | ChannelPermissions.EmbedLinks | ChannelPermissions.AttachFiles;

    private static ulong Compute(ulong everyone, IReadOnlyDictionary<string, ulong>? roles = null, string[]? memberRoles = null, params (string, int, ulong, ulong)[] overwrites)
    {
        var all = new Dictionary<string, ulong>(roles ?? new Dictionary<string, ulong>(), StringComparer.Ordinal) { [Guild] = everyone };
        return ChannelPermissions.Compute(Guild, all, Bot, memberRoles ?? [], overwrites);
    }

    [Fact]
    public void EveryoneRole_AndTheMembersRoles_AreORed()
    {
        var roles = new Dictionary<string, ulong> { ["r1"] = ChannelPermissions.EmbedLinks | ChannelPermissions.AttachFiles };
        Assert.Empty(ChannelPermissions.Missing(Compute(ChannelPermissions.ViewChannel | ChannelPermissions.SendMessages, roles, ["r1"])));
        Assert.Equal(["Embed Links", "Attach Files"], ChannelPermissions.Missing(Compute(ChannelPermissions.ViewChannel | ChannelPermissions.SendMessages, roles)));
    }

    [Fact]
    public void Administrator_GrantsEverything_OverwritesIncluded()
    {
        var roles = new Dictionary<string, ulong> { ["admin"] = ChannelPermissions.Administrator };
        Assert.Equal(ulong.MaxValue, Compute(0, roles, ["admin"], (Guild, 0, 0, Post)));
    }

    [Fact]
    public void EveryoneOverwrite_ThenRoleOverwrites_ThenTheMembersOwn()
    {
        // @everyone may post, the channel denies Embed Links to @everyone: missing.
        Assert.Equal(["Embed Links"], ChannelPermissions.Missing(Compute(Post, overwrites: (Guild, 0, 0, ChannelPermissions.EmbedLinks))));
        // A role of the bot allows it again: role overwrites come after @everyone's.
        Assert.Empty(ChannelPermissions.Missing(Compute(Post, memberRoles: ["r1"], overwrites: [(Guild, 0, 0, ChannelPermissions.EmbedLinks), ("r1", 0, ChannelPermissions.EmbedLinks, 0)])));
        // A role the bot does not have changes nothing.
        Assert.Equal(["Embed Links"], ChannelPermissions.Missing(Compute(Post, overwrites: [(Guild, 0, 0, ChannelPermissions.EmbedLinks), ("r9", 0, ChannelPermissions.EmbedLinks, 0)])));
        // Role allow and deny together: the allow wins (deny removed first, allow added after).
        Assert.Empty(ChannelPermissions.Missing(Compute(Post, memberRoles: ["r1", "r2"], overwrites: [("r1", 0, 0, ChannelPermissions.SendMessages), ("r2", 0, ChannelPermissions.SendMessages, 0)])));
        // The member's own overwrite comes last.
        Assert.Equal(["Send Messages"], ChannelPermissions.Missing(Compute(Post, memberRoles: ["r1"], overwrites: [("r1", 0, ChannelPermissions.SendMessages, 0), (Bot, 1, 0, ChannelPermissions.SendMessages)])));
    }
}
