using System.CommandLine;
using System.Reflection;

namespace FactorioIsr.Cli;

/// <summary><c>isr version</c>: prints the product version, runtime and OS.</summary>
internal static class VersionCommand
{
    public static Command Create(TextWriter stdout)
    {
        var command = new Command("version", "Print the version of isr, the .NET runtime and the OS.\n\nExample:\n  isr version");
        command.SetAction(_ =>
        {
            stdout.WriteLine($"isr {InformationalVersion}");
            stdout.WriteLine($".NET {Environment.Version} on {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
            return ExitCodes.Ok;
        });
        return command;
    }

    public static string InformationalVersion { get; } =
        typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";
}
