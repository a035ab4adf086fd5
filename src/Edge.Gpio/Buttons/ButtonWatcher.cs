using System.Device.Gpio;
using Microsoft.Extensions.Logging;

namespace Edge.Gpio.Buttons;

/// <summary>
/// Watches a button's line through a <see cref="GpioController"/> and raises
/// <see cref="ShortPress"/> and <see cref="LongPress"/>.
/// </summary>
/// <remarks>
/// <para>
/// The kernel debounces the line and reports both edges to a callback on the controller (with
/// <see cref="GpioChardevDriver"/>: on its "edge-button" thread); a
/// <see cref="ButtonStateMachine"/> debounces again and times the presses. An edge is placed at
/// the kernel's timestamp (<see cref="GpioEdgeEventArgs"/>), not at the moment it was read, so
/// a press and its release read together keep their true spacing. What the machine waits for
/// (a level to settle, a hold to become long) is a timer of the injected
/// <see cref="TimeProvider"/>.
/// </para>
/// <para>
/// Events are raised on the callback's or the timer's thread: handlers must be quick (signal,
/// don't work). A GPIO problem is logged once and the watcher stops; nothing here throws into
/// the host.
/// </para>
/// </remarks>
public sealed class ButtonWatcher : IDisposable
{
    /// <summary>How far back a kernel timestamp may lie before it is taken to be on another clock.</summary>
    private static readonly TimeSpan MaxEdgeAge = TimeSpan.FromMinutes(1);

    private readonly Func<ButtonLine> _open;
    private readonly TimeSpan _debounce;
    private readonly TimeSpan _longPress;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly PinChangeEventHandler _onEdge;
    private ButtonLine? _line;
    private ButtonStateMachine? _machine;
    private ITimer? _timer;
    private long _start;
    private TimeSpan _lastEdgeAt = TimeSpan.MinValue;
    private bool _started;
    private bool _stopped;

