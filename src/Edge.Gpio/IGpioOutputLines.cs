namespace Edge.Gpio;

/// <summary>
/// A set of output lines driven together: the seam between LED logic and the hardware. The
/// chardev implementation is <see cref="GpioOutputLines"/>; tests use a fake.
/// </summary>
public interface IGpioOutputLines : IDisposable
{
    /// <summary>How many lines; line n is bit n of the values.</summary>
    int Count { get; }

    /// <summary>
    /// Sets the lines in <paramref name="mask"/> to their bits in <paramref name="values"/>.
    /// Values are logical: 1 is "on", whatever the wiring.
    /// </summary>
    /// <exception cref="IOException">The lines can no longer be driven (chip gone, descriptor closed).</exception>
    void SetValues(ulong values, ulong mask);
}
