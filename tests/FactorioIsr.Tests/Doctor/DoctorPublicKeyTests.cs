using FactorioIsr.Configuration;
using FactorioIsr.Doctor;
using FactorioIsr.Hosting;
using FactorioIsr.Tests.Configuration;
using FactorioIsr.Tests.Discord;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Doctor;

/// <summary><c>isr doctor</c> and <c>discord.public_key</c>: one finding, against the application's own key; none without the key.</summary>
public sealed class DoctorPublicKeyTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ThePublicKey_IsComparedWithTheApplications()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();

        var right = Assert.Single(await FindingsAsync(fake, fake.HttpInteractions.PublicKeyHex.ToUpperInvariant()), f => f.Check == "interactions");
        var wrong = Assert.Single(await FindingsAsync(fake, PublicKeySettingsTests.Key), f => f.Check == "interactions");
        var none = await FindingsAsync(fake, null);

        Assert.True(right.Passed);
        Assert.False(right.Warning);
        Assert.False(wrong.Passed);
        Assert.Contains("not this application's public key", wrong.Detail, StringComparison.Ordinal);
        Assert.Contains("General Information", wrong.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain(none, f => f.Check == "interactions");
    }

    private async Task<IReadOnlyList<DoctorFinding>> FindingsAsync(FactorioIsr.FakeDiscord.FakeDiscordServer fake, string? key)
    {
        var log = _dir.Write("console.log", "");
        var config = _dir.Write("servers.yml", $"""
            discord:
              token: "{fake.Options.Token}"
              api_base_url: "{fake.BaseUrl}"
            {(key is null ? "" : $"  public_key: {key}\n")}servers:
              s1:
                log_path: "{log}"
            """);
        var preflight = RelayPreflight.Run(config, Path.Combine(RepositoryRoot.Path, "patterns"), new ConfigEnvironment(new Dictionary<string, string>(), _dir.Combine("secrets")));
        Assert.NotNull(preflight.Settings);
        return await DiscordChecks.RunAsync(preflight.Settings, needsMessageContent: false, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
    }
}
