using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace FactorioIsr.Hosting;

/// <summary>
/// Compiles the relay's per-line path (tailing, parsing, rendering, the outbox and SQLite, the outputs) on a background
/// thread when the pipeline gets its first lines or events (<see cref="RelayPipeline"/>; an idle relay does not hold
/// the ~8 MB of that code), so the events after the first few do not wait for the JIT: without it, the first events
/// took ~100 ms longer than the steady state. Side-effect free: methods are compiled, never run.
/// </summary>
internal static class JitWarmup
{
    /// <summary>Namespaces of our own code that a line passes through.</summary>
    private static readonly string[] Namespaces =
    [
        "FactorioIsr.Tailing", "FactorioIsr.Patterns", "FactorioIsr.Events", "FactorioIsr.Security",
        "FactorioIsr.State", "FactorioIsr.Delivery", "FactorioIsr.Ingest", "FactorioIsr.Servers", "FactorioIsr.Hosting",
    ];

    private static int s_started;

    /// <summary>
    /// Compiles in the background, once per process (a second pipeline finds the code compiled); the task ends with
    /// the number of methods compiled, 0 when another call already did it.
    /// </summary>
    public static Task<int> Start(CancellationToken cancellationToken) => Interlocked.Exchange(ref s_started, 1) == 0
        ? Task.Factory.StartNew(() => PrepareOnce(cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)
        : Task.FromResult(0);

    private static int PrepareOnce(CancellationToken cancellationToken)
    {
        try
        {
            return Prepare(Types(), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Volatile.Write(ref s_started, 0); // stopped early: the next pipeline's start warms up again
            throw;
        }
    }

    /// <summary>Our types on the per-line path (with their closures and state machines), then the SQLite client's.</summary>
    internal static IEnumerable<Type> Types()
    {
        var own = LoadableTypes(typeof(JitWarmup).Assembly)
            .Where(t => t.Namespace is { } ns && Namespaces.Any(n => ns == n || ns.StartsWith(n + ".", StringComparison.Ordinal)))
            .Where(t => !t.Namespace!.StartsWith("FactorioIsr.Delivery.DiscordOutputs", StringComparison.Ordinal) || t.Name.Contains("Output", StringComparison.Ordinal));
        var sqlite = LoadableTypes(typeof(Microsoft.Data.Sqlite.SqliteConnection).Assembly)
            .Where(t => t.Namespace == "Microsoft.Data.Sqlite");
        return own.Concat(sqlite);
    }

    /// <summary>The assembly's types, or those that load when some do not (a missing optional dependency).</summary>
    private static Type[] LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return [.. e.Types.OfType<Type>()];
        }
    }

    internal static int Prepare(IEnumerable<Type> types, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var type in types)
        {
            if (type.ContainsGenericParameters)
            {
                continue; // Open generic types compile per instantiation, on first use.
            }

            const BindingFlags All = BindingFlags.DeclaredOnly | BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
            foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (method.IsAbstract || method.ContainsGenericParameters || method.GetMethodBody() is null)
                {
                    continue;
                }

                try
                {
                    RuntimeHelpers.PrepareMethod(method.MethodHandle);
                    count++;
                }
                catch (Exception e) when (e is ArgumentException or NotSupportedException or InvalidOperationException or TypeLoadException or BadImageFormatException)
                {
                    // A method the runtime cannot compile ahead of its first call is simply compiled then.
                    Debug.WriteLine($"warm-up skipped {type}.{method.Name}: {e.Message}");
                }
            }
        }

        return count;
    }
}
