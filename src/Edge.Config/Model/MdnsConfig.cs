namespace Edge.Config;

/// <summary>
/// <c>[mdns]</c>: whether edge announces its cameras and status page over mDNS / DNS-SD through
/// avahi, so NVRs, VLC and phones find the box as NAME.local without its address.
/// </summary>
public sealed record MdnsConfig
{
    /// <summary>Announce through avahi-daemon when it runs (on by default; without avahi, edge logs it once and streams on).</summary>
    public bool Enabled { get; init; } = true;
}
