namespace Edge.Config;

/// <summary><c>[reload]</c>: when the config file is read again besides <c>systemctl reload edge</c> (SIGHUP).</summary>
public sealed record ReloadConfig
{
    /// <summary>Reload when the file is saved (after it has been left alone for a second), as SIGHUP would.</summary>
    public bool OnSave { get; init; }
}
