using System.Buffers;
using Edge.Rtmp.Amf;

namespace Edge.Rtmp.Messages;

/// <summary>
/// The AMF0 payloads of the commands a publisher sends (RTMP 1.0 section 7.2, and the
/// <c>releaseStream</c>/<c>FCPublish</c> pair that Flash Media Live Encoder introduced and
/// ingest servers such as YouTube's and Twitch's expect before <c>publish</c>).
/// </summary>
internal static class RtmpCommands
{
    /// <summary>
    /// <c>connect</c> with the fields ingest servers look at: <c>app</c>, <c>type</c>
    /// "nonprivate", an FMLE-compatible <c>flashVer</c> (some servers allow publishing only to
    /// encoders that say they are FMLE-compatible), <c>swfUrl</c> and <c>tcUrl</c> (the URL without
    /// the stream key; servers use it for virtual hosts and to rebuild the stream URL).
    /// </summary>
    public static void WriteConnect(IBufferWriter<byte> output, double transactionId, string app, string tcUrl, string flashVersion)
    {
        var amf = new Amf0Writer(output);
        amf.WriteString("connect");
        amf.WriteNumber(transactionId);
        amf.WriteObjectStart();
        amf.WriteProperty("app", app);
        amf.WriteProperty("type", "nonprivate");
        amf.WriteProperty("flashVer", flashVersion);
        amf.WriteProperty("swfUrl", tcUrl);
        amf.WriteProperty("tcUrl", tcUrl);
        amf.WriteObjectEnd();
    }

    /// <summary><c>releaseStream</c>: asks the server to drop a stale publisher of the same name, if it allows that.</summary>
    public static void WriteReleaseStream(IBufferWriter<byte> output, double transactionId, string streamKey) =>
        WriteNamed(output, "releaseStream", transactionId, streamKey);

    /// <summary><c>FCPublish</c>: announces the stream name to CDN-style servers before <c>publish</c>.</summary>
    public static void WriteFCPublish(IBufferWriter<byte> output, double transactionId, string streamKey) =>
        WriteNamed(output, "FCPublish", transactionId, streamKey);

    /// <summary><c>FCUnpublish</c>: the counterpart of <see cref="WriteFCPublish"/>, sent when stopping.</summary>
    public static void WriteFCUnpublish(IBufferWriter<byte> output, double transactionId, string streamKey) =>
        WriteNamed(output, "FCUnpublish", transactionId, streamKey);

    /// <summary><c>createStream</c>: its <c>_result</c> carries the message stream id to publish on.</summary>
    public static void WriteCreateStream(IBufferWriter<byte> output, double transactionId)
    {
        var amf = new Amf0Writer(output);
        amf.WriteString("createStream");
        amf.WriteNumber(transactionId);
        amf.WriteNull();
    }

    /// <summary><c>publish</c> (7.2.2.6), sent on the stream created: name = the stream key with its query string, type "live".</summary>
    public static void WritePublish(IBufferWriter<byte> output, double transactionId, string streamKey)
    {
        var amf = new Amf0Writer(output);
        amf.WriteString("publish");
        amf.WriteNumber(transactionId);
        amf.WriteNull();
        amf.WriteString(streamKey);
        amf.WriteString("live");
    }

    /// <summary><c>deleteStream</c> (7.2.2.3): ends the publication on the server at once.</summary>
    public static void WriteDeleteStream(IBufferWriter<byte> output, double transactionId, uint streamId)
    {
        var amf = new Amf0Writer(output);
        amf.WriteString("deleteStream");
        amf.WriteNumber(transactionId);
        amf.WriteNull();
        amf.WriteNumber(streamId);
    }

    private static void WriteNamed(IBufferWriter<byte> output, string command, double transactionId, string streamKey)
    {
        var amf = new Amf0Writer(output);
        amf.WriteString(command);
        amf.WriteNumber(transactionId);
        amf.WriteNull();
        amf.WriteString(streamKey);
    }
}
