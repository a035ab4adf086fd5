using System.Device.Gpio;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Edge.Linux.IO;

namespace Edge.Gpio;

/// <summary>
/// One line held through its own line request (the descriptor GPIO_V2_GET_LINE_IOCTL returns):
/// its mode and edges are changed in place (GPIO_V2_LINE_SET_CONFIG_IOCTL), so the line is
/// never let go between them; edges are read on a thread of its own once a callback wants them.
/// Disposing stops that thread and releases the line.
/// </summary>
internal sealed class GpioLineRequest : IDisposable
{
    /// <summary>How long one poll for edges lasts: bounds how long closing the line waits for its reader.</summary>
    internal static readonly TimeSpan PollSlice = TimeSpan.FromMilliseconds(100);

    /// <summary>Events taken from the kernel per read.</summary>
    private const int ReadBatch = 16;

    private readonly DeviceFile _request;
    private readonly GpioLineSettings _settings;
    private readonly object _sender;
    private readonly Lock _lock = new();
    private readonly List<(PinEventTypes Types, PinChangeEventHandler Callback)> _callbacks = [];
    private PinEventTypes _edges;
    private Thread? _reader;
    private volatile bool _closing;

    private GpioLineRequest(DeviceFile request, int offset, string description, PinMode mode, GpioLineSettings settings, object sender)
    {
        _sender = sender;
        _request = request;
        Offset = offset;
        Description = description;
        Mode = mode;
        _settings = settings;
    }

    /// <summary>The line's offset on its chip (the pin number under <see cref="GpioChardevDriver"/>).</summary>
    public int Offset { get; }

    /// <summary>"GPIO17", for messages.</summary>
    public string Description { get; }

    /// <summary>The mode last set.</summary>
    public PinMode Mode { get; private set; }

    /// <summary>
    /// Requests the line leaving its direction as it is (GpioDriver.OpenPin's contract);
    /// callbacks get <paramref name="sender"/> as theirs.
    /// </summary>
    public static GpioLineRequest Open(GpioChip chip, int offset, GpioLineSettings settings, object sender)
    {
        var mode = chip.GetLineInfo(offset).Direction == GpioLineDirection.Output ? PinMode.Output : PinMode.Input;
        var request = chip.RequestLine(offset, GpioLineConfig.Build(null, settings), settings.Consumer, out var description);
        return new GpioLineRequest(request, offset, description, mode, settings, sender);
    }

    /// <summary>Sets the mode (and an output's first value) without releasing the line; keeps the edges an input has.</summary>
    public void SetMode(PinMode mode, PinValue? outputValue)
    {
        lock (_lock)
        {
            var edges = mode == PinMode.Output ? PinEventTypes.None : _edges;
            Apply(GpioLineConfig.Build(mode, _settings, edges, outputValue ?? PinValue.Low));
            Mode = mode;
            _edges = edges;
        }
    }

    /// <summary>The line's logical value.</summary>
    public PinValue Read()
    {
        var native = new Interop.Gpio.gpio_v2_line_values { mask = 1 };
        _request.Ioctl(Interop.Gpio.GPIO_V2_LINE_GET_VALUES_IOCTL, ref native, "GPIO_V2_LINE_GET_VALUES_IOCTL");
        return (native.bits & 1) != 0 ? PinValue.High : PinValue.Low;
    }

    /// <summary>Drives the line (logical value).</summary>
    public void Write(PinValue value)
    {
        var native = new Interop.Gpio.gpio_v2_line_values { bits = value == PinValue.High ? 1UL : 0UL, mask = 1 };
        _request.Ioctl(Interop.Gpio.GPIO_V2_LINE_SET_VALUES_IOCTL, ref native, "GPIO_V2_LINE_SET_VALUES_IOCTL");
    }

    /// <summary>
    /// Adds a callback for edges of <paramref name="types"/>: asks the kernel for them and starts
    /// the reader thread if it is not running.
    /// </summary>
    public void AddCallback(PinEventTypes types, PinChangeEventHandler callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (types == PinEventTypes.None)
            throw new ArgumentException("Ask for rising edges, falling edges or both.", nameof(types));
        lock (_lock)
        {
            EnsureEdges(_edges | types);
            _callbacks.Add((types, callback));
            if (_reader is null)
            {
                _reader = new Thread(ReadLoop) { IsBackground = true, Name = _settings.EventThreadName };
                _reader.Start();
            }
        }
    }

    /// <summary>Removes a callback; the kernel keeps reporting the edges until the line is released.</summary>
    public void RemoveCallback(PinChangeEventHandler callback)
    {
        lock (_lock)
            _callbacks.RemoveAll(c => c.Callback == callback);
    }

