using System.Diagnostics;
using System.Net.WebSockets;
using Edge.Media.Mp4;
using Edge.Media.Streaming;
using Edge.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Live;

/// <summary>
/// The live view as fragmented MP4, without re-encoding: <c>/cameras/NAME/live</c> is a WebSocket
/// whose binary messages are an init segment and then one fragment per picture, starting at an
/// IDR (what the page feeds to Media Source Extensions); <c>GET /cameras/NAME/live.mp4</c> is the
/// same stream as one chunked HTTP body, for ffmpeg, VLC and ffplay. 404 for an unknown camera,
/// 503 when it is not streaming or already has <see cref="LiveViewers.MaxPerCamera"/> viewers.
/// </summary>
internal sealed class LiveEndpoint(LiveViewers viewers, ILogger log)
{
    public const string WebSocketRoute = "/cameras/{name}/live";
    public const string Mp4Route = "/cameras/{name}/live.mp4";
    public const string Mp4ContentType = "video/mp4";

    /// <summary>A send that has not completed in this long means the viewer's link is dead or hopelessly slow; it is closed.</summary>
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long a closing WebSocket waits for the browser's close frame before dropping the connection.</summary>
    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet(WebSocketRoute, ServeWebSocketAsync);
        routes.MapGet(Mp4Route, ServeMp4Async);
    }

    /// <summary>The path of camera <paramref name="name"/>'s WebSocket.</summary>
    public static string WebSocketPathOf(string name) => $"/cameras/{Uri.EscapeDataString(name)}/live";

    /// <summary>The path of camera <paramref name="name"/>'s progressive MP4 stream.</summary>
    public static string Mp4PathOf(string name) => $"/cameras/{Uri.EscapeDataString(name)}/live.mp4";

    private async Task ServeWebSocketAsync(HttpContext context)
    {
        var name = CameraName(context);
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await BufferedResponse.TextAsync(context, StatusCodes.Status400BadRequest,
                $"{WebSocketPathOf(name)} is a WebSocket; open /cameras/{Uri.EscapeDataString(name)} in a browser to watch, or GET {Mp4PathOf(name)} for a plain HTTP stream").ConfigureAwait(false);
            return;
        }

        var admission = viewers.TryAdmit(name, RemoteEndPoint(context), LiveTransport.WebSocket);
        if (admission.Refusal is not null)
        {
            await RefuseAsync(context, admission).ConfigureAwait(false);
            return;
        }

        using var viewer = admission.Viewer!;
        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var shuttingDown = Stopping(context);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, shuttingDown);
        var closedByViewer = WatchForCloseAsync(socket, stop, context.RequestAborted);

        var outcome = await StreamAsync(admission.Hub!, viewer,
            (bytes, token) => socket.SendAsync(bytes, WebSocketMessageType.Binary, endOfMessage: true, token), stop.Token, shuttingDown).ConfigureAwait(false);

        await stop.CancelAsync().ConfigureAwait(false);
        await CloseAsync(socket, outcome, closedByViewer).ConfigureAwait(false);
    }

    private async Task ServeMp4Async(HttpContext context)
    {
        var name = CameraName(context);
        var admission = viewers.TryAdmit(name, RemoteEndPoint(context), LiveTransport.Http);
        if (admission.Refusal is not null)
        {
            await RefuseAsync(context, admission).ConfigureAwait(false);
            return;
        }

        using var viewer = admission.Viewer!;
        var response = context.Response;
        response.ContentType = Mp4ContentType;
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        var shuttingDown = Stopping(context);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, shuttingDown);
        await StreamAsync(admission.Hub!, viewer, async (bytes, token) =>
        {
            await response.Body.WriteAsync(bytes, token).ConfigureAwait(false);
            await response.Body.FlushAsync(token).ConfigureAwait(false);
        }, stop.Token, shuttingDown).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends the camera's fragmented MP4 until the viewer goes, the host stops, the stream ends or a
    /// send stalls past <see cref="SendTimeout"/>. The boundary of one viewer: its failures end it alone.
    /// </summary>
    private async Task<ViewerOutcome> StreamAsync(
        StreamHub hub, LiveViewer viewer,
        Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> send, CancellationToken stop, CancellationToken shuttingDown)
    {
        var camera = viewer.Camera;
        var transport = viewer.Transport == LiveTransport.WebSocket ? "WebSocket" : "HTTP";
        var started = Stopwatch.GetTimestamp();
        var latency = new DeliveryLatency();
        long bytes = 0;
        ViewerOutcome outcome;
        using var reader = new FragmentedMp4Reader(hub, $"live {viewer.Name}", stop);
        using var sendDeadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        LiveLog.ViewerStarted(log, camera, viewer.Name, transport);
        try
        {
            while (true)
            {
                var message = await reader.ReadAsync().ConfigureAwait(false);
                sendDeadline.CancelAfter(SendTimeout);
                await send(message.Bytes, sendDeadline.Token).ConfigureAwait(false);
                if (!sendDeadline.TryReset())
                    throw new OperationCanceledException(sendDeadline.Token);
                bytes += message.Bytes.Length;
                viewer.CountSent(message.Bytes.Length);
                if (!message.IsInitSegment)
                    latency.Add(message.CaptureTimestamp);
            }
        }
        catch (StreamClosedException)
        {
            outcome = ViewerOutcome.StreamEnded;
        }
        catch (OperationCanceledException) when (shuttingDown.IsCancellationRequested)
        {
            outcome = ViewerOutcome.ShuttingDown;
        }
        catch (OperationCanceledException) when (sendDeadline.IsCancellationRequested && !stop.IsCancellationRequested)
        {
            outcome = ViewerOutcome.Stalled;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or WebSocketException)
        {
            outcome = ViewerOutcome.ViewerLeft;
        }
        catch (Exception e)
        {
            LiveLog.ViewerFailed(log, camera, viewer.Name, e);
            outcome = ViewerOutcome.Failed;
        }

        LiveLog.ViewerLeft(log, camera, viewer.Name, Stopwatch.GetElapsedTime(started).TotalSeconds, Describe(outcome),
            latency.Count, bytes, reader.Subscriber.DroppedFrames, latency.MeanMilliseconds, latency.MaxMilliseconds);
        return outcome;
    }

    /// <summary>Reads (and ignores) what the browser sends until its close frame, then ends the viewer.</summary>
    private static async Task WatchForCloseAsync(WebSocket socket, CancellationTokenSource viewerEnds, CancellationToken connectionGone)
    {
        var buffer = new byte[256];
        try
        {
            while ((await socket.ReceiveAsync(buffer.AsMemory(), connectionGone).ConfigureAwait(false)).MessageType != WebSocketMessageType.Close)
            {
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException)
        {
        }
        finally
        {
            await viewerEnds.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Says goodbye with a close frame that gives the reason, and waits briefly for the browser's.</summary>
    private static async Task CloseAsync(WebSocket socket, ViewerOutcome outcome, Task closedByViewer)
    {
        using var timeout = new CancellationTokenSource(CloseTimeout);
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                var status = outcome is ViewerOutcome.ShuttingDown or ViewerOutcome.StreamEnded
                    ? WebSocketCloseStatus.EndpointUnavailable
                    : outcome == ViewerOutcome.Failed ? WebSocketCloseStatus.InternalServerError : WebSocketCloseStatus.NormalClosure;
                await socket.CloseOutputAsync(status, Describe(outcome), timeout.Token).ConfigureAwait(false);
            }
            await closedByViewer.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException)
        {
            socket.Abort();
        }
    }

    private static Task RefuseAsync(HttpContext context, LiveViewers.Admission admission)
    {
        if (admission.Refusal == AdmissionRefusal.UnknownCamera)
            return BufferedResponse.TextAsync(context, StatusCodes.Status404NotFound, admission.Reason);
        context.Response.Headers.RetryAfter = "5";
        return BufferedResponse.TextAsync(context, StatusCodes.Status503ServiceUnavailable, admission.Reason);
    }

    private static string CameraName(HttpContext context) => context.Request.RouteValues["name"] as string ?? "";

    /// <summary>The viewer's address (IPv4 as such, not mapped into IPv6) and port.</summary>
    private static System.Net.IPEndPoint RemoteEndPoint(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress ?? System.Net.IPAddress.None;
        return new System.Net.IPEndPoint(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address, context.Connection.RemotePort);
    }

    /// <summary>Cancelled when the web server begins to stop, so viewers are closed with a reason rather than cut off.</summary>
    private static CancellationToken Stopping(HttpContext context) =>
        context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;

    private static string Describe(ViewerOutcome outcome) => outcome switch
    {
        ViewerOutcome.StreamEnded => "the camera's stream ended",
        ViewerOutcome.ShuttingDown => "edge is stopping",
        ViewerOutcome.Stalled => $"sending stalled for {SendTimeout.TotalSeconds:0} s",
        ViewerOutcome.Failed => "internal error",
        _ => "the viewer closed",
    };

    private enum ViewerOutcome
    {
        ViewerLeft,
        StreamEnded,
        ShuttingDown,
        Stalled,
        Failed,
    }
}
