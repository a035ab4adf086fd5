using Edge.Config;
using Microsoft.Extensions.Logging;

namespace Edge.Gpio.Buttons;

/// <summary>
/// Watches the <c>[button]</c> line on a dedicated thread ("edge-button") and raises
/// <see cref="ShortPress"/> and <see cref="LongPress"/>.
/// </summary>
/// <remarks>
/// The kernel debounces the line (GPIO_V2_LINE_ATTR_ID_DEBOUNCE) and reports both edges; a
/// <see cref="ButtonStateMachine"/> debounces again and times the presses. Events are raised on
/// the watcher's thread: handlers must be quick (signal, don't work). A GPIO problem is logged
/// once and the watcher stops; nothing here throws into the host.
/// </remarks>
public sealed class ButtonWatcher : IDisposable
{
    /// <summary>The longest one wait for an edge lasts; bounds how long <see cref="Stop"/> takes.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(200);

    private const int EventBatch = 16;

    private readonly Func<IGpioEdgeSource> _open;
    private readonly TimeSpan _debounce;
    private readonly TimeSpan _longPress;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly GpioEdgeEvent[] _events = new GpioEdgeEvent[EventBatch];
    private readonly Lock _lifecycle = new();
    private IGpioEdgeSource? _source;
    private ButtonStateMachine? _machine;
    private long _start;
    private TimeSpan _lastEdgeAt = TimeSpan.MinValue;
    private volatile bool _stopping;
    private bool _started;
    private Thread? _thread;

    /// <summary>Creates a watcher over an edge source opened by <paramref name="open"/> in <see cref="Start"/>.</summary>
    public ButtonWatcher(Func<IGpioEdgeSource> open, TimeSpan debounce, TimeSpan longPress, TimeProvider time, ILogger logger)
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
    }

    /// <summary>A short press: the host forces a keyframe and reconnects the pushes.</summary>
    public event Action? ShortPress;

    /// <summary>A long press (raised while still held): the host restarts the pipeline.</summary>
    public event Action? LongPress;

    /// <summary>True once the watcher has given up on the button after an error.</summary>
    public bool IsDegraded { get; private set; }

    /// <summary>
    /// A watcher for <c>[button]</c>: the line on its chip as an input with both edges, the
    /// kernel's debounce, the ACTIVE_LOW flag when <see cref="ButtonConfig.ActiveLow"/>, and a
    /// pull-up (active-low: button to ground) or pull-down (active-high: button to 3.3 V) where
    /// the chip supports bias.
    /// </summary>
    public static ButtonWatcher Create(ButtonConfig config, TimeProvider time, ILogger logger, string devDirectory = GpioChip.DefaultDevDirectory)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new ButtonWatcher(() => OpenLine(config, devDirectory, logger), config.Debounce, config.LongPress, time, logger);
    }

    /// <summary>Opens the line and starts the thread. Never throws on a GPIO problem: it logs it once.</summary>
    public void Start()
    {
        if (!Open())
            return;
        var thread = new Thread(Run) { IsBackground = true, Name = "edge-button" };
        _thread = thread;
        thread.Start();
    }

    /// <summary>Stops the thread (within <see cref="MaxWait"/>) and releases the line.</summary>
    public void Stop()
    {
        lock (_lifecycle)
        {
            if (_stopping)
                return;
            _stopping = true;
        }
        if (_thread is { } thread && thread != Thread.CurrentThread)
            thread.Join(MaxWait + TimeSpan.FromSeconds(1));
        lock (_lifecycle)
        {
            _source?.Dispose();
            _source = null;
        }
    }

    /// <inheritdoc />
    public void Dispose() => Stop();

    /// <summary>Opens the line and reads its level, without starting the thread (tests call <see cref="Pump"/>).</summary>
    internal bool Open()
    {
        lock (_lifecycle)
        {
            if (_started)
                throw new InvalidOperationException("The button watcher was already started.");
            _started = true;
            if (_stopping)
                return false;
            _start = _time.GetTimestamp();
            try
            {
                _source = _open();
                _machine = new ButtonStateMachine(_debounce, _longPress, _source.ReadValue());
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                IsDegraded = true;
                GpioLog.ButtonUnavailable(_logger, e.Message);
                _source?.Dispose();
                _source = null;
                return false;
            }
            return true;
        }
    }

    /// <summary>
    /// One round: waits for edges (up to the state machine's next deadline, at most
    /// <paramref name="maxWait"/>), feeds them in, and raises what completed. Returns false
    /// when the watcher has stopped or given up.
    /// </summary>
    internal bool Pump(TimeSpan maxWait)
    {
        if (_stopping || IsDegraded || _source is not { } source || _machine is not { } machine)
            return false;
        var wait = maxWait;
        if (machine.NextDeadline is { } deadline)
            wait = TimeSpan.FromTicks(Math.Clamp((deadline - Now()).Ticks, 0, maxWait.Ticks));

        int count;
        try
        {
            count = source.WaitForEdges(_events, wait);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            if (_stopping)
                return false;
            IsDegraded = true;
            GpioLog.ButtonFailed(_logger, e.Message, e);
            lock (_lifecycle)
            {
                _source?.Dispose();
                _source = null;
            }
            return false;
        }

        var now = Now();
        if (count > 0)
        {
            // Events read together share one read time; the kernel's timestamps keep their
            // spacing, so a press and release read in one batch still have their true length.
            var last = _events[count - 1].TimestampNanoseconds;
            for (var i = 0; i < count; i++)
            {
                var before = last >= _events[i].TimestampNanoseconds ? last - _events[i].TimestampNanoseconds : 0;
                var at = now - TimeSpan.FromTicks((long)Math.Min(before / 100, (ulong)TimeSpan.FromMinutes(1).Ticks));
                if (at < _lastEdgeAt)
                    at = _lastEdgeAt;
                _lastEdgeAt = at;
                Raise(machine.OnLevel(_events[i].Edge == GpioEdge.Rising, at));
            }
        }
        Raise(machine.Advance(now));
        return true;
    }

    private TimeSpan Now() => _time.GetElapsedTime(_start);

    private void Run()
    {
        while (Pump(MaxWait))
        {
        }
    }

    private void Raise(ButtonPress press)
    {
        var handler = press switch
        {
            ButtonPress.Short => ShortPress,
            ButtonPress.Long => LongPress,
            _ => null,
        };
        if (press == ButtonPress.None)
            return;
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

    private static IGpioEdgeSource OpenLine(ButtonConfig config, string devDirectory, ILogger logger)
    {
        using var chip = GpioChip.Open(config.Chip, devDirectory);
        GpioLineInfo line;
        try
        {
            line = chip.FindLine(config.Line);
        }
        catch (GpioException e)
        {
            throw new GpioException($"button.line: {e.Message}", chip.Name, e.Errno, e);
        }
        var source = chip.RequestEdgeEvents(
            line.Offset,
            config.ActiveLow,
            config.ActiveLow ? GpioLineBias.PullUp : GpioLineBias.PullDown,
            GpioLineEdges.Both,
            config.Debounce);
        GpioLog.ButtonStarted(logger, chip.Info.ToString(), $"{line.DisplayName} ({line.Offset})", config.LongPress);
        return source;
    }
}
