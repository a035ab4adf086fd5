using System.Buffers;
using Edge.Rtmp.Amf;

namespace Edge.Rtmp.Flv;

/// <summary>
/// The <c>@setDataFrame</c> / <c>onMetaData</c> script data message a publisher sends before its
/// first frame (FLV 10.1, E.5): servers show it, record it into FLV files, and some check it.
/// </summary>
internal static class FlvMetadata
{
    /// <summary>Writes the AMF0 payload: <c>"@setDataFrame", "onMetaData", {ECMA array}</c>.</summary>
    public static void Write(IBufferWriter<byte> output, in StreamMetadata metadata)
    {
        var amf = new Amf0Writer(output);
        // "@setDataFrame" asks the server to keep the metadata and hand it to every player that joins.
        amf.WriteString("@setDataFrame");
        amf.WriteString("onMetaData");
        amf.WriteEcmaArrayStart(metadata.HasAudio ? 13 : 8);
        amf.WriteProperty("duration", 0.0); // live
        amf.WriteProperty("width", metadata.Width);
        amf.WriteProperty("height", metadata.Height);
        amf.WriteProperty("videodatarate", metadata.VideoBitrateKbps); // kbit/s
        amf.WriteProperty("framerate", metadata.FrameRate);
        amf.WriteProperty("videocodecid", FlvVideoTag.AvcCodecId);
        if (metadata.HasAudio)
        {
            amf.WriteProperty("audiodatarate", 0.0); // a silent track costs about 2 kbit/s
            amf.WriteProperty("audiosamplerate", SilentAac.SampleRate);
            amf.WriteProperty("audiosamplesize", 16);
            amf.WriteProperty("stereo", SilentAac.Channels == 2);
            amf.WriteProperty("audiocodecid", FlvAudioTag.AacCodecId);
        }
        amf.WriteProperty("encoder", metadata.Encoder);
        amf.WriteProperty("filesize", 0.0);
        amf.WriteObjectEnd();
    }
}

/// <summary>What <c>onMetaData</c> says about a pushed stream.</summary>
internal readonly record struct StreamMetadata(int Width, int Height, double FrameRate, int VideoBitrateKbps, bool HasAudio, string Encoder);
