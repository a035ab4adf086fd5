namespace Edge.Cameras;

/// <summary>
/// One attempt at running a camera: open the source and encoder, stream into the hub until
/// cancelled or until something fails. The supervisor calls it again, with back-off, after a
/// failure.
/// </summary>
internal interface ICameraPipeline
{
    /// <summary>A short description of what runs, for logs and the status ("1280x720@30 test pattern, libx264").</summary>
    string Description { get; }

    /// <summary>The effective settings of the encoder that runs, for the status page; empty before it opened and for passthrough.</summary>
    string Encoding { get; }

    /// <summary>
    /// Streams until <paramref name="cancellationToken"/> is cancelled (returns normally) or a
    /// stage fails (throws, with a message a person can act on). <paramref name="onStreaming"/> is
    /// called once the first access unit reached the hub; <paramref name="onProgress"/> on every frame.
    /// </summary>
    Task RunAsync(Action onStreaming, Action onProgress, CancellationToken cancellationToken);
}
