using FactorioIsr.State;
using FactorioIsr.Tests.Tailing;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Tests.State;

/// <summary>
/// Issue #11 item 13: a read-only state file system is called read-only, not SQLite's "disk I/O error" alone. (A file
/// system cannot be remounted read-only under a store that holds its files open for writing, so the commit path,
/// which words its errors the same way, is not shown here.)
/// </summary>
public sealed class StateMessageTests
{
    [Fact]
    public void Open_OnReadOnlyFileSystem_SaysReadOnlyAndWhatToDo()
    {
        using var dir = new TempDirectory();
        using var disk = new TmpfsDirectory(dir.File("state"), "4m");
        SqliteStateStore.Open(Path.Combine(disk.Path, "isr.db"), TimeProvider.System, NullLogger.Instance).Dispose();
        TmpfsDirectory.Run("mount", "-o", "remount,ro", disk.Path);

        var e = Assert.Throws<StateOpenException>(() => SqliteStateStore.Open(Path.Combine(disk.Path, "isr.db"), TimeProvider.System, NullLogger.Instance));

        Assert.Contains("mounted read-only", e.Message, StringComparison.Ordinal);
        Assert.Contains("remount it read-write, or pass a --state on a writable disk", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("..", e.Message, StringComparison.Ordinal);
    }
}
