using FactorioIsr.Cli;

namespace FactorioIsr.Tests.Cli;

public sealed class VersionCommandTests
{
    [Fact]
    public async Task Version_PrintsProductVersion_ExitsZero()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = await IsrCli.RunAsync(["version"], stdout, stderr, TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.StartsWith("isr 0.1.0", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownVerb_ExitsTwo_WithOneLineError()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = await IsrCli.RunAsync(["frobnicate"], stdout, stderr, TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("frobnicate", stderr.ToString(), StringComparison.Ordinal);
    }
}
