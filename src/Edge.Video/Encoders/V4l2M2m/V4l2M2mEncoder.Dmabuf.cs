using System.Diagnostics;
using Edge.Linux.IO;
using Edge.Media;
using Edge.Video.Sources.V4l2;
using Edge.Video.V4l2;
using Microsoft.Extensions.Logging;

namespace Edge.Video.Encoders.V4l2M2m;

// Zero-copy input: the OUTPUT queue in V4L2_MEMORY_DMABUF mode, each QBUF importing one of a
// camera's buffers (VIDIOC_EXPBUF), so no picture is copied or converted by the CPU.
//
// Ownership: a camera buffer passed to Encode(DmabufFrame) belongs to the encoder until the
// driver gives its OUTPUT slot back (DQBUF), and only then is it released to the camera; on every
// failure before QBUF it is released at once; Dispose releases the rest after STREAMOFF. The
// encoder holds at most all but two of the camera's buffers (one for the camera to fill, one
// being dequeued): past that, Encode waits for the driver to finish one (up to the timeout, then
// the encoder is hung), counts the wait and says so once in the log, so a slow encoder slows
// the camera visibly instead of starving it silently.
public sealed partial class V4l2M2mEncoder
{
    private DmabufFrame?[]? _imported; // by OUTPUT slot: the camera buffer the driver has
    private int _importedCount;
    private int _maxImported;
    private int _cameraBuffers;
    private long _cameraWaits;
    private bool _warnedCameraWait;

    /// <summary>True when the encoder reads a camera's own buffers (<see cref="OpenDmabuf"/>).</summary>
    public bool ImportsCameraBuffers => _imported is not null;

    /// <summary>Camera buffers the encoder holds now (imported and not yet finished by the driver).</summary>
    public int CameraBuffersHeld => _importedCount;

    /// <summary>Most camera buffers the encoder may hold at once: the camera's buffers less two (at least one).</summary>
    public int MaxCameraBuffersHeld => _maxImported;

    /// <summary>Times <see cref="Encode(DmabufFrame)"/> waited for the driver to finish a camera buffer, to keep the camera supplied.</summary>
    public long CameraBufferWaits => _cameraWaits;

    /// <summary>
    /// Opens the encoder to read a camera's buffers in place: its OUTPUT queue takes the camera's
    /// pixel format, size and line stride unchanged and imports the buffers as DMABUFs. Every
    /// buffer is imported once on trial before streaming starts, so a driver that cannot read
    /// the camera's memory refuses here rather than at the first frame.
    /// </summary>
    /// <param name="settings">Size (must be the camera's), rate, bitrate, GOP and profile.</param>
    /// <param name="camera">The camera's exported buffers (<see cref="V4l2CaptureSource.ExportBuffers"/>).</param>
    /// <param name="output">Receives each access unit with its one reference.</param>
    /// <param name="options">Device, coded format and CAPTURE buffers; <see cref="V4l2M2mEncoderOptions.InputFormat"/>
    /// and <see cref="V4l2M2mEncoderOptions.OutputBuffers"/> do not apply (the camera decides both).</param>
    /// <param name="logger">Where choices and skipped controls are reported.</param>
    /// <exception cref="V4l2EncoderException">The encoder cannot be used, or cannot read the camera's buffers as they are;
    /// the message says why (a format it does not take, another line stride, no DMABUF import, an import refused).</exception>
    public static V4l2M2mEncoder OpenDmabuf(VideoEncoderSettings settings, V4l2DmabufBuffers camera, Action<AccessUnit> output,
        V4l2M2mEncoderOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(camera);
        if (camera.Frames.Count is < 1 or > 32)
            throw new ArgumentException($"{camera.Device}: {camera.Frames.Count} buffers; an encoder can import 1 to 32.", nameof(camera));
        return OpenCore(settings, output, options, logger, camera);
    }