    /// <summary>Creates a watcher over a line opened by <paramref name="open"/> in <see cref="Start"/>.</summary>
    public ButtonWatcher(Func<ButtonLine> open, TimeSpan debounce, TimeSpan longPress, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(debounce, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(longPress, debounce);
        _open = open;
        _debounce = debounce;
        _longPress = longPress;
        _time = time;
        _logger = logger;
        _onEdge = OnEdge;
    }

    /// <summary>A short press: the host forces a keyframe and reconnects the pushes.</summary>
    public event Action? ShortPress;

    /// <summary>A long press (raised while still held): the host restarts the pipeline.</summary>
    public event Action? LongPress;

    /// <summary>True once the watcher has given up on the button after an error.</summary>
    public bool IsDegraded { get; private set; }

    /// <summary>Why the watcher gave up on the button (what the log said), or null while it works.</summary>
    public string? Problem { get; private set; }

    /// <summary>A watcher for the button in <paramref name="options"/>, opened by <see cref="ButtonLine.Open"/>.</summary>
    public static ButtonWatcher Create(ButtonOptions options, TimeProvider time, ILogger logger, string devDirectory = GpioChip.DefaultDevDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ButtonWatcher(() => ButtonLine.Open(options, logger, devDirectory), options.Debounce, options.LongPress, time, logger);
    }

    /// <summary>
    /// Opens the line, reads its level and starts listening for edges. Never throws on a GPIO
    /// problem: it logs it once and leaves the button alone.
    /// </summary>
    public void Start()
    {
        lock (_lock)
        {
            if (_started)
                throw new InvalidOperationException("The button watcher was already started.");
            _started = true;
            if (_stopped)
                return;
            _start = _time.GetTimestamp();
            try
            {
                _line = _open();
                _machine = new ButtonStateMachine(_debounce, _longPress, _line.Controller.Read(_line.Pin) == PinValue.High);
                _timer = _time.CreateTimer(static state => ((ButtonWatcher)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _line.Controller.RegisterCallbackForPinValueChangedEvent(_line.Pin, PinEventTypes.Rising | PinEventTypes.Falling, _onEdge);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                IsDegraded = true;
                Problem = e.Message;
                GpioLog.ButtonUnavailable(_logger, e.Message);
                ReleaseLocked();
            }
        }
    }

    /// <summary>Stops listening and releases the line. Safe to call more than once, and without <see cref="Start"/>.</summary>
    public void Stop()
    {
        ButtonLine? line;
        ITimer? timer;
        lock (_lock)
        {
            if (_stopped)
                return;
            _stopped = true;
            (line, timer) = (_line, _timer);
            (_line, _timer) = (null, null);
        }
        // Outside the lock: closing the line waits for its reader thread, which may be waiting
        // for the lock to deliver one last edge.
        timer?.Dispose();
        line?.Dispose();
    }

    /// <inheritdoc />
    public void Dispose() => Stop();

    private TimeSpan Now() => _time.GetElapsedTime(_start);

    private void OnEdge(object sender, PinValueChangedEventArgs e)
    {
        lock (_lock)
        {
            if (_stopped || IsDegraded || _machine is not { } machine)
                return;
            if (e is GpioLineFailedEventArgs failed)
            {
                IsDegraded = true;
                Problem = failed.Error.Message;
                GpioLog.ButtonFailed(_logger, failed.Error.Message, failed.Error);
                // The line is released by Stop: this runs on the line's own reader thread.
                _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                return;
            }
            var now = Now();
            Raise(machine.OnLevel(e.ChangeType == PinEventTypes.Rising, EdgeTime(e, now)));
            Raise(machine.Advance(now));
            ScheduleLocked(machine, now);
        }
    }

    private void OnTimer()
    {
        lock (_lock)
        {
            if (_stopped || IsDegraded || _machine is not { } machine)
                return;
            var now = Now();
            Raise(machine.Advance(now));
            ScheduleLocked(machine, now);
        }
    }

    /// <summary>
    /// When the edge happened on this watcher's timeline. The kernel stamps edges with
    /// CLOCK_MONOTONIC, the clock of <see cref="TimeProvider.System"/>'s timestamps on Linux; a
    /// stamp from the future or far in the past is on some other clock, and the edge is placed
    /// at the moment it arrived. Edges never go back in time.
    /// </summary>
    private TimeSpan EdgeTime(PinValueChangedEventArgs e, TimeSpan now)
    {
        var at = now;
        if (e is GpioEdgeEventArgs edge)
        {
            // In 128 bits: a test clock's timestamps, in nanoseconds, need more than 64.
            var nowNanoseconds = (Int128)_time.GetTimestamp() * 1_000_000_000 / _time.TimestampFrequency;
            var ageNanoseconds = nowNanoseconds - edge.TimestampNanoseconds;
            if (ageNanoseconds >= 0 && ageNanoseconds <= (Int128)MaxEdgeAge.Ticks * 100)
                at = now - TimeSpan.FromTicks((long)(ageNanoseconds / 100));
        }
        if (at < _lastEdgeAt)
            at = _lastEdgeAt;
        _lastEdgeAt = at;
        return at;
    }

    private void ScheduleLocked(ButtonStateMachine machine, TimeSpan now)
    {
        var due = machine.NextDeadline is { } deadline
            ? (deadline > now ? deadline - now : TimeSpan.Zero)
            : Timeout.InfiniteTimeSpan;
        _timer?.Change(due, Timeout.InfiniteTimeSpan);
    }

    private void ReleaseLocked()
    {
        _timer?.Dispose();
        _timer = null;
        _line?.Dispose();
        _line = null;
    }

    private void Raise(ButtonPress press)
    {
        if (press == ButtonPress.None)
            return;
        var handler = press == ButtonPress.Short ? ShortPress : LongPress;
        var name = press == ButtonPress.Short ? "short" : "long";
        GpioLog.ButtonPressed(_logger, name);
        try
        {
            handler?.Invoke();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            GpioLog.ButtonHandlerFailed(_logger, name, e);
        }
    }
}
