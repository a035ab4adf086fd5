namespace Edge.Onvif;

/// <summary>One camera as ONVIF shows it: one profile, one video source, one H.264 encoder configuration.</summary>
/// <param name="Name">The camera's name: its RTSP path, and the token of its profile.</param>
/// <param name="Width">Picture width in pixels.</param>
/// <param name="Height">Picture height in pixels.</param>
/// <param name="Fps">Pictures per second.</param>
/// <param name="BitrateKbps">Target bitrate.</param>
/// <param name="GovLength">Pictures from one keyframe to the next.</param>
/// <param name="H264Profile">Baseline, Main or High.</param>
public sealed record OnvifCamera(string Name, int Width, int Height, int Fps, int BitrateKbps, int GovLength, string H264Profile)
{
    public string ProfileToken => Name;

    public string VideoSourceToken => Name + "_source";

    public string VideoSourceConfigurationToken => Name + "_source_config";

    public string VideoEncoderConfigurationToken => Name + "_h264";
}
