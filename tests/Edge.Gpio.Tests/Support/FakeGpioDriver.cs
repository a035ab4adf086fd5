using System.Device.Gpio;

namespace Edge.Gpio.Tests.Support;

/// <summary>
/// A GpioDriver for tests, under a real <see cref="GpioController"/>: it records every write
/// with the clock's time and the writing thread, keeps each pin's level, and raises edges (with
/// kernel-style timestamps) and line failures when the test says so. Bit n of the recorded
/// values is <c>pins[n]</c>.
/// </summary>
internal sealed class FakeGpioDriver(TimeProvider time, params int[] pins) : GpioDriver
{
    private readonly Lock _lock = new();
    private readonly List<WriteRecord> _writes = [];
    private readonly Dictionary<int, PinMode> _open = [];
    private readonly List<(int Pin, PinEventTypes Types, PinChangeEventHandler Callback)> _callbacks = [];
    private ulong _values;

    public readonly record struct WriteRecord(TimeSpan At, ulong Values, ulong Mask, ulong State, string? Thread);

    public bool Disposed { get; private set; }

    /// <summary>Set to make every write fail as if the chip went away.</summary>
    public Exception? FailWith { get; set; }

    public int FailedWrites { get; private set; }

    /// <summary>The levels, bit n for pins[n].</summary>
    public ulong State
    {
        get
        {
            lock (_lock)
                return _values;
        }
    }

    public IReadOnlyList<WriteRecord> Writes
    {
        get
        {
            lock (_lock)
                return [.. _writes];
        }
    }

    /// <summary>The pins open now, with their modes.</summary>
    public IReadOnlyDictionary<int, PinMode> OpenPins
    {
        get
        {
            lock (_lock)
                return new Dictionary<int, PinMode>(_open);
        }
    }

    public int CallbackCount
    {
        get
        {
            lock (_lock)
                return _callbacks.Count;
        }
    }

    protected override int PinCount => 64;

    /// <summary>Sets an input's level without an edge (what the line reads when watching starts).</summary>
    public void SetLevel(int pin, bool high)
    {
        lock (_lock)
            _values = high ? _values | Bit(pin) : _values & ~Bit(pin);
    }

    /// <summary>
    /// An edge the "kernel" stamped at <paramref name="at"/> (a time of the test's clock, as
    /// <see cref="Now"/> gives it), delivered to the callbacks now.
    /// </summary>
    public void RaiseEdge(int pin, bool rising, TimeSpan at, uint sequence = 0)
    {
        SetLevel(pin, rising);
        var nanoseconds = at.Ticks * 100;
        Deliver(pin, new GpioEdgeEventArgs(rising ? PinEventTypes.Rising : PinEventTypes.Falling, pin, nanoseconds, sequence));
    }

    /// <summary>The current time of the test's clock, as a kernel timestamp would be.</summary>
    public TimeSpan Now => TimeSpan.FromTicks((long)((Int128)time.GetTimestamp() * TimeSpan.TicksPerSecond / time.TimestampFrequency));

    /// <summary>The line can no longer be read.</summary>
    public void FailLine(int pin, IOException error) => Deliver(pin, new GpioLineFailedEventArgs(pin, error));

    protected override void OpenPin(int pinNumber)
    {
        lock (_lock)
        {
            Bit(pinNumber);
            _open.TryAdd(pinNumber, PinMode.Input);
        }
    }

    protected override void ClosePin(int pinNumber)
    {
        lock (_lock)
        {
            _open.Remove(pinNumber);
            _callbacks.RemoveAll(c => c.Pin == pinNumber);
        }
    }

    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        lock (_lock)
            _open[pinNumber] = mode;
    }

    /// <summary>As the real driver: the first value is part of the line's configuration, not a write.</summary>
    protected override void SetPinMode(int pinNumber, PinMode mode, PinValue initialValue)
    {
        SetPinMode(pinNumber, mode);
        if (mode == PinMode.Output)
            SetLevel(pinNumber, initialValue == PinValue.High);
    }

    protected override PinMode GetPinMode(int pinNumber)
    {
        lock (_lock)
            return _open[pinNumber];
    }

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => true;

    protected override PinValue Read(int pinNumber)
    {
        lock (_lock)
            return (_values & Bit(pinNumber)) != 0 ? PinValue.High : PinValue.Low;
    }

    protected override void Write(int pinNumber, PinValue value) => Write([new PinValuePair(pinNumber, value)]);

    /// <summary>One write of several pins, as one record.</summary>
    protected override void Write(ReadOnlySpan<PinValuePair> pinValuePairs)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(Disposed, this);
            if (FailWith is { } failure)
            {
                FailedWrites++;
                throw failure;
            }
            ulong values = 0, mask = 0;
            foreach (var (pin, value) in pinValuePairs)
            {
                if (!_open.TryGetValue(pin, out var mode) || mode != PinMode.Output)
                    throw new InvalidOperationException($"pin {pin} is not an open output");
                mask |= Bit(pin);
                if (value == PinValue.High)
                    values |= Bit(pin);
            }
            _values = (_values & ~mask) | values;
            _writes.Add(new WriteRecord(Now, values, mask, _values, Thread.CurrentThread.Name));
        }
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Edge's GPIO code takes edges through callbacks.");

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        lock (_lock)
            _callbacks.Add((pinNumber, eventTypes, callback));
    }

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
        lock (_lock)
            _callbacks.RemoveAll(c => c.Pin == pinNumber && c.Callback == callback);
    }

    protected override void Dispose(bool disposing)
    {
        lock (_lock)
            Disposed = true;
        base.Dispose(disposing);
    }

    private void Deliver(int pin, PinValueChangedEventArgs args)
    {
        (int Pin, PinEventTypes Types, PinChangeEventHandler Callback)[] callbacks;
        lock (_lock)
            callbacks = [.. _callbacks];
        foreach (var (p, types, callback) in callbacks)
        {
            if (p == pin && (args.ChangeType == PinEventTypes.None || (types & args.ChangeType) != 0))
                callback(this, args);
        }
    }

    private ulong Bit(int pin)
    {
        var index = Array.IndexOf(pins, pin);
        return index >= 0 ? 1UL << index : throw new ArgumentOutOfRangeException(nameof(pin), pin, "not one of this fake's pins");
    }
}
