using Edge.Auth;

namespace Edge.Onvif;

/// <summary>What the ONVIF device and media services serve, mapped by the host from its config.</summary>
public sealed record OnvifOptions
{
    public required OnvifDeviceInfo Device { get; init; }

    /// <summary>Cameras in config order; the first is the default for requests that name none.</summary>
    public required IReadOnlyList<OnvifCamera> Cameras { get; init; }

    /// <summary>The RTSP server's port, for GetStreamUri.</summary>
    public required int RtspPort { get; init; }

    /// <summary>The RTSP server's address when it listens on one address only; null when it listens on all (then the address the client reached is used).</summary>
    public string? RtspHost { get; init; }

    /// <summary>Whether the RTSP server takes RTP over its TCP connection (interleaved).</summary>
    public bool RtspTcp { get; init; } = true;

    /// <summary>Whether the RTSP server sends RTP over UDP.</summary>
    public bool RtspUdp { get; init; } = true;

    /// <summary>True when every call but the few the spec leaves open needs a user.</summary>
    public bool RequireAuth { get; init; }

    /// <summary>Who may call when <see cref="RequireAuth"/> is set.</summary>
    public IReadOnlyList<UserCredential> Users { get; init; } = [];

    /// <summary>Whether HTTP Basic and WS-Security plain-text passwords are accepted besides Digest.</summary>
    public bool AllowPlainPasswords { get; init; }

    /// <summary>The realm of HTTP Digest challenges (the web page's).</summary>
    public string Realm { get; init; } = "edge";

    /// <summary>The box's network interfaces, asked for on each GetNetworkInterfaces.</summary>
    public Func<IReadOnlyList<OnvifNetworkInterface>> NetworkInterfaces { get; init; } = () => [];

    /// <summary>The MAC address for the <c>MAC</c> scope, or null when none is known.</summary>
    public string? MacAddress { get; init; }

    /// <summary>The scopes this box announces and GetScopes lists.</summary>
    public IReadOnlyList<string> Scopes => OnvifScopes.For(Device, MacAddress);
}
