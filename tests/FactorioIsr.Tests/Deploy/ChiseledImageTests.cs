using System.Buffers.Binary;
using System.Diagnostics;
using System.Formats.Tar;
using System.Globalization;
using System.Net;
using System.Text.Json;
using FactorioIsr.Configuration;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Deploy;

/// <summary>
/// The image on the Dockerfile's default kind of base, Microsoft's chiseled aspnet image (distroless: no shell, no
/// package manager), through its stand-in local/aspnet:10.0-chiseled (.ci/install.d/40-docker.sh). Nothing here runs
/// a shell in the image: files are read with docker export and docker cp, processes through the host's /proc.
/// </summary>
[Collection(DeployImageGroup.Name)]
public sealed class ChiseledImageTests(DeployImage image) : IDisposable
{
    private const long SizeTarget = 200_000_000;   // "Image size: under 200 MB" (docker's MB, as `docker images` shows)
    private static readonly string D = DeployImage.Docker;
    private static readonly string Tag = DeployImage.ChiseledTag;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Image_IsDistrolessNonRootTrimmedAndUnder200MB()
    {
        image.RequireChiseled();
        var inspect = await ToolRun.RunAsync(D, ["image", "inspect", Tag, "--format", "{{json .Config}}"], TimeSpan.FromSeconds(30));
        Assert.True(inspect.ExitCode == 0, inspect.Describe("docker image inspect"));
        using (var config = JsonDocument.Parse(inspect.Stdout))
        {
            var root = config.RootElement;
            Assert.Equal("1654:1654", root.GetProperty("User").GetString());
            Assert.Equal(["isr"], Strings(root.GetProperty("Entrypoint")));
            Assert.Equal(["run"], Strings(root.GetProperty("Cmd")));
            Assert.Equal(["CMD", "isr", "health"], Strings(root.GetProperty("Healthcheck").GetProperty("Test")));
        }

        // No shell to run: the container cannot even start one.
        var shell = await ToolRun.RunAsync(D, ["run", "--rm", "--entrypoint", "/bin/sh", Tag, "-c", "true"], TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, shell.ExitCode);
        Assert.Contains("no such file or directory", shell.Stderr, StringComparison.OrdinalIgnoreCase);

        // Every file of the image, from docker export of a container that never ran.
        var files = await ExportedFilesAsync();
        Assert.Contains("usr/share/dotnet/dotnet", files.Keys);
        Assert.Contains("etc/ssl/certs/ca-certificates.crt", files.Keys);
        string[] forbidden = ["sh", "bash", "dash", "busybox", "dpkg", "apt", "apt-get", "perl", "python3"];
        var programs = files.Keys.Where(f => f.StartsWith("usr/bin/", StringComparison.Ordinal) || f.StartsWith("usr/sbin/", StringComparison.Ordinal)
            || f.StartsWith("usr/local/bin/", StringComparison.Ordinal)).Select(Path.GetFileName).ToList();
        Assert.Empty(programs.Intersect(forbidden));
        Assert.Equal(["dotnet"], programs);   // /usr/bin/dotnet (a link to /usr/share/dotnet/dotnet), as in Microsoft's image

        // The app: the launcher and the .NET host, no symbols, no XML docs, native code for linux-x64 only.
        var app = files.Keys.Where(f => f.StartsWith("app/", StringComparison.Ordinal)).ToList();
        Assert.Contains("app/isr", app);
        Assert.Contains("app/isr-host", app);
        Assert.DoesNotContain(app, f => f.EndsWith(".pdb", StringComparison.Ordinal) || f.EndsWith(".xml", StringComparison.Ordinal));
        Assert.DoesNotContain(app, f => f.StartsWith("app/runtimes/", StringComparison.Ordinal) && !f.StartsWith("app/runtimes/linux-x64", StringComparison.Ordinal));
        Assert.Equal(1654, files["data"]);   // the state volume belongs to the app user

        // The launcher is static (no program interpreter): it needs nothing from the base.
        var launcher = _dir.Combine("isr");
        var container = await CreateAsync();
        try
        {
            var copy = await ToolRun.RunAsync(D, ["cp", container + ":/app/isr", launcher], TimeSpan.FromSeconds(60));
            Assert.True(copy.ExitCode == 0, copy.Describe("docker cp /app/isr"));
        }
        finally
        {
            await ToolRun.RunAsync(D, ["rm", "-f", container], TimeSpan.FromSeconds(60));
        }

        Assert.False(HasInterpreter(await File.ReadAllBytesAsync(launcher, TestContext.Current.CancellationToken)), "/app/isr is linked statically");

        var sizes = await SizesAsync(Tag, DeployImage.ChiseledRuntimeImage, DeployImage.Tag, DeployImage.RuntimeImage);
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine($"{Tag}: {Mb(sizes[0])} (base {DeployImage.ChiseledRuntimeImage} {Mb(sizes[1])}, app layer {Mb(sizes[0] - sizes[1])})");
        output?.WriteLine($"{DeployImage.Tag}: {Mb(sizes[2])} (base {DeployImage.RuntimeImage} {Mb(sizes[3])}, app layer {Mb(sizes[2] - sizes[3])})");
        output?.WriteLine($"second docker build ({Tag}): {image.ChiseledBuildTime.TotalSeconds:0.0} s");
        Assert.True(sizes[0] < SizeTarget, $"{Tag} is {Mb(sizes[0])}, over the 200 MB target");
    }

