using System.Text;
using FactorioIsr.FakeDiscord;
using FactorioIsr.Http;
using FactorioIsr.Tests.Configuration;

namespace FactorioIsr.Tests.Http;

/// <summary>The Ed25519 check of <c>POST /interactions</c>: RFC 8032's own vector, the fake's signatures, and what is refused.</summary>
public sealed class InteractionSignatureTests
{
    /// <summary>RFC 8032 §7.1 test 1: the empty message's signature under <see cref="PublicKeySettingsTests.Key"/>.</summary>
    private const string Rfc8032Signature =
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

    [Fact]
    public void Rfc8032Test1_Verifies_AndOneFlippedBitDoesNot()
    {
        var signature = InteractionSignature.FromHex(PublicKeySettingsTests.Key);

        Assert.True(signature.Verify(Rfc8032Signature, []));
        Assert.True(signature.Verify(Rfc8032Signature.ToUpperInvariant(), []));
        Assert.False(signature.Verify("f" + Rfc8032Signature[1..], []));
        Assert.False(signature.Verify(Rfc8032Signature, [0]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abcd")]
    [InlineData("zz")]
    public void ASignatureThatIsNot128HexCharacters_IsRefused(string prefix)
    {
        var signature = InteractionSignature.FromHex(PublicKeySettingsTests.Key);

        Assert.False(signature.Verify(prefix + Rfc8032Signature[..^(prefix.Length == 0 ? 2 : 0)], []));
        Assert.False(signature.Verify(Rfc8032Signature[..^2] + "zz", []));
    }

    [Fact]
    public void TheFakesSignature_OverTimestampAndBody_Verifies()
    {
        var fake = new FakeDiscordServer();
        var body = Encoding.UTF8.GetBytes("""{"type":1}""");
        var hex = fake.HttpInteractions.Sign("1733100000", body);
        var signature = InteractionSignature.FromHex(fake.HttpInteractions.PublicKeyHex);

        Assert.True(signature.Verify(hex, Encoding.ASCII.GetBytes("1733100000").Concat(body).ToArray()));
        Assert.False(signature.Verify(hex, Encoding.ASCII.GetBytes("1733100001").Concat(body).ToArray()));
        Assert.False(signature.Verify(hex, body));
    }

    [Fact]
    public void FromHex_RefusesWhatIsNotAKey()
    {
        Assert.Throws<ArgumentException>(() => InteractionSignature.FromHex("00"));
        Assert.NotNull(InteractionSignature.Problem(new string('f', 62) + "7f"));
        Assert.Null(InteractionSignature.Problem(PublicKeySettingsTests.Key));
    }
}