    /// <summary>
    /// Encodes one camera buffer in place. The encoder takes the buffer over: it releases it when
    /// the driver has read it, or at once if it cannot be queued (then this throws).
    /// </summary>
    /// <exception cref="InvalidOperationException">The encoder was opened for copied frames, or flushed.</exception>
    /// <exception cref="V4l2EncoderException">The driver refused the buffer or is hung.</exception>
    public void Encode(DmabufFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var queued = false;
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_imported is null)
                throw new InvalidOperationException($"{Name} was opened for copied frames; pass them with Encode(VideoFrame).");
            if (_flushed)
                throw new InvalidOperationException($"{Name}: the encoder was flushed; open a new one to encode more frames.");
            if (frame.DataOffset != 0)
            {
                // V4L2 lets a camera start the picture past the buffer's start (vivid's multi-planar
                // YUYV does, at 128); encoders read OUTPUT buffers from their start.
                throw new V4l2EncoderException(DevicePath,
                    $"{Name}: the camera puts its pictures {frame.DataOffset} bytes into its buffers, and the encoder reads from the start; this camera needs the copy path");
            }

            Service();
            // Slot i keeps camera buffer i, so the driver can reuse its mapping of that buffer.
            var slot = frame.Index < _output.Count && !_output.States.IsQueued(frame.Index) ? frame.Index : _output.States.FirstFree();
            if (slot < 0)
                slot = WaitForFreeOutputBuffer();
            ApplyKeyframeRequest();

            var cookie = _cookies.Issue(frame.CaptureTimestamp, frame.FrameNumber);
            var bytesUsed = Math.Max(frame.BytesUsed, Math.Min(_outputSizeImage, frame.Length));
            var errno = _output.TryQueueDmabuf(slot, frame.Descriptor, bytesUsed, frame.Length, cookie);
            if (errno != 0)
                throw new LinuxIOException(DevicePath, "VIDIOC_QBUF (OUTPUT, DMABUF)", errno);
            _imported[slot] = frame;
            _importedCount++;
            queued = true;
            _framesQueued++;

