namespace Edge.Config;

/// <summary><c>[http]</c>: the status page, JSON, metrics, snapshots and live view.</summary>
public sealed record HttpConfig
{
    public bool Enabled { get; init; } = true;

    public ListenEndpoint Listen { get; init; } = new("127.0.0.1", 8080);

    /// <summary>The <c>auth</c> setting as written.</summary>
    public HttpAuthMode Auth { get; init; } = HttpAuthMode.Auto;

    /// <summary>
    /// Who may log in: <c>[[http.users]]</c> when the file has any, otherwise <c>[[rtsp.users]]</c>
    /// (see <see cref="UsersFromRtsp"/>).
    /// </summary>
    public IReadOnlyList<UserConfig> Users { get; init; } = [];

    /// <summary>True when <see cref="Users"/> are the RTSP users, the file having no <c>[[http.users]]</c>.</summary>
    public bool UsersFromRtsp { get; init; }

    /// <summary>Realm shown in login prompts (the RTSP one, so a Digest client may use one password store for both).</summary>
    public string Realm { get; init; } = "edge";

    /// <summary>PEM certificate (chain) to serve HTTPS with, or null for plain HTTP. Set together with <see cref="TlsKey"/>.</summary>
    public string? TlsCertificate { get; init; }

    /// <summary>PEM private key of <see cref="TlsCertificate"/>, or null.</summary>
    public string? TlsKey { get; init; }

    /// <summary>True when HTTPS is served.</summary>
    public bool IsTls => TlsCertificate is not null && TlsKey is not null;

    /// <summary>True when a request needs a user: always with login or digest, and with auto beyond loopback.</summary>
    public bool LoginRequired => Auth switch
    {
        HttpAuthMode.Login or HttpAuthMode.Digest => true,
        HttpAuthMode.Auto => !Listen.IsLoopback,
        _ => false,
    };

    /// <summary>Browsers (and live.mp4 readers) that may watch one camera live at a time; the next is answered 503.</summary>
    public int LiveViewersPerCamera { get; init; } = 8;
}