    /// <summary>
    /// Waits for one edge of <paramref name="types"/> on the calling thread (the line must have no
    /// callbacks: their thread reads the same descriptor).
    /// </summary>
    public WaitForEventResult WaitForEvent(PinEventTypes types, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_reader is not null)
                throw new InvalidOperationException($"{Description}: edges go to the line's callbacks; wait for them there, not with WaitForEvent.");
            EnsureEdges(_edges | types);
        }
        Span<Interop.Gpio.gpio_v2_line_event> events = stackalloc Interop.Gpio.gpio_v2_line_event[1];
        while (!cancellationToken.IsCancellationRequested)
        {
            if (ReadEvents(events, PollSlice) == 1 && (ToEventType(events[0]) & types) != 0)
                return new WaitForEventResult { EventTypes = ToEventType(events[0]), TimedOut = false };
        }
        return new WaitForEventResult { EventTypes = PinEventTypes.None, TimedOut = true };
    }

    /// <summary>Stops the reader thread (within <see cref="PollSlice"/>) and releases the line.</summary>
    public void Dispose()
    {
        Thread? reader;
        lock (_lock)
        {
            _closing = true;
            reader = _reader;
        }
        if (reader is not null && reader != Thread.CurrentThread)
            reader.Join(PollSlice + TimeSpan.FromSeconds(1));
        _request.Dispose();
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for edges and reads up to <paramref name="events"/>'
    /// length of them; 0 on timeout.
    /// </summary>
    /// <exception cref="GpioException">The request failed (the chip went away), or the kernel returned a torn record.</exception>
    internal static int ReadEvents(DeviceFile request, Span<Interop.Gpio.gpio_v2_line_event> events, TimeSpan timeout)
    {
        if (events.IsEmpty)
            return 0;
        var poll = request.Poll(timeout);
        if (!poll.Ready)
            return 0;
        if (poll.Failed && !poll.Readable)
            throw new GpioException($"{request.Path}: the line request failed (the chip went away?)", request.Path, LinuxErrno.ENODEV);

        events.Clear();
        var read = request.TryRead(MemoryMarshal.AsBytes(events));
        if (read == -LinuxErrno.EAGAIN)
            return 0;
        if (read < 0)
            throw new GpioException($"{request.Path}: reading edge events failed (errno {-read})", request.Path, -read);
        var size = Unsafe.SizeOf<Interop.Gpio.gpio_v2_line_event>();
        if (read % size != 0)
            throw new GpioException($"{request.Path}: read {read} bytes, not a whole number of {size}-byte gpio_v2_line_event records", request.Path, LinuxErrno.EINVAL);
        return read / size;
    }

    internal static PinEventTypes ToEventType(in Interop.Gpio.gpio_v2_line_event native) =>
        native.id == Interop.Gpio.gpio_v2_line_event_id.GPIO_V2_LINE_EVENT_FALLING_EDGE ? PinEventTypes.Falling : PinEventTypes.Rising;

    private int ReadEvents(Span<Interop.Gpio.gpio_v2_line_event> events, TimeSpan timeout) => ReadEvents(_request, events, timeout);

    private void EnsureEdges(PinEventTypes edges)
    {
        if (edges == _edges)
            return;
        if (Mode == PinMode.Output)
            throw new InvalidOperationException($"{Description} is an output; edges are reported on inputs only (set an input mode first).");
        Apply(GpioLineConfig.Build(Mode, _settings, edges));
        _edges = edges;
    }

    private void Apply(Interop.Gpio.gpio_v2_line_config config)
    {
        var errno = _request.TryIoctl(Interop.Gpio.GPIO_V2_LINE_SET_CONFIG_IOCTL, ref config);
        if (errno != 0)
        {
            throw new GpioException(
                $"{_request.Path}: cannot configure line {Description}: {new LinuxIOException(_request.Path, "GPIO_V2_LINE_SET_CONFIG_IOCTL", errno).Message}",
                _request.Path, errno);
        }
    }

    private void ReadLoop()
    {
        var events = new Interop.Gpio.gpio_v2_line_event[ReadBatch];
        while (!_closing)
        {
            int count;
            try
            {
                count = ReadEvents(events, PollSlice);
            }
            catch (IOException e)
            {
                if (!_closing)
                    Deliver(new GpioLineFailedEventArgs(Offset, e));
                return;
            }
            for (var i = 0; i < count && !_closing; i++)
            {
                ref readonly var native = ref events[i];
                Deliver(new GpioEdgeEventArgs(ToEventType(native), Offset, (long)native.timestamp_ns, native.line_seqno));
            }
        }
    }

    /// <summary>
    /// Runs the callbacks that want this edge, on the reader thread. A callback must not throw
    /// (as with any GpioDriver's callbacks): nothing here could handle it for the callback's owner.
    /// </summary>
    private void Deliver(PinValueChangedEventArgs args)
    {
        (PinEventTypes Types, PinChangeEventHandler Callback)[] callbacks;
        lock (_lock)
            callbacks = [.. _callbacks];
        foreach (var (types, callback) in callbacks)
        {
            if (args.ChangeType == PinEventTypes.None || (types & args.ChangeType) != 0)
                callback(_sender, args);
        }
    }
}
