namespace FactorioIsr.Simulator.Logs;

/// <summary>
/// Seam for the companion mod's event output (deaths, research, rockets: things vanilla logs do not record).
/// PROVISIONAL: replace or adapt the writer once the mod's format is settled; the simulator only depends on this.
/// </summary>
internal interface IModEventSink
{
    void Write(ModEvent modEvent);
}
