using FactorioIsr.Rcon.Client;

namespace FactorioIsr.Tests.Rcon;

public sealed class RconClientOptionsTests
{
    [Fact]
    public void ToString_NeverContainsThePassword()
    {
        var options = new RconClientOptions { Host = "127.0.0.1", Port = 27015, Password = "hunter2-secret", Name = "prod" };

        var text = options.ToString();

        Assert.DoesNotContain("hunter2-secret", text, StringComparison.Ordinal);
        Assert.Contains("Password = [redacted]", text, StringComparison.Ordinal);
        Assert.Contains("prod", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    public void Constructor_InvalidPort_Throws(int port)
    {
        Assert.ThrowsAny<ArgumentException>(() => new RconClient(new RconClientOptions { Host = "127.0.0.1", Port = port, Password = "x" }));
    }
}