            AwaitLag();
            KeepCameraSupplied();
        }
        catch (Exception ex)
        {
            if (!queued)
                frame.Release();
            if (ex is LinuxIOException io)
                throw new V4l2EncoderException(DevicePath, $"{Name}: {io.Message}", io);
            throw;
        }
    }

    private void ImportFrom(V4l2DmabufBuffers camera)
    {
        _imported = new DmabufFrame?[_output.Count];
        _cameraBuffers = camera.Frames.Count;
        _maxImported = Math.Max(1, camera.Frames.Count - 2);
    }

    private static FourCC CheckCameraFormat(V4l2Device device, uint outputType, V4l2DmabufBuffers camera, VideoEncoderSettings settings)
    {
        var path = device.Path;
        if (camera.Width != settings.Width || camera.Height != settings.Height)
            throw new V4l2EncoderException(path, $"{path} was asked to encode {settings.Width}x{settings.Height}, but the camera's buffers hold {camera}");
        var offered = device.EnumerateFormats(outputType).Select(f => new FourCC(f.PixelFormat)).ToList();
        if (!offered.Contains(camera.PixelFormat))
        {
            throw new V4l2EncoderException(path,
                $"{path} does not accept {camera.PixelFormat} (its OUTPUT side takes {(offered.Count == 0 ? "nothing" : string.Join(", ", offered))})");
        }

        return camera.PixelFormat;
    }

    // The driver's layout for the camera's format and size must be the camera's: same stride and
    // height (planes start where the camera put them), a picture no larger than its buffers.
    private static void CheckCameraLayout(string path, V4l2PixelFormat set, V4l2DmabufBuffers camera)
    {
        if (set.PixelFormat != camera.PixelFormat.Value)
            throw new V4l2EncoderException(path, $"{path} does not accept {camera.PixelFormat} (asked for it, it set {new FourCC(set.PixelFormat)})");
        if (set.Height != camera.Height || set.Width < camera.Width || set.BytesPerLine != camera.BytesPerLine)
        {
            throw new V4l2EncoderException(path,
                $"{path} lays out {camera} as {set.Width}x{set.Height} with {set.BytesPerLine} bytes per line, the camera's buffers have " +
                $"{camera.Width}x{camera.Height} with {camera.BytesPerLine}");
        }

        if (set.SizeImage > camera.BufferLength)
            throw new V4l2EncoderException(path, $"{path} reads {set.SizeImage} bytes per {camera} picture, the camera's buffers hold {camera.BufferLength}");
    }

    // DMABUF slots on the OUTPUT queue, one per camera buffer, each tried with its buffer before
    // streaming: QBUF imports (attaches and maps) the memory, and STREAMOFF on the queue that
    // never streamed takes the buffers back unread.
    private static V4l2BufferQueue AllocateImportSlots(V4l2Device device, uint outputType, V4l2DmabufBuffers camera)
    {
        var path = device.Path;
        V4l2BufferQueue slots;
        try
        {
            slots = V4l2BufferQueue.AllocateDmabuf(device, outputType, camera.Frames.Count);
        }
        catch (LinuxIOException ex) when (!ex.IsDeviceGone)
        {
            throw new V4l2EncoderException(path, $"{path} does not import DMABUFs on its OUTPUT queue ({ex.Operation}: {ex.Message})", ex);
        }

        try
        {
            for (var i = 0; i < Math.Min(slots.Count, camera.Frames.Count); i++)
            {
                var frame = camera.Frames[i];
                var errno = slots.TryQueueDmabuf(i, frame.Descriptor, Math.Min(camera.SizeImage, frame.Length), frame.Length);
                if (errno != 0)
                {
                    var error = new LinuxIOException(path, $"VIDIOC_QBUF (DMABUF import of {camera.Device} buffer {i})", errno);
                    throw new V4l2EncoderException(path, $"{error.Message}: the encoder cannot read the camera's memory", error);
                }
            }

            var cancelled = slots.CancelQueued();
            if (cancelled != 0)
                throw new LinuxIOException(path, "VIDIOC_STREAMOFF (taking back the trial imports)", cancelled);
        }
        catch
        {
            slots.Dispose();
            throw;
        }

        return slots;
    }

    // While the encoder holds more camera buffers than its share, waits for the driver to finish one.
    private void KeepCameraSupplied()
    {
        if (_importedCount <= _maxImported)
            return;
        _cameraWaits++;
        if (!_warnedCameraWait)
        {
            _warnedCameraWait = true;
            LogCameraWait(_logger, DevicePath, _importedCount, _cameraBuffers, _cameraBuffers - _maxImported);
        }

        var deadline = Stopwatch.GetTimestamp() + (long)(_options.Timeout.TotalSeconds * Stopwatch.Frequency);
        while (_importedCount > _maxImported)
        {
            if (Stopwatch.GetTimestamp() > deadline)
                throw Hung("finish reading a camera buffer");
            Wait(PollSlice);
        }
    }

    private void ReturnImported(int slot)
    {
        var frame = _imported![slot];
        if (frame is null)
            return;
        _imported[slot] = null;
        _importedCount--;
        frame.Release();
    }

    // After STREAMOFF: the driver reads nothing any more, so every camera buffer goes back.
    private void ReleaseImported()
    {
        if (_imported is null)
            return;
        for (var slot = 0; slot < _imported.Length; slot++)
        {
            try
            {
                ReturnImported(slot);
            }
            catch (InvalidOperationException)
            {
                // Released elsewhere already (a bug, reported by the frame): nothing left to give back.
            }
        }
    }

    [LoggerMessage(EventId = 2609, Level = LogLevel.Warning,
        Message = "{Device} held {Held} of the camera's {Buffers} buffers; from now on a new picture waits until it finishes one, so the camera keeps {Kept} (the encoder is slower than the camera; CameraBufferWaits counts the waits)")]
    private static partial void LogCameraWait(ILogger logger, string device, int held, int buffers, int kept);
}
