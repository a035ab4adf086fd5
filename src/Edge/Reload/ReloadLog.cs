using Microsoft.Extensions.Logging;

namespace Edge.Reload;

/// <summary>What a reload says in the log: one line for what it found, one per thing it restarts.</summary>
internal static partial class ReloadLog
{
    [LoggerMessage(9000, LogLevel.Information, "reloading the config from {File} ({Trigger})")]
    public static partial void Reloading(ILogger logger, string file, string trigger);

    [LoggerMessage(9001, LogLevel.Error, "reload refused: {Error}")]
    public static partial void RefusedError(ILogger logger, string error);

    [LoggerMessage(9002, LogLevel.Error, "reload refused: {File} has {Count} problem(s); the running config stays as it was. Fix the file (check with: edge check-config {File}) and reload again")]
    public static partial void Refused(ILogger logger, string file, int count);

    [LoggerMessage(9003, LogLevel.Information, "reload: {File} is unchanged in effect; nothing restarted")]
    public static partial void Unchanged(ILogger logger, string file);

    [LoggerMessage(9004, LogLevel.Information, "reload: {Changes}")]
    public static partial void Applying(ILogger logger, string changes);

    [LoggerMessage(9005, LogLevel.Information, "reload applied in {Elapsed}")]
    public static partial void Applied(ILogger logger, TimeSpan elapsed);

    [LoggerMessage(9006, LogLevel.Error, "reload: applying the new config to {Service} failed: {Error}; the rest was applied")]
    public static partial void ServiceFailed(ILogger logger, string service, string error);

    [LoggerMessage(9007, LogLevel.Information, "camera {Camera}: added by reload")]
    public static partial void CameraAdded(ILogger logger, string camera);

    [LoggerMessage(9008, LogLevel.Information, "camera {Camera}: removed by reload; its RTSP and web clients are disconnected")]
    public static partial void CameraRemoved(ILogger logger, string camera);

    [LoggerMessage(9009, LogLevel.Information, "camera {Camera}: settings changed by reload; restarting its pipeline (its clients stay connected)")]
    public static partial void CameraRestarting(ILogger logger, string camera);

    [LoggerMessage(9010, LogLevel.Information, "push {Push}: stopped by reload")]
    public static partial void PushStopped(ILogger logger, string push);

    [LoggerMessage(9011, LogLevel.Information, "push {Push}: started by reload")]
    public static partial void PushStarting(ILogger logger, string push);

    [LoggerMessage(9012, LogLevel.Information, "{Service}: its settings changed; restarting it")]
    public static partial void SectionRestarting(ILogger logger, string service);

    [LoggerMessage(9013, LogLevel.Information, "reload: watching {File}; saving it reloads it once it has been left alone for {QuietSeconds} s ([reload] on_save = true)")]
    public static partial void Watching(ILogger logger, string file, double quietSeconds);

    [LoggerMessage(9014, LogLevel.Warning, "reload: cannot watch {Directory} for saves of the config ({Reason}); reload with systemctl reload edge instead, or fix the directory and reload once")]
    public static partial void CannotWatch(ILogger logger, string directory, string reason);

    [LoggerMessage(9015, LogLevel.Warning, "reload: watching {Directory} missed events ({Reason}); reading the file again to be sure")]
    public static partial void WatchError(ILogger logger, string directory, string reason);

    [LoggerMessage(9016, LogLevel.Information, "reload: no longer watching {File} for saves ([reload] on_save = false)")]
    public static partial void NotWatching(ILogger logger, string file);
}
