using Edge.Media.Health;
using Microsoft.Extensions.Logging;

namespace Edge.Gpio.Leds;

/// <summary>
/// Drives the status LEDs from the <see cref="HealthModel"/>: each LED's pattern is chosen by
/// <see cref="LedPatternSelector"/>, and its timeline starts when its pattern changes.
/// </summary>
/// <remarks>
/// <para>
/// Timing: a dedicated background thread ("edge-leds") sleeps until the next on/off edge of any
/// LED (at most <see cref="MaxWait"/>), or until the health model changes. With the system
/// clock it waits on its own (a timed Monitor wait), never on the thread pool, so a busy
/// pipeline cannot delay a blink; with another clock (a test's FakeTimeProvider) it waits for
/// that clock's timer, so it moves exactly when the test moves the clock.
/// </para>
/// <para>
/// Lines are written through a <see cref="System.Device.Gpio.GpioController"/> (<see cref="LedOutputs"/>),
/// only when a value changes, only the lines that changed. Active-low wiring is handled by the
/// kernel (GPIO_V2_LINE_FLAG_ACTIVE_LOW, see <see cref="GpioLineSettings.ActiveLow"/>), so values
/// here are always 1 = lit.
/// </para>
/// <para>
/// Errors: if the lines cannot be opened (chip missing, line busy, no permission) or a write
/// fails, the reason is logged once and the controller carries on without LEDs. Nothing here
/// throws into the host.
/// </para>
/// </remarks>
public sealed class LedController : IDisposable
{
    /// <summary>The longest the thread sleeps; also how often a solid pattern is re-checked.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(2);

    private readonly LedRole[] _roles;
    private readonly Func<LedOutputs> _openLines;
    private readonly HealthModel _health;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LedPattern[] _patterns;
    private readonly TimeSpan[] _origins;
    private readonly Lock _tickLock = new();
    private readonly object _signal = new();
    private readonly ulong _allLines;
    private bool _signalled;
    private int _healthChanged = 1;
    private long _start;
    private LedOutputs? _lines;
    private ulong _written;
    private bool _hasWritten;
    private bool _shuttingDown;
    private volatile bool _stopping;
    private bool _started;
    private bool _stopped;
    private Thread? _thread;

    /// <summary>
    /// Creates a controller for the given LEDs; line n of what <paramref name="openLines"/>
    /// returns is <paramref name="roles"/>[n]. Opening happens in <see cref="Start"/>.
    /// </summary>
    public LedController(IReadOnlyList<LedRole> roles, Func<LedOutputs> openLines, HealthModel health, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(openLines);
        ArgumentNullException.ThrowIfNull(health);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        if (roles.Count > 64)
            throw new ArgumentOutOfRangeException(nameof(roles), roles.Count, "At most 64 LEDs.");
        _roles = [.. roles];
        _openLines = openLines;
        _health = health;
        _time = time;
        _logger = logger;
        _patterns = new LedPattern[_roles.Length];
        Array.Fill(_patterns, LedPattern.Off);
        _origins = new TimeSpan[_roles.Length];
        _allLines = _roles.Length == 64 ? ulong.MaxValue : (1UL << _roles.Length) - 1;
    }

    /// <summary>The LEDs, in line order.</summary>
    public IReadOnlyList<LedRole> Roles => _roles;

    /// <summary>True once the controller has given up on the LEDs after an error.</summary>
    public bool IsDegraded { get; private set; }

    /// <summary>Why the controller gave up on the LEDs (what the log said), or null while they work.</summary>
    public string? Problem { get; private set; }

    /// <summary>
    /// A controller for the LEDs in <paramref name="options"/>, on their chip through
    /// <see cref="GpioChardevDriver"/>, requested as outputs with consumer "edge".
    /// </summary>
    public static LedController Create(StatusLedOptions options, HealthModel health, TimeProvider time, ILogger logger, string devDirectory = GpioChip.DefaultDevDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new LedController(
            [.. options.Leds.Select(l => l.Role)],
            () => LedOutputs.Open(options, logger, devDirectory),
            health, time, logger);
    }

    /// <summary>The pattern an LED shows now.</summary>
    public LedPattern PatternOf(LedRole role)
    {
        lock (_tickLock)
        {
            var index = Array.IndexOf(_roles, role);
            return index < 0 ? LedPattern.Off : _patterns[index];
        }
    }

    /// <summary>
    /// Opens the lines and starts the LED thread. Never throws on a GPIO problem: it logs it
    /// once and leaves the LEDs alone.
    /// </summary>
    public void Start()
    {
        if (!OpenLines())
            return;
        var thread = new Thread(Run) { IsBackground = true, Name = "edge-leds" };
        _thread = thread;
        thread.Start();
    }

    /// <summary>
    /// Opens the lines and subscribes to the health model without starting the thread: for
    /// tests that call <see cref="Tick"/> with a manual clock. Returns false when degraded.
    /// </summary>
    internal bool OpenLines()
    {
        lock (_tickLock)
        {
            if (_started)
                throw new InvalidOperationException("The LED controller was already started.");
            _started = true;
            _start = _time.GetTimestamp();
            if (_roles.Length == 0)
                return false;
            try
            {
                _lines = _openLines();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                IsDegraded = true;
                Problem = e.Message;
                GpioLog.LedsUnavailable(_logger, e.Message);
                return false;
            }
        }
        _health.Changed += OnHealthChanged;
        return true;
    }

