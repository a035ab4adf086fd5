using Edge.Config;

namespace Edge.Reload;

/// <summary>A service that applies its own part of a reloaded config, restarting only what changed.</summary>
internal interface IReloadable
{
    /// <summary>
    /// Applies <paramref name="difference"/> (the change from the running config to
    /// <paramref name="next"/>) to this service, and returns once its restarted parts are running
    /// again. Called one reload at a time, never during start or stop.
    /// </summary>
    Task ApplyAsync(EdgeConfig next, ConfigDifference difference, CancellationToken cancellationToken);
}
