namespace Edge.Gpio;

/// <summary>
/// An input line that reports edges: the seam between the button logic and the hardware. The
/// chardev implementation is <see cref="GpioEdgeLine"/>; tests use a fake.
/// </summary>
public interface IGpioEdgeSource : IDisposable
{
    /// <summary>The line's current logical value (true = active).</summary>
    bool ReadValue();

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for edges and returns how many were written to
    /// <paramref name="events"/>, 0 on timeout.
    /// </summary>
    /// <exception cref="IOException">The line can no longer be read (chip gone).</exception>
    int WaitForEdges(Span<GpioEdgeEvent> events, TimeSpan timeout);
}
