using System.Globalization;

namespace Edge.Video.Sources.V4l2;

/// <summary>A V4L2 pixel format code (<c>v4l2_fourcc('Y','U','Y','V')</c>), shown as its four characters.</summary>
public readonly record struct FourCC(uint Value)
{
    /// <summary>YUYV 4:2:2 packed.</summary>
    public static FourCC Yuyv => new(0x56595559);

    /// <summary>NV12: Y plane, then interleaved CbCr at half resolution.</summary>
    public static FourCC Nv12 => new(0x3231564e);

    /// <summary>YU12 (I420): Y, Cb, Cr planes.</summary>
    public static FourCC Yu12 => new(0x32315559);

    /// <summary>YV12: Y, Cr, Cb planes.</summary>
    public static FourCC Yv12 => new(0x32315659);

    /// <summary>Motion-JPEG.</summary>
    public static FourCC Mjpeg => new(0x47504a4d);

    /// <summary>H.264 (Annex B byte stream).</summary>
    public static FourCC H264 => new(0x34363248);

    /// <summary>vicodec's FWHT codec (for tests against the kernel's virtual codec).</summary>
    public static FourCC Fwht => new(0x54485746);

    /// <summary>Parses four characters, e.g. <c>"H264"</c> (shorter codes are padded with spaces, as V4L2 does).</summary>
    public static FourCC Parse(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code.Length is 0 or > 4)
            throw new FormatException($"A pixel format code has 1 to 4 characters, got \"{code}\".");
        uint value = 0;
        for (var i = 0; i < 4; i++)
        {
            var c = i < code.Length ? code[i] : ' ';
            if (c > 0x7E || c < 0x20)
                throw new FormatException($"\"{code}\" is not a pixel format code (printable ASCII only).");
            value |= (uint)c << (8 * i);
        }

        return new FourCC(value);
    }

    /// <summary>The four characters, trailing spaces removed (e.g. <c>YUYV</c>, <c>MJPG</c>), or hex if unprintable.</summary>
    public override string ToString()
    {
        Span<char> chars = stackalloc char[4];
        for (var i = 0; i < 4; i++)
        {
            var c = (char)((Value >> (8 * i)) & 0xFF);
            if (c is < ' ' or > '~')
                return "0x" + Value.ToString("x8", CultureInfo.InvariantCulture);
            chars[i] = c;
        }

        return new string(chars).TrimEnd(' ');
    }
}
