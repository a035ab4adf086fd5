namespace Edge.Rtmp.Messages;

/// <summary>User Control message events (RTMP 1.0 section 7.1.7).</summary>
internal enum UserControlEventType : ushort
{
    StreamBegin = 0,
    StreamEof = 1,
    StreamDry = 2,
    SetBufferLength = 3,
    StreamIsRecorded = 4,
    PingRequest = 6,
    PingResponse = 7,
}
