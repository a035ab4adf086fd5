using System.Globalization;
using Edge.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Edge.Snapshots;

/// <summary>
/// <c>GET /cameras/NAME/snapshot.jpg[?width=N]</c> (and HEAD): a JPEG of the camera's picture at
/// most a second old, at the camera's size or scaled down to N pixels wide. 400 for a bad width,
/// 404 for an unknown camera, 503 with the reason (and <c>Retry-After</c>) when there is no picture.
/// </summary>
internal sealed class SnapshotEndpoint(SnapshotRegistry snapshots)
{
    public const string Route = "/cameras/{name}/snapshot.jpg";
    public const string ContentType = "image/jpeg";

    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    public void Map(IEndpointRouteBuilder routes) => routes.MapMethods(Route, GetAndHead, ServeAsync);

    private async Task ServeAsync(HttpContext context)
    {
        var name = context.Request.RouteValues["name"] as string ?? "";
        if (!snapshots.TryGet(name, out var camera))
        {
            await BufferedResponse.TextAsync(context, StatusCodes.Status404NotFound,
                $"no camera named \"{name}\"; the cameras are: {string.Join(", ", snapshots.Names)}").ConfigureAwait(false);
            return;
        }

        var query = context.Request.Query;
        var widths = query["width"];
        if (widths.Count > 1)
        {
            await BufferedResponse.TextAsync(context, StatusCodes.Status400BadRequest, "width may be given only once").ConfigureAwait(false);
            return;
        }
        if (!SnapshotSize.TryParseWidth(widths.Count == 0 ? null : widths[0], out var width, out var error))
        {
            await BufferedResponse.TextAsync(context, StatusCodes.Status400BadRequest, error).ConfigureAwait(false);
            return;
        }

        Snapshot snapshot;
        try
        {
            snapshot = await camera.GetAsync(width, context.RequestAborted).ConfigureAwait(false);
        }
        catch (SnapshotUnavailableException e)
        {
            context.Response.Headers.RetryAfter = e.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await BufferedResponse.TextAsync(context, StatusCodes.Status503ServiceUnavailable, e.Message).ConfigureAwait(false);
            return;
        }

        await BufferedResponse.WriteAsync(context, StatusCodes.Status200OK, ContentType, snapshot.Jpeg).ConfigureAwait(false);
    }
}
