namespace Edge.Config;

/// <summary><c>[http] auth</c>: who may view the page, the JSON, the metrics, snapshots and the live view.</summary>
public enum HttpAuthMode
{
    /// <summary>No login on loopback; a login (<see cref="Login"/>) when the page listens beyond this machine.</summary>
    Auto,

    /// <summary>No login, wherever the page listens.</summary>
    None,

    /// <summary>A user from the config, by HTTP Basic or Digest, whichever the client picks.</summary>
    Login,

    /// <summary>A user from the config, by HTTP Digest only: the password never crosses the network, even without TLS.</summary>
    Digest,
}
