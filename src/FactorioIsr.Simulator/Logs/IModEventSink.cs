namespace FactorioIsr.Simulator.Logs;

/// <summary>Where the simulated game's companion-mod events go (the mod's numbered files: <see cref="ModEventFiles"/>).</summary>
internal interface IModEventSink
{
    void Write(ModEvent modEvent);
}
