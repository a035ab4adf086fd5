namespace Edge.Media.Health;

/// <summary>A push's state at one moment.</summary>
/// <param name="Name">The push as logged: its camera and redacted URL. Never the stream key.</param>
/// <param name="State">Where the push is.</param>
/// <param name="Detail">The reason while retrying, empty otherwise.</param>
/// <param name="BytesSent">Bytes written upstream since start.</param>
/// <param name="Reconnects">Attempts started after a failed one (retrying, then connecting again) since start.</param>
public sealed record PushHealth(string Name, PushState State, string Detail, long BytesSent, long Reconnects = 0);
