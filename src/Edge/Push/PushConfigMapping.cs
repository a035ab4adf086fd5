using Edge.Config;
using Edge.Rtmp;
using Edge.Rtmp.Client;
using Edge.Rtmp.Push;

namespace Edge.Push;

/// <summary>
/// <c>[[push]]</c> (with its camera) → the RTMP library's options, and the library's failures →
/// which keys of the entry to change. The library knows nothing of the config file.
/// </summary>
internal static class PushConfigMapping
{
    /// <summary>The health and log name of a push: camera and URL without the key, e.g. <c>front→rtmp://host:1935/live</c>.</summary>
    public static string NameOf(PushConfig push)
    {
        ArgumentNullException.ThrowIfNull(push);
        return $"{push.Camera}→{push.Url.TcUrl}";
    }

    /// <summary>The options of a <c>[[push]]</c> entry, with its camera's size, rate and bitrate for the stream's metadata.</summary>
    public static RtmpPushOptions ToOptions(PushConfig push, CameraConfig camera, string? configFile)
    {
        ArgumentNullException.ThrowIfNull(push);
        ArgumentNullException.ThrowIfNull(camera);
        return new RtmpPushOptions
        {
            Name = NameOf(push),
            Publisher = new RtmpPublisherOptions
            {
                Url = ToUrl(push.Url),
                TlsCaFile = push.TlsCaFile,
                TlsFingerprint = push.TlsFingerprint,
                Audio = push.Audio == PushAudio.Silent ? RtmpAudio.Silent : RtmpAudio.None,
                Width = camera.Width,
                Height = camera.Height,
                FrameRate = camera.Fps,
                VideoBitrateKbps = camera.Encoder.BitrateKbps,
            },
            Remedy = failure => Remedy(failure, push, configFile),
        };
    }

    public static RtmpUrl ToUrl(PushUrl url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return new RtmpUrl(url.IsTls, url.Host, url.Port, url.App, url.StreamKey);
    }

    /// <summary>
    /// Where in edge.toml a failure is fixed, for the failures that a setting of the entry fixes:
    /// the TLS trust (<c>tls_ca_file</c>, <c>tls_fingerprint</c>). Others (a refused connection, a
    /// server that went away) are not the config's doing.
    /// </summary>
    public static string? Remedy(RtmpFailure failure, PushConfig push, string? configFile)
    {
        ArgumentNullException.ThrowIfNull(push);
        var where = $"this [[push]] (camera \"{push.Camera}\"){(configFile is null ? "" : $" in {configFile}")}";
        return failure switch
        {
            RtmpFailure.Tls when push.TlsCaFile is null && push.TlsFingerprint is null =>
                $"for your own server, set tls_ca_file to its CA's PEM file, or tls_fingerprint to its certificate's SHA-256 fingerprint, in {where}",
            RtmpFailure.Tls or RtmpFailure.Configuration => $"see tls_ca_file and tls_fingerprint of {where}",
            _ => null,
        };
    }
}
