namespace FactorioIsr.Tests.Simulator;

/// <summary>
/// Tests that start external processes (node, lua5.2, isr run) run on their own, after the parallel tests, so their CPU bursts
/// do not disturb other areas' timing-sensitive tests on a 2-core machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ExternalProcesses
{
    public const string Name = "External processes";
}
