using Edge.Cameras;
using Edge.Media.Health;
using Edge.Media.Streaming;
using Edge.Video;
using Edge.Video.Encoders.Ffmpeg;
using Microsoft.Extensions.Logging;

namespace Edge.Snapshots;

/// <summary>
/// The snapshots of one camera: where its pictures come from (its raw frames while a raw pipeline
/// runs, its decoded H.264 otherwise), how they become JPEGs, and the cache that bounds the cost.
/// </summary>
internal sealed class CameraSnapshots : IAsyncDisposable
{
    /// <summary>
    /// The oldest decoded picture a snapshot may use. With an encode (tens of milliseconds) and the
    /// cache's half second on top, a snapshot shows a moment at most a second before it is
    /// answered. The decoder's latest picture is normally one frame interval old, far younger.
    /// </summary>
    public static readonly TimeSpan MaxPictureAge = TimeSpan.FromMilliseconds(400);

    /// <summary>How long a snapshot waits for a picture before answering 503.</summary>
    public static readonly TimeSpan PictureTimeout = TimeSpan.FromSeconds(3);

    private readonly HealthModel _health;
    private readonly TimeProvider _time;
    private readonly HubPictureDecoder _decoder;

    public CameraSnapshots(string name, StreamHub hub, HealthModel health, TimeProvider time, ILogger log, CancellationToken stopping)
    {
        Name = name;
        _health = health;
        _time = time;
        _decoder = new HubPictureDecoder(hub, time, log);
        Cache = new SnapshotCache(ProduceAsync, time, stopping);
    }

    public string Name { get; }

    /// <summary>Raw pipelines offer their frames here.</summary>
    public RawFrameTap Tap { get; } = new();

    public SnapshotCache Cache { get; }

    /// <summary>True while this camera's H.264 is being decoded for snapshots.</summary>
    public bool IsDecoding => _decoder.IsRunning;

    /// <summary>A snapshot <paramref name="width"/> wide (null: the camera's size), from the cache when young enough.</summary>
    /// <exception cref="SnapshotUnavailableException">The camera is not streaming, or gave no picture in time.</exception>
    public Task<Snapshot> GetAsync(int? width, CancellationToken requestAborted)
    {
        // Checked before the cache: a camera that stopped must not be shown by its last picture.
        if (CameraAvailability.NotStreamingReason(_health, Name) is { } reason)
            return Task.FromException<Snapshot>(new SnapshotUnavailableException(reason));
        return Cache.GetAsync(width, requestAborted);
    }

    public ValueTask DisposeAsync() => _decoder.DisposeAsync();

    private async Task<Snapshot> ProduceAsync(int? width, CancellationToken stopping)
    {
        VideoFrame picture;
        try
        {
            picture = Tap.IsAttached
                ? await Tap.TakeAsync(PictureTimeout, _time, stopping).ConfigureAwait(false)
                : await _decoder.TakeAsync(MaxPictureAge, PictureTimeout, stopping).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new SnapshotUnavailableException($"camera {Name} delivered no picture within {PictureTimeout.TotalSeconds:0} s");
        }

        using (picture)
        {
            var (w, h) = SnapshotSize.For(picture.Width, picture.Height, width);
            try
            {
                return new Snapshot(FfmpegJpegEncoder.Encode(picture, w, h), w, h, picture.CaptureTimestamp);
            }
            catch (FfmpegException e)
            {
                throw new SnapshotUnavailableException($"camera {Name}: the snapshot could not be encoded: {e.Message}", e);
            }
        }
    }
}
