namespace Edge.Cameras;

/// <summary>A camera whose source or encoder cannot run in this build or on this board; each attempt fails with the reason.</summary>
internal sealed class UnavailablePipeline(string description, string reason) : ICameraPipeline
{
    public string Description { get; } = description;

    public Task RunAsync(Action onStreaming, Action onProgress, CancellationToken cancellationToken) =>
        Task.FromException(new NotSupportedException(reason));
}
