namespace FactorioIsr.Tests.Support;

/// <summary>The repository root, found by walking up from the test assembly to FactorioIsr.slnx.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "FactorioIsr.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("FactorioIsr.slnx not found above " + AppContext.BaseDirectory);
    }
}
