using FactorioIsr.Configuration;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Configuration;

/// <summary><c>discord.public_key</c>: bound (lowercased), from the environment as <c>DISCORD_BOT_TOKEN</c> is, and a key that is not one is a file:line:col error.</summary>
public sealed class PublicKeySettingsTests : IDisposable
{
    /// <summary>RFC 8032 §7.1 test 1's public key.</summary>
    public const string Key = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    private const string Servers = "servers:\n  main:\n    log_path: a.log\n";

    private readonly Configs _configs = new();

    public void Dispose() => _configs.Dispose();

    [Fact]
    public void ThePublicKey_IsBound_Lowercase_AndAbsentByDefault()
    {
        Assert.Equal(Key, _configs.LoadValid($"discord:\n  public_key: {Key.ToUpperInvariant()}\n" + Servers).Settings.Discord.PublicKey);
        Assert.Null(_configs.LoadValid(Servers).Settings.Discord.PublicKey);
    }

    [Fact]
    public void ThePublicKey_FromTheEnvironment_AndASecretFile_LikeTheBotToken()
    {
        _configs.Environment["DISCORD_PUBLIC_KEY"] = Key;
        Assert.Equal(Key, _configs.LoadValid(Servers).Settings.Discord.PublicKey);

        _configs.Environment.Remove("DISCORD_PUBLIC_KEY");
        _configs.Secret("discord_public_key", Key.ToUpperInvariant() + "\n");
        Assert.Equal(Key, _configs.LoadValid(Servers).Settings.Discord.PublicKey);

        _configs.Environment["ISR_DISCORD_PUBLIC_KEY"] = "not a key";
        var error = Assert.Single(_configs.Load(Servers).Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("$ISR_DISCORD_PUBLIC_KEY", error.File);
    }

    [Theory]
    [InlineData("d75a98", "expected 64 hex characters (0-9, a-f), found 6 character(s)")]
    [InlineData("z75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "that are not all hex digits")]
    [InlineData("0100000000000000000000000000000000000000000000000000000000000000", "is not an Ed25519 public key")]
    public void AKeyThatIsNotOne_IsAnErrorWithItsPosition(string key, string message)
    {
        var result = _configs.Load($"discord:\n  public_key: \"{key}\"\n" + Servers);

        var error = Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal((2, 15), (error.Line, error.Column));
        Assert.StartsWith("discord.public_key: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains("Developer Portal", error.Message, StringComparison.Ordinal);
    }
}
