namespace FactorioIsr.Patterns;

/// <summary>Finds the patterns directory: the option, then the setting, then ./patterns, then the packs shipped beside the binary.</summary>
internal static class PatternsDirectory
{
    public static string Resolve(string? option, string? setting)
    {
        if (!string.IsNullOrEmpty(option))
        {
            return option;
        }

        if (!string.IsNullOrEmpty(setting))
        {
            return setting;
        }

        if (Directory.Exists(Configuration.ConfigDefaults.PatternsPath))
        {
            return Configuration.ConfigDefaults.PatternsPath;
        }

        return Path.Combine(AppContext.BaseDirectory, "patterns");
    }
}
