namespace FactorioIsr.Patterns;

/// <summary>
/// Finds the patterns directory: the option, then the setting (either one named explicitly: used even when missing,
/// which is then an error), then ./patterns when it exists, else the packs shipped beside the binary.
/// </summary>
internal static class PatternsDirectory
{
    /// <summary>The packs copied beside the binary.</summary>
    public static string Shipped => Path.Combine(AppContext.BaseDirectory, "patterns");

    /// <param name="option">--patterns.</param>
    /// <param name="setting">The <c>patterns</c> setting (or <c>ISR_PATTERNS</c>).</param>
    /// <param name="workingDirectory">Where ./patterns is looked for; the process's working directory by default.</param>
    public static string Resolve(string? option, string? setting, string? workingDirectory = null)
    {
        if (!string.IsNullOrEmpty(option))
        {
            return option;
        }

        if (!string.IsNullOrEmpty(setting))
        {
            return setting;
        }

        var local = workingDirectory is null ? Configuration.ConfigDefaults.PatternsPath : Path.Combine(workingDirectory, Configuration.ConfigDefaults.PatternsPath);
        return Directory.Exists(local) ? local : Shipped;
    }
}