    [Fact]
    public async Task Run_ReadOnlyAsApp_TurnsHealthyThroughIsrHealth_ServesHealth_ExitsZeroOnSigterm()
    {
        image.RequireChiseled();
        var config = WriteConfig("config");
        var name = "isr-chz-" + Guid.NewGuid().ToString("N")[..10];
        var run = await ToolRun.RunAsync(D, [
            "run", "-d", "--name", name, "--read-only", "--tmpfs", "/tmp",
            "--security-opt", "no-new-privileges", "--cap-drop", "ALL",
            "-p", $"127.0.0.1::{ConfigDefaults.HealthPort}",
            "-v", config + ":/app/config:ro",
            "--health-interval", "1s", "--health-start-period", "60s",
            Tag,
        ], TimeSpan.FromSeconds(60));
        Assert.True(run.ExitCode == 0, run.Describe("docker run"));
        try
        {
            // Healthy through the image's own HEALTHCHECK, `isr health`: the launcher and the .NET host on this base.
            var status = await ContainerImageTests.WaitForHealthAsync(name, TimeSpan.FromSeconds(90));
            Assert.True(status == "healthy", $"health status '{status}'\n{await LogsAsync(name)}");

            // The main process, seen from the host: UID 1654 (real, effective, saved, file system), and the launcher
            // `isr` has become the .NET host beside it.
            var pid = (await ToolRun.RunAsync(D, ["inspect", "--format", "{{.State.Pid}}", name], TimeSpan.FromSeconds(30))).Stdout.Trim();
            var uid = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            Assert.Equal(["1654", "1654", "1654", "1654"], uid["Uid:".Length..].Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.Equal("/app/isr-host", new FileInfo($"/proc/{pid}/exe").LinkTarget);

            var port = await ToolRun.RunAsync(D, ["port", name, ConfigDefaults.HealthPort.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(30));
            var published = port.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Trim();
            Assert.StartsWith("127.0.0.1:", published, StringComparison.Ordinal);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            using var response = await http.GetAsync(new Uri($"http://{published}/health"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            Assert.Equal("healthy", body.RootElement.GetProperty("status").GetString());
            Assert.Equal("factorio-isr", body.RootElement.GetProperty("service").GetString());

            // Native code the relay loads later (the status-board chart's SkiaSharp and HarfBuzz, OpenSSL for Discord's
            // TLS) finds every library it needs in this base: the dynamic loader itself resolves them, no shell needed.
            var label = await ToolRun.RunAsync(D, ["image", "inspect", "--format", "{{index .Config.Labels \"dotnet.runtime\"}}", Tag], TimeSpan.FromSeconds(30));
            var runtime = label.Stdout.Trim();   // the stand-in's label: the runtime version it carries
            string[] natives =
            [
                "/app/runtimes/linux-x64/native/libSkiaSharp.so",
                "/app/runtimes/linux-x64/native/libHarfBuzzSharp.so",
                "/app/runtimes/linux-x64/native/libe_sqlite3.so",
                $"/usr/share/dotnet/shared/Microsoft.NETCore.App/{runtime}/libSystem.Security.Cryptography.Native.OpenSsl.so",
                "/usr/lib/x86_64-linux-gnu/libssl.so.3",   // dlopen'ed by that shim, by this name
            ];
            foreach (var native in natives)
            {
                var list = await ToolRun.RunAsync(D, ["exec", name, "/lib64/ld-linux-x86-64.so.2", "--list", native], TimeSpan.FromSeconds(30));
                Assert.True(list.ExitCode == 0 && !list.Stdout.Contains("not found", StringComparison.Ordinal), list.Describe("ld.so --list " + native));
            }

            var logs = await LogsAsync(name);
            Assert.DoesNotContain("Overriding", logs, StringComparison.Ordinal);   // ASPNETCORE_HTTP_PORTS of the base is not in the way

            var kill = await ToolRun.RunAsync(D, ["kill", "--signal", "SIGTERM", name], TimeSpan.FromSeconds(30));
            Assert.True(kill.ExitCode == 0, kill.Describe("docker kill"));
            var wait = await ToolRun.RunAsync(D, ["wait", name], TimeSpan.FromSeconds(60));
            Assert.True(wait.Stdout.Trim() == "0", $"exit code {wait.Stdout.Trim()} after SIGTERM\n{await LogsAsync(name)}");
        }
        finally
        {
            await ToolRun.RunAsync(D, ["rm", "-f", "-v", name], TimeSpan.FromSeconds(60));
        }
    }

    // SIGTERM at once after `docker run` and `isr simulate` are ContainerImageTests' theories over both bases.

    private string WriteConfig(string directory)
    {
        var config = _dir.Write(directory + "/servers.yml", "servers:\n  main:\n    log_path: /data/logs/console.log\n");
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(Path.GetDirectoryName(config)!, (UnixFileMode)0b111_101_101);
            File.SetUnixFileMode(config, (UnixFileMode)0b110_100_100);
        }

        return Path.GetDirectoryName(config)!;
    }

    /// <summary>A container of the image that never starts (for docker cp and export); the caller removes it.</summary>
    private static async Task<string> CreateAsync()
    {
        var create = await ToolRun.RunAsync(D, ["create", Tag], TimeSpan.FromSeconds(60));
        Assert.True(create.ExitCode == 0, create.Describe("docker create"));
        return create.Stdout.Trim();
    }

    /// <summary>Path (without the leading /) to owner UID of every entry of the image's file system.</summary>
    private static async Task<Dictionary<string, int>> ExportedFilesAsync()
    {
        var container = await CreateAsync();
        try
        {
            var info = new ProcessStartInfo(D) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add("export");
            info.ArgumentList.Add(container);
            using var export = Process.Start(info) ?? throw new InvalidOperationException("cannot start docker export");
            var stderr = export.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            var files = new Dictionary<string, int>(StringComparer.Ordinal);
            await using (var tar = new TarReader(export.StandardOutput.BaseStream))
            {
                while (await tar.GetNextEntryAsync(copyData: false, TestContext.Current.CancellationToken) is { } entry)
                {
                    files[entry.Name.TrimEnd('/')] = entry.Uid;
                }
            }

            await export.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(export.ExitCode == 0, "docker export: " + await stderr);
            return files;
        }
        finally
        {
            await ToolRun.RunAsync(D, ["rm", "-f", container], TimeSpan.FromSeconds(60));
        }
    }

    /// <summary>Whether an ELF64 file has a PT_INTERP program header (a dynamic executable).</summary>
    private static bool HasInterpreter(byte[] elf)
    {
        Assert.True(elf.Length > 64 && elf[0] == 0x7f && elf[1] == (byte)'E' && elf[4] == 2, "an ELF64 file");
        var phoff = (int)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(0x20));
        var phentsize = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x36));
        var phnum = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x38));
        return Enumerable.Range(0, phnum).Any(i => BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(phoff + (i * phentsize))) == 3);
    }

    private static async Task<long[]> SizesAsync(params string[] images)
    {
        var inspect = await ToolRun.RunAsync(D, ["image", "inspect", "--format", "{{.Size}}", .. images], TimeSpan.FromSeconds(30));
        Assert.True(inspect.ExitCode == 0, inspect.Describe("docker image inspect"));
        return [.. inspect.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => long.Parse(l.Trim(), CultureInfo.InvariantCulture))];
    }

    private static string Mb(long bytes) => (bytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    private static async Task<string> LogsAsync(string container)
    {
        var logs = await ToolRun.RunAsync(D, ["logs", "--tail", "50", container], TimeSpan.FromSeconds(30));
        return "container log:\n" + logs.Stdout + logs.Stderr;
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
