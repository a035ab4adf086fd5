using Edge.Status;

namespace Edge.Display;

/// <summary>
/// What the status page shows of the OLED display: <see cref="DisplayService"/> says here which
/// panel it drives, what it last put on it and what went wrong. Each report replaces the last
/// whole, so a reader never sees half of one.
/// </summary>
internal sealed class DisplayState
{
    private DisplayStatus? _status;

    /// <summary>The display now; null when none is configured.</summary>
    public DisplayStatus? Read() => Volatile.Read(ref _status);

    /// <summary>The service starts driving the panel <paramref name="driver"/> describes.</summary>
    public void Opening(string driver) => Volatile.Write(ref _status, new DisplayStatus(driver, [], null));

    /// <summary>The panel shows <paramref name="lines"/>; <paramref name="problem"/> when it stopped answering instead.</summary>
    public void Shown(IReadOnlyList<string> lines, string? problem) => Update(current => current with { Lines = problem is null ? lines : current.Lines, Problem = problem });

    /// <summary>The panel could not be opened, or the service gave up on it.</summary>
    public void Failed(string problem) => Update(current => current with { Problem = problem });

    private void Update(Func<DisplayStatus, DisplayStatus> change)
    {
        // One writer (the service's loop), so read-change-write needs no lock.
        if (Volatile.Read(ref _status) is { } current)
            Volatile.Write(ref _status, change(current));
    }
}
