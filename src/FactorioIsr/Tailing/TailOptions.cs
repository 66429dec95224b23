namespace FactorioIsr.Tailing;

/// <summary>Where to start in a file that has no saved position.</summary>
internal enum TailStartAt
{
    /// <summary>At the end of the last complete line: only new lines are delivered.</summary>
    End,

    /// <summary>At offset 0: the whole file is delivered.</summary>
    Beginning,
}

/// <summary>One file to follow for one server.</summary>
/// <param name="Server">Server tag.</param>
/// <param name="Source">Source name within the server (<c>console</c>, <c>current</c>, <c>mod</c>); part of event ids.</param>
/// <param name="Path">The path to follow across rotations.</param>
/// <param name="StartAt">Applies only when nothing is saved for this source.</param>
/// <param name="RotatedGlobs">Extra file-name globs (in the same directory) a rotated file may be renamed or copied to.</param>
/// <param name="Kind">Which patterns parse its lines; carried with every line, never derived from <paramref name="Source"/>.</param>
internal sealed record TailSource(
    string Server,
    string Source,
    string Path,
    TailStartAt StartAt = TailStartAt.End,
    IReadOnlyList<string>? RotatedGlobs = null,
    Events.LogSourceKind Kind = Events.LogSourceKind.Console);

/// <summary>Tailer tuning. Defaults suit a Factorio log; tests shorten the waits.</summary>
internal sealed record TailOptions
{
    /// <summary>The stat poll: the truth, even when notifications are lost. The default value is 250 ms.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// With file-system notifications working, the stat poll of a file that stays idle backs off (doubling) up to this;
    /// a notification or any change found brings it back to <see cref="PollInterval"/>. Without notifications
    /// (<see cref="PollOnly"/>, or no watcher for the directory) the poll stays at <see cref="PollInterval"/>. The
    /// default value is 2 s.
    /// </summary>
    public TimeSpan IdlePollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Ignore file-system notifications and only poll (NFS, some bind mounts). The default value is false.</summary>
    public bool PollOnly { get; init; }

    /// <summary>How long a rotated or deleted file is still read after it stopped growing. The default value is 5 s.</summary>
    public TimeSpan RotateWait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Longer lines are cut to this many bytes and flagged. The default value is 64 KiB.</summary>
    public int MaxLineBytes { get; init; } = 64 * 1024;

    /// <summary>The open-file budget the tailers share. The default value is <see cref="DescriptorBudget.Shared"/> (tests give a small one).</summary>
    public DescriptorBudget Descriptors { get; init; } = DescriptorBudget.Shared;

    /// <summary>Bytes read from one file before the others get a turn. The default value is 1 MiB.</summary>
    public long MaxBytesPerTurn { get; init; } = 1024 * 1024;
}

/// <summary>What a tailer is doing, for health reporting.</summary>
/// <param name="Server">Server tag.</param>
/// <param name="Source">Source name.</param>
/// <param name="Path">The followed path.</param>
/// <param name="Missing">The path does not exist (waiting for it).</param>
/// <param name="Unreadable">The file exists but cannot be opened (permissions).</param>
/// <param name="Identity">The file being read, if any.</param>
/// <param name="Offset">Offset after the last line taken from it.</param>
/// <param name="RotatedFilesDraining">Rotated or deleted files still being finished.</param>
internal sealed record TailerStatus(string Server, string Source, string Path, bool Missing, bool Unreadable, FileIdentity? Identity, long Offset, int RotatedFilesDraining);
