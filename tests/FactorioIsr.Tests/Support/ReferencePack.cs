namespace FactorioIsr.Tests.Support;

/// <summary>The reference's shipped and documented files, unchanged (TestData/reference-pack/README.md says where each comes from).</summary>
internal static class ReferencePack
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "TestData", "reference-pack");

    public static string File(string relativePath) => Path.Combine(Root, relativePath);
}
