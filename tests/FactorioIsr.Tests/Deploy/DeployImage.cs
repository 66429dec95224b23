using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Deploy;

/// <summary>
/// The image from deploy/Dockerfile, built once per test run for the container and compose tests. No registry is
/// reachable in CI, so it is built on the local stand-ins that .ci/install.d/40-docker.sh imports
/// (local/aspnet:10.0 for Microsoft's aspnet image, local/debian:bookworm as the tools image), from the app published
/// on the host (APP_STAGE=prebuilt): the Dockerfile's runtime stage, the one users get, is the same. A second tag,
/// <see cref="ChiseledTag"/>, is the same app on local/aspnet:10.0-chiseled, the stand-in for the Dockerfile's default
/// base (distroless: no shell), built from the same published directory (ChiseledImageTests).
/// </summary>
public sealed class DeployImage : IAsyncLifetime
{
    public const string Docker = "/usr/bin/docker";   // the newer client on PATH lacks buildx
    public const string Tag = "factorio-isr:ci-test";
    public const string RuntimeImage = "local/aspnet:10.0";
    public const string ToolsImage = "local/debian:bookworm";
    public const string ChiseledTag = "factorio-isr:ci-test-chiseled";
    public const string ChiseledRuntimeImage = "local/aspnet:10.0-chiseled";

    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Null when the image was built; else why not (docker missing, dockerd down, base images missing).</summary>
    public string? Unavailable { get; private set; }

    public string? BuildFailure { get; private set; }

    /// <summary>Null when the chiseled stand-in base is there.</summary>
    public string? ChiseledUnavailable { get; private set; }

    /// <summary>Null when <see cref="ChiseledTag"/> was built (or its base is missing); else the build's output.</summary>
    public string? ChiseledFailure { get; private set; }

    /// <summary>What building <see cref="ChiseledTag"/> added to the fixture (the second docker build).</summary>
    public TimeSpan ChiseledBuildTime { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Docker))
        {
            Unavailable = $"{Docker} is not installed";
            return;
        }

        var info = await ToolRun.RunAsync(Docker, ["info", "--format", "{{.ServerVersion}}"], TimeSpan.FromSeconds(30));
        if (info.ExitCode != 0)
        {
            Unavailable = "dockerd is not running: " + info.Stderr.Trim();
            return;
        }

        foreach (var image in new[] { RuntimeImage, ToolsImage })
        {
            if ((await ToolRun.RunAsync(Docker, ["image", "inspect", image], TimeSpan.FromSeconds(30))).ExitCode != 0)
            {
                Unavailable = $"the base image {image} is missing";
                return;
            }
        }

        var context = Path.Combine(Path.GetTempPath(), "isr-deploy-context-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            BuildFailure = await BuildAsync(context);
            if (BuildFailure is not null)
            {
                return;
            }

            if ((await ToolRun.RunAsync(Docker, ["image", "inspect", ChiseledRuntimeImage], TimeSpan.FromSeconds(30))).ExitCode != 0)
            {
                ChiseledUnavailable = $"the base image {ChiseledRuntimeImage} is missing";
                return;
            }

            // The same context: only the runtime stage is new (the app and dirs stages come from the cache).
            var started = TimeProvider.System.GetTimestamp();
            ChiseledFailure = await DockerBuildAsync(context, ChiseledRuntimeImage, ChiseledTag);
            ChiseledBuildTime = TimeProvider.System.GetElapsedTime(started);
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Fails the test when the image could not be built; skips it (outside CI) when docker is absent.</summary>
    public void Require()
    {
        ToolRun.RequireOrSkip(Unavailable is null, "container tests need docker: " + Unavailable);
        Assert.True(BuildFailure is null, BuildFailure);
    }

    /// <summary>As <see cref="Require"/>, for <see cref="ChiseledTag"/>.</summary>
    public void RequireChiseled()
    {
        Require();
        ToolRun.RequireOrSkip(ChiseledUnavailable is null, "the chiseled image test needs " + ChiseledUnavailable);
        Assert.True(ChiseledFailure is null, ChiseledFailure);
    }

    private static async Task<string?> BuildAsync(string context)
    {
        // The app as `dotnet publish` lays it out, from the build this test run already made (seconds, no restore);
        // native SQLite for linux-x64 only, as a `-r linux-x64` publish (the Dockerfile's own publish stage) has.
        var app = Path.Combine(context, "app");
        var project = Path.Combine(RepositoryRoot.Path, "src", "FactorioIsr", "FactorioIsr.csproj");
        var publish = await ToolRun.RunAsync(
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet",
            // No symbols or XML docs, as deploy/Dockerfile's publish stage (--no-build: the test build's bin is untouched).
            ["publish", project, "-c", Configuration, "--no-build", "-p:DebugType=none", "-p:PublishDocumentationFiles=false",
                "-p:AllowedReferenceRelatedFileExtensions=.none", "-o", app, "-nologo"],
            BuildTimeout);
        if (publish.ExitCode != 0)
        {
            return publish.Describe("dotnet publish");
        }

        var runtimes = Path.Combine(app, "runtimes");
        if (Directory.Exists(runtimes))
        {
            foreach (var rid in Directory.GetDirectories(runtimes).Where(d => Path.GetFileName(d) != "linux-x64"))
            {
                Directory.Delete(rid, recursive: true);
            }
        }

        return await DockerBuildAsync(context, RuntimeImage, Tag);
    }

    private static async Task<string?> DockerBuildAsync(string context, string runtimeImage, string tag)
    {
        var build = await ToolRun.RunAsync(
            Docker,
            [
                "build", "-f", Path.Combine(RepositoryRoot.Path, "deploy", "Dockerfile"),
                "--build-arg", "APP_STAGE=prebuilt",
                "--build-arg", "RUNTIME_IMAGE=" + runtimeImage,
                "--build-arg", "TOOLS_IMAGE=" + ToolsImage,
                "-t", tag, context,
            ],
            BuildTimeout,
            new Dictionary<string, string> { ["DOCKER_BUILDKIT"] = "1" });
        return build.ExitCode == 0 ? null : build.Describe("docker build " + tag);
    }

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    public static string ConfigurationName => Configuration;
}

[CollectionDefinition(Name)]
public sealed class DeployImageGroup : ICollectionFixture<DeployImage>
{
    public const string Name = "deploy image";
}
