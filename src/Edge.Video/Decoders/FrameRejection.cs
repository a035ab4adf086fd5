using System.Globalization;
using Edge.Video.Encoders.Ffmpeg;

namespace Edge.Video.Decoders;

/// <summary>
/// Why a picture was skipped, with the numbers that explain it. A value type, so skipping a frame
/// allocates nothing; <see cref="ToString"/> builds the text only when it is logged.
/// </summary>
public readonly record struct FrameRejection
{
    /// <summary>What was wrong.</summary>
    public FrameRejectionReason Reason { get; init; }

    /// <summary>For <see cref="FrameRejectionReason.DecoderError"/>: the AVERROR code.</summary>
    public int ErrorCode { get; init; }

    /// <summary>For <see cref="FrameRejectionReason.TooLarge"/>: the picture's length in bytes.</summary>
    public int Length { get; init; }

    /// <summary>For <see cref="FrameRejectionReason.TooLarge"/>: the most bytes a picture may have.</summary>
    public int Limit { get; init; }

    /// <summary>For <see cref="FrameRejectionReason.WrongSize"/>: the decoded width and height.</summary>
    public (int Width, int Height) Decoded { get; init; }

    /// <summary>For <see cref="FrameRejectionReason.WrongSize"/>: the width and height expected.</summary>
    public (int Width, int Height) Expected { get; init; }

    /// <summary>For <see cref="FrameRejectionReason.UnsupportedPixelFormat"/>: FFmpeg's pixel format number.</summary>
    public int PixelFormat { get; init; }

    /// <summary>A rejection with no details.</summary>
    public static FrameRejection Because(FrameRejectionReason reason) => new() { Reason = reason };

    /// <summary>What a person reads: what was wrong and what it means.</summary>
    public override string ToString() => Reason switch
    {
        FrameRejectionReason.None => "not rejected",
        FrameRejectionReason.FlaggedByDriver => "the driver marked the buffer as damaged",
        FrameRejectionReason.Empty => "the buffer was empty (bytesused 0)",
        FrameRejectionReason.NoStartOfImage => "no JPEG start-of-image marker: not a JPEG picture",
        FrameRejectionReason.NoEndOfImage => "no JPEG end-of-image marker: the picture was cut short",
        FrameRejectionReason.TooLarge => string.Create(CultureInfo.InvariantCulture, $"{Length} bytes, more than the {Limit} a picture may have"),
        FrameRejectionReason.DecoderError => $"libavcodec could not decode it ({FfmpegLibrary.DescribeError(ErrorCode)})",
        FrameRejectionReason.NoPicture => "libavcodec decoded no picture from it",
        FrameRejectionReason.WrongSize => string.Create(CultureInfo.InvariantCulture,
            $"the picture is {Decoded.Width}x{Decoded.Height}, not the {Expected.Width}x{Expected.Height} the camera was set to"),
        FrameRejectionReason.UnsupportedPixelFormat => $"its pixel format {MjpegDecoder.PixelFormatName(PixelFormat)} is not one Edge converts " +
            "(yuvj420p, yuvj422p, yuvj444p, yuvj440p, gray, and their limited-range twins)",
        _ => Reason.ToString(),
    };
}
