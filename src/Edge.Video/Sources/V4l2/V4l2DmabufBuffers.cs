namespace Edge.Video.Sources.V4l2;

/// <summary>
/// A camera's buffers exported as DMABUFs (<see cref="V4l2CaptureSource.ExportBuffers"/>), with
/// the exact memory layout of the pictures in them, which an importer must accept unchanged.
/// </summary>
/// <param name="Device">The camera node.</param>
/// <param name="PixelFormat">The negotiated pixel format (a raw one: YUYV, NV12, YU12, …).</param>
/// <param name="Width">Picture width.</param>
/// <param name="Height">Picture height.</param>
/// <param name="BytesPerLine">Bytes per line of the first plane, as the driver set it.</param>
/// <param name="SizeImage">Bytes of one picture.</param>
/// <param name="Frames">One per buffer, in buffer index order.</param>
public sealed record V4l2DmabufBuffers(string Device, FourCC PixelFormat, int Width, int Height, int BytesPerLine, int SizeImage, IReadOnlyList<DmabufFrame> Frames)
{
    /// <summary>The smallest buffer: what an importer may rely on.</summary>
    public int BufferLength => Frames.Count == 0 ? 0 : Frames.Min(f => f.Length);

    /// <summary>E.g. <c>YUYV 640x480</c>.</summary>
    public override string ToString() => $"{PixelFormat} {Width}x{Height}";
}
