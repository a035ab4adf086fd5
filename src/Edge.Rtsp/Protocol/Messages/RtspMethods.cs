namespace Edge.Rtsp.Protocol.Messages;

/// <summary>The wire names of <see cref="RtspMethod"/> (method names are case-sensitive, RFC 2326 6.1).</summary>
public static class RtspMethods
{
    /// <summary>The method named <paramref name="name"/>, or <see cref="RtspMethod.Unknown"/>.</summary>
    public static RtspMethod Parse(ReadOnlySpan<char> name) => name switch
    {
        "OPTIONS" => RtspMethod.Options,
        "DESCRIBE" => RtspMethod.Describe,
        "SETUP" => RtspMethod.Setup,
        "PLAY" => RtspMethod.Play,
        "PAUSE" => RtspMethod.Pause,
        "TEARDOWN" => RtspMethod.Teardown,
        "GET_PARAMETER" => RtspMethod.GetParameter,
        "SET_PARAMETER" => RtspMethod.SetParameter,
        "ANNOUNCE" => RtspMethod.Announce,
        "RECORD" => RtspMethod.Record,
        "REDIRECT" => RtspMethod.Redirect,
        _ => RtspMethod.Unknown,
    };

    /// <summary>The wire name of <paramref name="method"/>, e.g. <c>GET_PARAMETER</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="method"/> is <see cref="RtspMethod.Unknown"/> or not a defined value.</exception>
    public static string ToText(RtspMethod method) => method switch
    {
        RtspMethod.Options => "OPTIONS",
        RtspMethod.Describe => "DESCRIBE",
        RtspMethod.Setup => "SETUP",
        RtspMethod.Play => "PLAY",
        RtspMethod.Pause => "PAUSE",
        RtspMethod.Teardown => "TEARDOWN",
        RtspMethod.GetParameter => "GET_PARAMETER",
        RtspMethod.SetParameter => "SET_PARAMETER",
        RtspMethod.Announce => "ANNOUNCE",
        RtspMethod.Record => "RECORD",
        RtspMethod.Redirect => "REDIRECT",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "The method has no wire name."),
    };
}
