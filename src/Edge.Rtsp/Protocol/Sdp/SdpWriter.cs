using System.Globalization;
using System.Text;

namespace Edge.Rtsp.Protocol.Sdp;

/// <summary>Writes the session descriptions (RFC 8866) that DESCRIBE answers with.</summary>
public static class SdpWriter
{
    private const string Crlf = "\r\n";

    /// <summary>
    /// Describes one H.264 video stream (RFC 6184 8.2.1), in the form NVRs, VLC, ffmpeg and GStreamer expect.
    /// </summary>
    /// <param name="sessionName">The <c>s=</c> line, e.g. the camera's name; "-" when empty.</param>
    /// <param name="originAddress">The server's address for the <c>o=</c> line (IPv4 or IPv6).</param>
    /// <param name="sessionId">The <c>o=</c> session id (an NTP-format time or any number that is unique for the server).</param>
    /// <param name="sps">The sequence parameter set NAL unit (header byte first), or empty when not known yet.</param>
    /// <param name="pps">The picture parameter set NAL unit, or empty when not known yet.</param>
    /// <param name="payloadType">The dynamic RTP payload type (96-127).</param>
    /// <param name="controlUrl">The media's <c>a=control</c>, relative to the content base, e.g. <c>trackID=0</c>.</param>
    /// <param name="width">Picture width for <c>a=x-dimensions</c>, when known.</param>
    /// <param name="height">Picture height for <c>a=x-dimensions</c>, when known.</param>
    /// <param name="fps">Frame rate for <c>a=framerate</c>, when known.</param>
    /// <param name="multicastAddress">The multicast group for the <c>c=</c> line, or null for unicast (0.0.0.0).</param>
    /// <param name="multicastTtl">The multicast time to live, written after the group.</param>
    /// <returns>The description, lines ending in CRLF.</returns>
    /// <exception cref="ArgumentException">An argument would break the SDP syntax (a line break in a name, a payload type out of range).</exception>
    public static string ForH264(
        string sessionName,
        string originAddress,
        ulong sessionId,
        byte[] sps,
        byte[] pps,
        int payloadType,
        string controlUrl,
        int? width,
        int? height,
        double? fps,
        string? multicastAddress,
        int multicastTtl)
    {
        ArgumentNullException.ThrowIfNull(sessionName);
        ArgumentNullException.ThrowIfNull(originAddress);
        ArgumentNullException.ThrowIfNull(sps);
        ArgumentNullException.ThrowIfNull(pps);
        ArgumentNullException.ThrowIfNull(controlUrl);
        ArgumentOutOfRangeException.ThrowIfLessThan(payloadType, 96);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadType, 127);
        EnsureSingleLine(sessionName, nameof(sessionName));
        EnsureToken(originAddress, nameof(originAddress));
        EnsureToken(controlUrl, nameof(controlUrl));
        if (multicastAddress is not null)
        {
            EnsureToken(multicastAddress, nameof(multicastAddress));
            ArgumentOutOfRangeException.ThrowIfNegative(multicastTtl);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(multicastTtl, 255);
        }

        var invariant = CultureInfo.InvariantCulture;
        var sdp = new StringBuilder(512);
        sdp.Append("v=0").Append(Crlf);
        sdp.Append(invariant, $"o=- {sessionId} 1 IN {AddressType(originAddress)} {originAddress}").Append(Crlf);
        sdp.Append("s=").Append(sessionName.Length == 0 ? "-" : sessionName).Append(Crlf);
        if (multicastAddress is null)
            sdp.Append("c=IN IP4 0.0.0.0").Append(Crlf);
        else if (AddressType(multicastAddress) == "IP6")
            sdp.Append("c=IN IP6 ").Append(multicastAddress).Append(Crlf); // IPv6 groups carry no TTL (RFC 8866 5.7)
        else
            sdp.Append(invariant, $"c=IN IP4 {multicastAddress}/{multicastTtl}").Append(Crlf);
        sdp.Append("t=0 0").Append(Crlf);
        sdp.Append("a=control:*").Append(Crlf);
        sdp.Append("a=range:npt=0-").Append(Crlf);
        sdp.Append(invariant, $"m=video 0 RTP/AVP {payloadType}").Append(Crlf);
        sdp.Append(invariant, $"a=rtpmap:{payloadType} H264/90000").Append(Crlf);
        sdp.Append(invariant, $"a=fmtp:{payloadType} packetization-mode=1");
        if (sps.Length >= 4)
            sdp.Append(";profile-level-id=").Append(Convert.ToHexStringLower(sps, 1, 3));
        if (sps.Length > 0 && pps.Length > 0)
            sdp.Append(";sprop-parameter-sets=").Append(Convert.ToBase64String(sps)).Append(',').Append(Convert.ToBase64String(pps));
        sdp.Append(Crlf);
        sdp.Append("a=control:").Append(controlUrl).Append(Crlf);
        if (fps is > 0 and < 1000)
            sdp.Append("a=framerate:").Append(fps.Value.ToString("0.###", invariant)).Append(Crlf);
        if (width is > 0 && height is > 0)
            sdp.Append(invariant, $"a=x-dimensions:{width.Value},{height.Value}").Append(Crlf);
        return sdp.ToString();
    }

    private static string AddressType(string address) => address.Contains(':', StringComparison.Ordinal) ? "IP6" : "IP4";

    private static void EnsureSingleLine(string value, string name)
    {
        if (value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
            throw new ArgumentException("An SDP value cannot hold a line break or NUL.", name);
    }

    private static void EnsureToken(string value, string name)
    {
        if (value.Length == 0 || value.AsSpan().IndexOfAny(" \t\r\n\0") >= 0)
            throw new ArgumentException("An SDP field must be non-empty and hold no white space.", name);
    }
}