    /// <summary>
    /// Clean shutdown: stops the thread, turns every LED off and releases the lines. Safe to
    /// call more than once, and without <see cref="Start"/>.
    /// </summary>
    public void Stop()
    {
        lock (_tickLock)
        {
            if (_stopped || !_started)
            {
                _stopped = true;
                return;
            }
            _stopped = true;
        }
        _health.Changed -= OnHealthChanged;
        _stopping = true;
        Wake();
        if (_thread is { } thread && thread != Thread.CurrentThread)
            thread.Join(StopWait);

        lock (_tickLock)
        {
            _shuttingDown = true;
            Volatile.Write(ref _healthChanged, 1);
            TickLocked();
            _lines?.Dispose();
            _lines = null;
        }
    }

    /// <inheritdoc />
    public void Dispose() => Stop();

    /// <summary>
    /// One step: re-reads the health model if it changed, picks patterns, writes the lines
    /// that changed. Returns how long until the next on/off edge (at most <see cref="MaxWait"/>).
    /// </summary>
    internal TimeSpan Tick()
    {
        lock (_tickLock)
            return TickLocked();
    }

    private TimeSpan TickLocked()
    {
        var now = _time.GetElapsedTime(_start);
        if (Interlocked.Exchange(ref _healthChanged, 0) != 0)
        {
            var health = LedHealth.From(_health, _shuttingDown);
            for (var i = 0; i < _roles.Length; i++)
            {
                var pattern = LedPatternSelector.For(_roles[i], health);
                if (ReferenceEquals(pattern, _patterns[i]))
                    continue;
                GpioLog.LedPatternChanged(_logger, RoleName(_roles[i]), _patterns[i].Name, pattern.Name);
                _patterns[i] = pattern;
                _origins[i] = now;
            }
        }

        ulong values = 0;
        var wait = MaxWait;
        for (var i = 0; i < _roles.Length; i++)
        {
            var elapsed = now - _origins[i];
            if (_patterns[i].IsOnAt(elapsed))
                values |= 1UL << i;
            if (_patterns[i].NextChangeAfter(elapsed) is { } next && next - elapsed < wait)
                wait = next - elapsed;
        }
        Write(values);
        return wait;
    }

    private void Write(ulong values)
    {
        if (_lines is not { } lines)
            return;
        if (_hasWritten && values == _written)
            return;
        var mask = _hasWritten ? values ^ _written : _allLines;
        try
        {
            lines.Write(values, mask);
            _written = values;
            _hasWritten = true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            IsDegraded = true;
            Problem = e.Message;
            _lines = null;
            GpioLog.LedsFailed(_logger, e.Message, e);
            try
            {
                lines.Dispose();
            }
            catch (Exception disposeError) when (disposeError is IOException or InvalidOperationException)
            {
                // Already broken; nothing more to release.
            }
        }
    }

    private void Run()
    {
        while (!_stopping)
        {
            var tickedAt = _time.GetTimestamp();
            var wait = Tick();
            if (IsDegraded)
                return;
            Sleep(wait, tickedAt);
        }
    }

    /// <param name="wait">How long after <paramref name="tickedAt"/> the next edge is due.</param>
    private void Sleep(TimeSpan wait, long tickedAt)
    {
        wait = wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait > MaxWait ? MaxWait : wait;
        if (ReferenceEquals(_time, TimeProvider.System))
        {
            // Real time: the thread's own timed wait, so a starved thread pool cannot delay a blink.
            WaitForSignal((int)Math.Ceiling(wait.TotalMilliseconds));
            return;
        }

        // Any other clock moves only when its owner moves it: wait for that clock's timer. A timer
        // counts from the moment it is made, so it is set for what is left of the wait, and when
        // the clock moved while it was being made (the owner moved it right after seeing the last
        // edge) it would come late: tick again at once instead.
        var armedAt = _time.GetTimestamp();
        var left = wait - _time.GetElapsedTime(tickedAt, armedAt);
        if (left <= TimeSpan.Zero)
            return;
        using var timer = _time.CreateTimer(static state => ((LedController)state!).Wake(), this, left, Timeout.InfiniteTimeSpan);
        if (_time.GetTimestamp() != armedAt)
            return;
        WaitForSignal(Timeout.Infinite);
    }

    private void WaitForSignal(int milliseconds)
    {
        lock (_signal)
        {
            if (!_signalled)
                Monitor.Wait(_signal, milliseconds);
            _signalled = false;
        }
    }

    private void Wake()
    {
        lock (_signal)
        {
            _signalled = true;
            Monitor.Pulse(_signal);
        }
    }

    private void OnHealthChanged()
    {
        Volatile.Write(ref _healthChanged, 1);
        Wake();
    }

    /// <summary>The role as <c>[leds]</c> and the logs name it.</summary>
    public static string RoleName(LedRole role) => role switch
    {
        LedRole.Status => "status",
        LedRole.Upstream => "upstream",
        LedRole.Clients => "clients",
        _ => role.ToString(),
    };
}
