using System.Diagnostics;
using Edge.Media.H264;
using Microsoft.Extensions.Logging;
using Edge.Media;

namespace Edge.Video.Sources.File;

/// <summary>
/// Plays a raw H.264 Annex B file (<c>.h264</c>, as <c>ffmpeg -c:v copy -f h264</c> writes it)
/// as a live camera, looping, paced at the configured frame rate. Used to serve a pre-encoded
/// stream without any encoding cost (benchmarks, demos, soak tests).
/// </summary>
/// <remarks>
/// The file is cut into access units once, at start, and held in memory (bounded by
/// <see cref="MaxFileBytes"/>). It must contain at least one IDR with its SPS and PPS. Timestamps
/// keep rising across loops, so clients see one continuous stream.
/// </remarks>
public sealed partial class H264FileSource
{
    /// <summary>Largest file accepted: it is held in memory.</summary>
    public const long MaxFileBytes = 256L * 1024 * 1024;

    private readonly string _path;
    private readonly int _framesPerSecond;
    private readonly ILogger _logger;

    /// <summary>Creates the source; the file is read when <see cref="RunAsync"/> starts.</summary>
    public H264FileSource(string path, int framesPerSecond, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(framesPerSecond, 1);
        _path = path;
        _framesPerSecond = framesPerSecond;
        _logger = logger;
    }

    /// <summary>Access units delivered so far.</summary>
    public long UnitsDelivered { get; private set; }

    /// <summary>Plays the file until cancelled; throws <see cref="CameraSourceException"/> when it cannot be used.</summary>
    public Task RunAsync(EncodedUnitHandler onUnit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onUnit);
        var (data, units) = Load();
        LogLoaded(_logger, _path, units.Count, data.Length);
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Play(data, units, onUnit, cancellationToken);
                completion.SetResult();
            }
            catch (Exception e)
            {
                completion.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "edge-filesource",
        };
        thread.Start();
        return completion.Task;
    }

    private (byte[] Data, List<(int Offset, int Length)> Units) Load()
    {
        byte[] data;
        try
        {
            var info = new FileInfo(_path);
            if (!info.Exists)
                throw new CameraSourceException($"{_path} does not exist; set the camera's file to a raw H.264 (.h264) file");
            if (info.Length > MaxFileBytes)
                throw new CameraSourceException($"{_path} is {info.Length / (1024 * 1024)} MiB; files up to {MaxFileBytes / (1024 * 1024)} MiB can be played");
            data = System.IO.File.ReadAllBytes(_path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CameraSourceException($"{_path} cannot be read: {e.Message}", e);
        }

        var units = new List<(int, int)>();
        var splitter = new AnnexBAccessUnitSplitter();
        var offset = 0;
        var firstIdr = -1;
        void Collect(ReadOnlySpan<byte> unit)
        {
            // The splitter hands back slices of its own buffer; find each in the file by length,
            // since units are contiguous and in order.
            var start = data.AsSpan(offset).IndexOf(unit);
            if (start < 0)
                return;
            units.Add((offset + start, unit.Length));
            offset += start + unit.Length;
            foreach (var nal in AnnexB.EnumerateNalUnits(unit))
            {
                if (NalUnitHeader.TypeOf(nal) == NalUnitType.IdrSlice && firstIdr < 0)
                    firstIdr = units.Count - 1;
            }
        }

        try
        {
            splitter.Push(data, Collect);
            splitter.Flush(Collect);
        }
        catch (InvalidDataException e)
        {
            throw new CameraSourceException($"{_path}: {e.Message}", e);
        }
        if (firstIdr < 0)
            throw new CameraSourceException($"{_path} holds no H.264 IDR picture; it must be a raw H.264 Annex B stream (ffmpeg ... -c:v libx264 -f h264 file.h264)");

        // Pictures before the first IDR cannot be decoded, and after a loop they would refer to
        // the wrong pictures: the loop starts at the first IDR.
        units.RemoveRange(0, firstIdr);
        return (data, units);
    }

    private void Play(byte[] data, List<(int Offset, int Length)> units, EncodedUnitHandler onUnit, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        long index = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var deadline = MediaClock.FrameDeadline(start, index, _framesPerSecond);
            var now = Stopwatch.GetTimestamp();
            if (now < deadline)
            {
                var waitMs = (int)Math.Min(int.MaxValue, ((deadline - now) * 1000 + Stopwatch.Frequency - 1) / Stopwatch.Frequency);
                if (cancellationToken.WaitHandle.WaitOne(waitMs))
                    break;
                continue;
            }

            var (offset, length) = units[(int)(index % units.Count)];
            onUnit(data.AsSpan(offset, length), deadline);
            UnitsDelivered++;
            index++;
        }
    }

    [LoggerMessage(EventId = 2300, Level = LogLevel.Information, Message = "Playing {Path}: {Units} pictures, {Bytes} bytes, looped")]
    private static partial void LogLoaded(ILogger logger, string path, int units, int bytes);
}
