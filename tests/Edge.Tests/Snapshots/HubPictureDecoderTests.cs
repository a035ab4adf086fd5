using System.Diagnostics;
using Edge.Media;
using Edge.Media.Streaming;
using Edge.Snapshots;
using Edge.Video;
using Edge.Video.Encoders;
using Edge.Video.Encoders.Ffmpeg;
using Edge.Video.Sources.TestPattern;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Tests.Snapshots;

/// <summary>The H.264 path of snapshots against a real hub fed by libx264 and decoded by libavcodec.</summary>
public sealed class HubPictureDecoderTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Decodes_only_from_the_first_request_until_it_has_been_idle_a_while()
    {
        var idle = new FakeTimeProvider();
        using var hub = new StreamHub("cam");
        await using var decoder = new HubPictureDecoder(hub, idle, NullLogger.Instance, TimeSpan.FromSeconds(10));
        using var camera = new Camera(hub);

        camera.Publish(30); // an IDR and 29 more: the hub's cached GOP
        Assert.False(decoder.IsRunning);
        Assert.Equal(0, hub.ReaderCount); // nobody asked: nothing decodes

        // The reader joins at the next unit and gets the cached GOP with it; the camera goes on.
        long first;
        using (var picture = await TakeWhilePublishingAsync(decoder, camera))
        {
            Assert.Equal((320, 240), (picture.Width, picture.Height));
            Assert.True(BurnedInCode.TryRead(picture.PlaneY, 320, 240, picture.StrideY, out first, out _));
            Assert.InRange(first, 0, camera.Published - 1);
        }
        Assert.True(decoder.IsRunning);
        Assert.Equal(1, hub.ReaderCount);

        // The latest picture was handed over: the next request gets a newer one.
        using (var picture = await TakeWhilePublishingAsync(decoder, camera))
        {
            Assert.True(BurnedInCode.TryRead(picture.PlaneY, 320, 240, picture.StrideY, out var number, out _));
            Assert.InRange(number, first + 1, camera.Published - 1);
        }

        // Ten seconds without a request: the decoder lets go of the hub.
        for (var i = 0; i < 12 && decoder.IsRunning; i++)
        {
            idle.Advance(TimeSpan.FromSeconds(1));
            await WaitAsync(() => !decoder.IsRunning || i < 10, TimeSpan.FromMilliseconds(200));
        }
        await WaitAsync(() => !decoder.IsRunning && hub.ReaderCount == 0, Bound);
        Assert.False(decoder.IsRunning);
        Assert.Equal(0, hub.ReaderCount);
    }

    [Fact]
    public async Task A_picture_older_than_asked_for_is_not_used()
    {
        using var hub = new StreamHub("cam");
        await using var decoder = new HubPictureDecoder(hub, TimeProvider.System, NullLogger.Instance);
        using var camera = new Camera(hub, captureAge: TimeSpan.FromSeconds(5));
        camera.Publish(5);

        var taking = decoder.TakeAsync(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), CancellationToken.None);
        while (!taking.IsCompleted)
        {
            camera.Publish(1);
            await Task.Delay(20);
        }
        var error = await Assert.ThrowsAsync<SnapshotUnavailableException>(() => taking.WaitAsync(Bound));
        Assert.Equal("the camera's stream gave no picture to decode within 1 s", error.Message);
    }

    /// <summary>A picture from the decoder while the camera publishes a frame every 20 ms, as a live one would.</summary>
    private static async Task<VideoFrame> TakeWhilePublishingAsync(HubPictureDecoder decoder, Camera camera)
    {
        var taking = decoder.TakeAsync(TimeSpan.FromSeconds(5), Bound, CancellationToken.None);
        var clock = Stopwatch.StartNew();
        while (!taking.IsCompleted && clock.Elapsed < Bound)
        {
            camera.Publish(1);
            await Task.Delay(20);
        }
        return await taking.WaitAsync(Bound);
    }

    private static async Task WaitAsync(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < limit)
            await Task.Delay(10);
    }

    /// <summary>The test pattern through libx264 into the hub, frame by frame, stamped with its frame number.</summary>
    private sealed class Camera : IDisposable
    {
        private readonly VideoFramePool _pool = new(320, 240, 1);
        private readonly TestPatternGenerator _pattern = new(320, 240);
        private readonly FfmpegVideoEncoder _encoder;
        private readonly TimeSpan _captureAge;
        private long _next;

        public Camera(StreamHub hub, TimeSpan captureAge = default)
        {
            _captureAge = captureAge;
            _encoder = FfmpegVideoEncoder.Open(
                new VideoEncoderSettings { Width = 320, Height = 240, FramesPerSecond = 25, BitrateKbps = 800, KeyframeIntervalSeconds = 10 },
                hub.Publish, new FfmpegEncoderOptions { Preference = ["libx264"] });
        }

        public long Published => _next;

        public void Publish(int frames)
        {
            for (var i = 0; i < frames; i++, _next++)
            {
                using var frame = _pool.Rent();
                _pattern.Render(frame);
                BurnedInCode.Write(frame, _next, 0);
                frame.FrameNumber = _next;
                frame.CaptureTimestamp = Stopwatch.GetTimestamp() - (long)(_captureAge.TotalSeconds * Stopwatch.Frequency);
                _encoder.Encode(frame);
            }
        }

        public void Dispose() => _encoder.Dispose();
    }
}
