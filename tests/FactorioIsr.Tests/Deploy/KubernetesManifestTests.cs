using System.Text;
using System.Text.RegularExpressions;
using FactorioIsr.Configuration;
using FactorioIsr.Tests.Support;
using k8s;
using k8s.Models;

namespace FactorioIsr.Tests.Deploy;

/// <summary>
/// Every overlay under deploy/kubernetes rendered by `kubectl kustomize` and read with Kubernetes' own models: probes,
/// ports, mounts and environment names are checked against the app's defaults, so the manifests cannot drift.
/// </summary>
public sealed partial class KubernetesManifestTests : IDisposable
{
    private static readonly string Kubernetes = Path.Combine(RepositoryRoot.Path, "deploy", "kubernetes");
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Overlays() =>
        [.. Directory.GetDirectories(Path.Combine(Kubernetes, "overlays")).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal)];

    [Fact]
    public void Overlays_AreTheTwoTheDocsDescribe() =>
        Assert.Equal(["multi-replica", "single-replica"], Overlays().Select(row => row.Data));

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Overlay_ProbesPortsMountsAndEnvironmentMatchTheApp(string overlay)
    {
        var objects = await RenderAsync(overlay);
        var deployment = Assert.Single(objects.OfType<V1Deployment>());
        var pod = deployment.Spec.Template.Spec;
        var isr = Assert.Single(pod.Containers);

        // The health port: the app's default, named, and the one both probes use.
        var port = Assert.Single(isr.Ports);
        Assert.Equal(ConfigDefaults.HealthPort, port.ContainerPort);
        Assert.Equal("health", port.Name);
        Assert.Equal("/health", isr.LivenessProbe.HttpGet.Path);
        Assert.Equal("/ready", isr.ReadinessProbe.HttpGet.Path);
        Assert.Equal(port.Name, isr.LivenessProbe.HttpGet.Port.Value);
        Assert.Equal(port.Name, isr.ReadinessProbe.HttpGet.Port.Value);
        var healthPortEnv = isr.Env.SingleOrDefault(e => e.Name == "HEALTH_CHECK_PORT");
        if (healthPortEnv is not null)
        {
            Assert.Equal(ConfigDefaults.HealthPort.ToString(System.Globalization.CultureInfo.InvariantCulture), healthPortEnv.Value);
        }

        var service = Assert.Single(objects.OfType<V1Service>());
        Assert.Equal(port.Name, Assert.Single(service.Spec.Ports).TargetPort.Value);

        // Every environment name is one isr reads, or a ${NAME} that the rendered servers.yml references.
        var configMaps = objects.OfType<V1ConfigMap>().ToList();
        var config = ConfigMapMountedAt(pod, isr, configMaps, "/app/" + Path.GetDirectoryName(ConfigDefaults.ConfigPath));
        var serversYml = config.Data[Path.GetFileName(ConfigDefaults.ConfigPath)];
        var known = EnvironmentOverrides.Legacy.Select(l => l.Variable)
            .Concat(EnvironmentOverrides.Settings.Select(s => s.EnvironmentVariable))
            .Concat(SecretReference().Matches(serversYml).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
        Assert.All(isr.Env, e => Assert.True(known.Contains(e.Name), $"{overlay}: {e.Name} is not an environment name isr reads"));
        Assert.Contains(isr.Env, e => e.Name == "DISCORD_BOT_TOKEN" && e.ValueFrom.SecretKeyRef is not null);
        Assert.Contains(isr.Env, e => e.Name == "LOG_FORMAT" && e.Value == "json");

        // The token comes from a Secret that the render contains.
        var tokenRef = isr.Env.Single(e => e.Name == "DISCORD_BOT_TOKEN").ValueFrom.SecretKeyRef;
        var secret = objects.OfType<V1Secret>().Single(s => s.Metadata.Name == tokenRef.Name);
        Assert.True(secret.Data.ContainsKey(tokenRef.Key), $"secret {tokenRef.Name} has no key {tokenRef.Key}");

        // Patterns: the shipped packs, byte for byte, at the default patterns path; mounted whole, never by subPath,
        // so a ConfigMap update reaches isr's reload as an atomic symlink swap.
        var patterns = ConfigMapMountedAt(pod, isr, configMaps, "/app/" + ConfigDefaults.PatternsPath);
        var shipped = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "patterns"), "*.yml")
            .ToDictionary(f => Path.GetFileName(f), File.ReadAllText, StringComparer.Ordinal);
        Assert.Equal(shipped.Keys.Order(StringComparer.Ordinal), patterns.Data.Keys.Order(StringComparer.Ordinal));
        Assert.All(shipped, pack => Assert.Equal(pack.Value, patterns.Data[pack.Key]));
        Assert.All(isr.VolumeMounts, m => Assert.Null(m.SubPath));

        // State on a volume at /data (the image's /app/data points there), scratch on a tmpfs, root read-only, non-root.
        Assert.Contains(isr.VolumeMounts, m => m.MountPath == "/data" && m.ReadOnlyProperty != true);
        var tmp = isr.VolumeMounts.Single(m => m.MountPath == "/tmp");
        Assert.NotNull(pod.Volumes.Single(v => v.Name == tmp.Name).EmptyDir);
        Assert.True(isr.SecurityContext.ReadOnlyRootFilesystem);
        Assert.False(isr.SecurityContext.AllowPrivilegeEscalation);
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.Equal(1654, pod.SecurityContext.RunAsUser);

        // Resources: the deployment document's scaling table, Small (0.5 core, 512 MB) requested, Medium (1 core, 1 GB) as limit.
        Assert.Equal("500m", isr.Resources.Requests["cpu"].ToString());
        Assert.Equal("512Mi", isr.Resources.Requests["memory"].ToString());
        Assert.Equal("1", isr.Resources.Limits["cpu"].ToString());
        Assert.Equal("1Gi", isr.Resources.Limits["memory"].ToString());
    }

    [Fact]
    public async Task SingleReplica_KeepsSqliteStateOnAClaimAndNeverRunsTwoPods()
    {
        var objects = await RenderAsync("single-replica");
        var deployment = Assert.Single(objects.OfType<V1Deployment>());
        Assert.Equal(1, deployment.Spec.Replicas);
        Assert.Equal("Recreate", deployment.Spec.Strategy.Type);
        var pod = deployment.Spec.Template.Spec;
        var state = pod.Containers[0].VolumeMounts.Single(m => m.MountPath == "/data");
        var claim = pod.Volumes.Single(v => v.Name == state.Name).PersistentVolumeClaim;
        Assert.NotNull(claim);
        Assert.Contains(objects.OfType<V1PersistentVolumeClaim>(), c => c.Metadata.Name == claim.ClaimName);
        Assert.DoesNotContain(pod.Containers[0].Env, e => e.Name == "ISR_STATE");
    }

    [Fact]
    public async Task MultiReplica_SaysItNeedsPostgreSqlAndGivesAPostgreSqlState()
    {
        var objects = await RenderAsync("multi-replica");
        var deployment = Assert.Single(objects.OfType<V1Deployment>());
        Assert.True(deployment.Spec.Replicas > 1);
        Assert.Equal("postgresql-state-store", deployment.Metadata.Annotations["factorio-isr/requires"]);
        Assert.Contains("NEEDS THE POSTGRESQL STATE STORE", await File.ReadAllTextAsync(Path.Combine(Kubernetes, "overlays", "multi-replica", "kustomization.yaml"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        var pod = deployment.Spec.Template.Spec;
        Assert.DoesNotContain(objects.OfType<V1PersistentVolumeClaim>(), _ => true);

        // Several replicas on SQLite would each post every event: the state must be one shared PostgreSQL store,
        // which this build refuses at start with StateLocation.PostgreSqlRefused rather than post three times.
        var stateRef = pod.Containers[0].Env.Single(e => e.Name == "ISR_STATE").ValueFrom.SecretKeyRef;
        var secret = objects.OfType<V1Secret>().Single(s => s.Metadata.Name == stateRef.Name);
        Assert.True(StateLocation.IsPostgreSql(Encoding.UTF8.GetString(secret.Data[stateRef.Key])));
    }

    /// <summary>Renders an overlay from a copy of deploy/kubernetes with the secret files an operator adds.</summary>
    private async Task<List<object>> RenderAsync(string overlay)
    {
        var root = _dir.Combine("kubernetes-" + overlay);
        CopyDirectory(Kubernetes, root);
        _dir.Write($"kubernetes-{overlay}/base/secrets/bot-token", "fake-token");
        _dir.Write($"kubernetes-{overlay}/base/secrets/rcon-password", "rcon-secret");
        _dir.Write($"kubernetes-{overlay}/overlays/multi-replica/secrets/state-url", "postgresql://isr:pw@postgres.internal:5432/isr");
        var render = await ToolRun.RunAsync("kubectl", ["kustomize", Path.Combine(root, "overlays", overlay)], TimeSpan.FromMinutes(2));
        Assert.True(render.ExitCode == 0, render.Describe("kubectl kustomize " + overlay));
        return KubernetesYaml.LoadAllFromString(render.Stdout);
    }

    private static V1ConfigMap ConfigMapMountedAt(V1PodSpec pod, V1Container container, List<V1ConfigMap> configMaps, string path)
    {
        var mount = container.VolumeMounts.SingleOrDefault(m => m.MountPath == path);
        Assert.True(mount is not null, $"nothing is mounted at {path}");
        Assert.True(mount.ReadOnlyProperty);
        var source = pod.Volumes.Single(v => v.Name == mount.Name).ConfigMap;
        Assert.NotNull(source);
        return configMaps.Single(c => c.Metadata.Name == source.Name);
    }

    internal static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex SecretReference();
}
