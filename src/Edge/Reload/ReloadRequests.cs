using System.Threading.Channels;

namespace Edge.Reload;

/// <summary>
/// Requests for a reload, from SIGHUP or a saved file, waiting for the <see cref="ConfigReloader"/>.
/// At most one waits: requests made meanwhile fold into it, and the reload reads the file as it
/// is by the time it runs.
/// </summary>
internal sealed class ReloadRequests
{
    private readonly Channel<string> _waiting = Channel.CreateBounded<string>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Asks for a reload; <paramref name="trigger"/> says in the log what asked ("SIGHUP", "file saved").</summary>
    public void Request(string trigger) => _waiting.Writer.TryWrite(trigger);

    /// <summary>Waits for the next request and takes it; what asked is returned.</summary>
    public async Task<string> NextAsync(CancellationToken cancellationToken) =>
        await _waiting.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
}
