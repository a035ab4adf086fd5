namespace Edge.Video.Decoders;

/// <summary>Why a compressed picture from a camera was skipped.</summary>
public enum FrameRejectionReason
{
    /// <summary>Nothing was skipped.</summary>
    None,

    /// <summary>The driver marked the buffer as damaged (<c>V4L2_BUF_FLAG_ERROR</c>).</summary>
    FlaggedByDriver,

    /// <summary>The buffer held no bytes (<c>bytesused</c> 0).</summary>
    Empty,

    /// <summary>The bytes do not start with a JPEG start-of-image marker (FF D8).</summary>
    NoStartOfImage,

    /// <summary>No end-of-image marker (FF D9) after the data: the picture was cut short.</summary>
    NoEndOfImage,

    /// <summary>The picture is larger than the decoder's packet buffers.</summary>
    TooLarge,

    /// <summary>libavcodec refused the data (<see cref="FrameRejection.ErrorCode"/> says why).</summary>
    DecoderError,

    /// <summary>libavcodec took the data but gave no picture for it.</summary>
    NoPicture,

    /// <summary>The picture's size is not the size the camera was set to.</summary>
    WrongSize,

    /// <summary>The picture's pixel format is not one Edge converts.</summary>
    UnsupportedPixelFormat,
}
