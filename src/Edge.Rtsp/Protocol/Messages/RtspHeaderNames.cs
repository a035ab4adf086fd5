namespace Edge.Rtsp.Protocol.Messages;

/// <summary>Names of the RTSP headers Edge reads or writes.</summary>
public static class RtspHeaderNames
{
    public const string Accept = "Accept";
    public const string Authorization = "Authorization";
    public const string CSeq = "CSeq";
    public const string ContentBase = "Content-Base";
    public const string ContentLength = "Content-Length";
    public const string ContentType = "Content-Type";
    public const string Date = "Date";
    public const string Public = "Public";
    public const string Range = "Range";
    public const string RtpInfo = "RTP-Info";
    public const string Require = "Require";
    public const string Server = "Server";
    public const string Session = "Session";
    public const string Transport = "Transport";
    public const string Unsupported = "Unsupported";
    public const string UserAgent = "User-Agent";
    public const string WwwAuthenticate = "WWW-Authenticate";
}
