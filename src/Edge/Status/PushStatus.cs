using Edge.Media.Health;

namespace Edge.Status;

/// <summary>One RTMP(S) push as the status page shows it. Nothing here carries the stream key.</summary>
/// <param name="Name">The push as the log names it: camera and URL without the stream key.</param>
/// <param name="Camera">The camera pushed.</param>
/// <param name="Url">The URL with the stream key masked.</param>
/// <param name="State">Where the push is.</param>
/// <param name="Detail">The reason while retrying, empty otherwise.</param>
/// <param name="BytesSent">Bytes written upstream since the daemon started.</param>
internal sealed record PushStatus(string Name, string Camera, string Url, PushState State, string Detail, long BytesSent)
{
    /// <summary>Stable names for the API; the enum's own names may change.</summary>
    public static string StateName(PushState state) => state switch
    {
        PushState.Disabled => "disabled",
        PushState.Connecting => "connecting",
        PushState.Live => "live",
        PushState.Retrying => "retrying",
        _ => "unknown",
    };
}
