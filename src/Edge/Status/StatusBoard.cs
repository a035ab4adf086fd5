using Edge.Display;
using Edge.Gpio;
using Edge.Rtsp.Server;

namespace Edge.Status;

/// <summary>
/// What other services post for the status page beyond the health model: the RTSP server's
/// sessions, the LEDs and button, the OLED display. One per daemon; the host's services write
/// their part, the status collector reads it all.
/// </summary>
internal sealed class StatusBoard
{
    private IRtspSessionList? _rtspSessions;

    /// <summary>The running RTSP server's sessions; null before it starts.</summary>
    public IRtspSessionList? RtspSessions
    {
        get => Volatile.Read(ref _rtspSessions);
        set => Volatile.Write(ref _rtspSessions, value);
    }

    public GpioState Gpio { get; } = new();

    public DisplayState Display { get; } = new();
}
