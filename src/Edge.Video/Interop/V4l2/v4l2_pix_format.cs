using System.Runtime.InteropServices;

namespace Edge.Video.V4l2;

/// <summary>
/// struct v4l2_pix_format: 48 bytes on every ABI. It lives inside <c>v4l2_format.fmt</c>, whose
/// offset depends on the pointer size (see <see cref="V4l2FormatLayout"/>).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct v4l2_pix_format
{
    public uint width;
    public uint height;
    public uint pixelformat;
    public uint field;
    public uint bytesperline;
    public uint sizeimage;
    public uint colorspace;
    public uint priv;
    public uint flags;
    public uint ycbcr_enc;
    public uint quantization;
    public uint xfer_func;
}

/// <summary>struct v4l2_plane_pix_format: 20 bytes (packed) on every ABI.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct v4l2_plane_pix_format
{
    public uint sizeimage;
    public uint bytesperline;
    public fixed ushort reserved[6];
}

/// <summary>
/// struct v4l2_pix_format_mplane: 192 bytes (packed) on every ABI; at <c>v4l2_format.fmt</c> like
/// <see cref="v4l2_pix_format"/>. At most 8 planes (VIDEO_MAX_PLANES).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct v4l2_pix_format_mplane
{
    public const int VIDEO_MAX_PLANES = 8;

    public uint width;
    public uint height;
    public uint pixelformat;
    public uint field;
    public uint colorspace;
    public PlaneFormats plane_fmt;
    public byte num_planes;
    public byte flags;
    public byte ycbcr_enc;
    public byte quantization;
    public byte xfer_func;
    public fixed byte reserved[7];

    /// <summary>v4l2_plane_pix_format plane_fmt[VIDEO_MAX_PLANES].</summary>
    [System.Runtime.CompilerServices.InlineArray(VIDEO_MAX_PLANES)]
    public struct PlaneFormats
    {
        private v4l2_plane_pix_format _element;
    }
}
