using Edge.Config;

namespace Edge.Reload;

/// <summary>
/// The config the daemon runs now. It starts as the config loaded at start and is replaced by
/// each reload that is applied; readers that show the config (the status page, MQTT's state)
/// read it here on every use instead of keeping the one they were built with.
/// </summary>
internal sealed class CurrentConfig
{
    private EdgeConfig _value;

    public CurrentConfig(EdgeConfig value)
    {
        _value = value;
    }

    public EdgeConfig Value => Volatile.Read(ref _value);

    /// <summary>Replaces the running config; only the reloader calls this, after validating <paramref name="next"/>.</summary>
    public void Replace(EdgeConfig next) => Volatile.Write(ref _value, next);
}
