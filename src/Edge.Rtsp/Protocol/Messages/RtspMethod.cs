namespace Edge.Rtsp.Protocol.Messages;

/// <summary>RTSP request methods (RFC 2326 10, RFC 7826 13).</summary>
public enum RtspMethod
{
    /// <summary>OPTIONS: which methods the server supports; also a keep-alive.</summary>
    Options,

    /// <summary>DESCRIBE: the session description (SDP) of a stream.</summary>
    Describe,

    /// <summary>SETUP: a transport for one media stream.</summary>
    Setup,

    /// <summary>PLAY: start (or resume) sending.</summary>
    Play,

    /// <summary>PAUSE: stop sending for a while, keeping the session.</summary>
    Pause,

    /// <summary>TEARDOWN: end the session.</summary>
    Teardown,

    /// <summary>GET_PARAMETER: a parameter's value; with no body, a keep-alive.</summary>
    GetParameter,

    /// <summary>SET_PARAMETER: set a parameter.</summary>
    SetParameter,

    /// <summary>ANNOUNCE: a client publishing a stream (not served by Edge).</summary>
    Announce,

    /// <summary>RECORD: a client publishing a stream (not served by Edge).</summary>
    Record,

    /// <summary>REDIRECT: a server telling the client to go elsewhere.</summary>
    Redirect,

    /// <summary>Any other method; its name is in <see cref="RtspRequest.MethodText"/>.</summary>
    Unknown,
}
