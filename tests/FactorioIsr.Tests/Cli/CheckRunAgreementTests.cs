using FactorioIsr.Cli;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Cli;

/// <summary>
/// One validation serves isr check and isr run: what check accepts, run starts with; what run would refuse, check
/// reports, located. Before, <c>webhook_url: https://example.com/x</c> passed check and run died with a stack trace, and
/// mentions.yml was read only by run, its problems logged and ignored.
/// </summary>
public sealed class CheckRunAgreementTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Patterns => Path.Combine(RepositoryRoot.Path, "patterns");

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await IsrCli.RunAsync(args, IsrConsole.Capture(stdout, stderr, new MemoryStream()), TestContext.Current.CancellationToken);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private string[] Args(string verb, string config) => verb == "run"
        ? ["run", "--config", config, "--patterns", Patterns, "--state", _dir.Combine("isr.db")]
        : ["check", "--config", config, "--patterns", Patterns];

    [Theory]
    [InlineData("check")]
    [InlineData("run")]
    public async Task NotAWebhookUrl_IsALocatedErrorInBothVerbs(string verb)
    {
        var config = _dir.Write("servers.yml", "servers:\n  main:\n    log_path: a.log\n    webhook_url: https://example.com/x\n");
        var (code, _, stderr) = await RunAsync(Args(verb, config));

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("servers.yml:4:18: webhook_url: expected a webhook URL", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MentionsYml_IsCheckedByCheck_WithLocations()
    {
        var mentions = _dir.Write("mentions.yml", "mentions:\n  aliases:\n    everyone: { role_id: \"123456789012345678\" }\n  users: {}\n");
        var config = _dir.Write("servers.yml", $"discord:\n  mentions_path: {mentions}\nservers:\n  main:\n    log_path: a.log\n");
        var (code, _, stderr) = await RunAsync("check", "--config", config, "--patterns", Patterns);

        // Bad entries are ignored with a warning (as the relay always did); the file is valid.
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("mentions.yml:3:5: warning: alias 'everyone' is not allowed", stderr, StringComparison.Ordinal);
        Assert.Contains("mentions.yml:4:3: warning: unknown key 'mentions.users'", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("check")]
    [InlineData("run")]
    public async Task MentionsYml_NotYaml_IsALocatedErrorInBothVerbs(string verb)
    {
        var mentions = _dir.Write("mentions.yml", "mentions:\n  aliases: [unclosed\n");
        var config = _dir.Write("servers.yml", $"discord:\n  mentions_path: {mentions}\nservers:\n  main:\n    log_path: a.log\n");
        var (code, _, stderr) = await RunAsync(Args(verb, config));

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("mentions.yml:", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_StateThatCannotBeOpened_OneLineAndExitOne()
    {
        var config = _dir.Write("servers.yml", "servers:\n  main:\n    log_path: a.log\n");
        var blocker = _dir.Write("file", "not a directory");
        var (code, _, stderr) = await RunAsync("run", "--config", config, "--patterns", Patterns, "--state", Path.Combine(blocker, "isr.db"));

        Assert.Equal(ExitCodes.RuntimeFailure, code);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.Contains("state", stderr, StringComparison.Ordinal);
    }
}
