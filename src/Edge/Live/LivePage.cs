using System.Net;
using System.Security.Cryptography;
using System.Text;
using Edge.Snapshots;
using Edge.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Edge.Live;

/// <summary>
/// <c>GET /cameras/NAME</c>: a page that plays the camera live in a <c>&lt;video&gt;</c> element,
/// fed through Media Source Extensions from <see cref="LiveEndpoint.WebSocketRoute"/>; it keeps
/// within about a second and a half of the live edge and, in a browser without MSE or without the
/// stream's codec, shows a snapshot refreshed every second instead and says so.
/// </summary>
internal sealed class LivePage(LiveViewers viewers)
{
    public const string Route = "/cameras/{name}";
    public const string ContentType = "text/html; charset=utf-8";

    // Initialised before the policy, which hashes it.
    private static readonly string Script = LoadScript();

    /// <summary>
    /// The one script, inline and allowed by its hash; connections only to this server (the
    /// WebSocket), media only from the page's own MediaSource (a blob: URL), pictures only from
    /// this server (the snapshot fallback). Nothing else runs or loads.
    /// </summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; script-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Script)))}'; style-src 'unsafe-inline'; img-src 'self'; media-src blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    public void Map(IEndpointRouteBuilder routes) => routes.MapMethods(Route, GetAndHead, ServeAsync);

    /// <summary>The path of camera <paramref name="name"/>'s live page.</summary>
    public static string PathOf(string name) => $"/cameras/{Uri.EscapeDataString(name)}";

    private Task ServeAsync(HttpContext context)
    {
        var name = context.Request.RouteValues["name"] as string ?? "";
        if (!viewers.Names.Contains(name))
        {
            return BufferedResponse.TextAsync(context, StatusCodes.Status404NotFound,
                $"no camera named \"{name}\"; the cameras are: {string.Join(", ", viewers.Names)}");
        }
        context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        return BufferedResponse.WriteAsync(context, StatusCodes.Status200OK, ContentType, Write(name));
    }

    /// <summary>The page of camera <paramref name="name"/>; every value from the config is escaped.</summary>
    public static byte[] Write(string name)
    {
        var title = WebUtility.HtmlEncode(name);
        var page = new StringBuilder(8192)
            .Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(title).Append(" · live · Edge</title>\n")
            .Append("<style>body{font:15px/1.4 system-ui,sans-serif;margin:1em auto;max-width:80em;padding:0 1em;color:#222;background:#fafafa}")
            .Append("video,img{display:block;width:100%;height:auto;background:#111}#note{color:#555}</style>\n</head>\n<body>\n")
            .Append("<p><a href=\"/\">← status</a></p>\n<h1>").Append(title).Append("</h1>\n")
            .Append("<video id=\"live\" autoplay muted playsinline aria-label=\"").Append(title).Append(" live\"")
            .Append(" data-ws=\"").Append(WebUtility.HtmlEncode(LiveEndpoint.WebSocketPathOf(name))).Append('"')
            .Append(" data-snapshot=\"").Append(WebUtility.HtmlEncode(SnapshotRegistry.PathOf(name))).Append("\"></video>\n")
            .Append("<p id=\"note\">Connecting…</p>\n")
            .Append("<p>Also: <a href=\"").Append(WebUtility.HtmlEncode(LiveEndpoint.Mp4PathOf(name))).Append("\">live.mp4</a> for VLC or ffplay, ")
            .Append("<a href=\"").Append(WebUtility.HtmlEncode(SnapshotRegistry.PathOf(name))).Append("\">snapshot.jpg</a>.</p>\n")
            .Append("<script>").Append(Script).Append("</script>\n</body>\n</html>\n");
        return Encoding.UTF8.GetBytes(page.ToString());
    }

    private static string LoadScript()
    {
        using var stream = typeof(LivePage).Assembly.GetManifestResourceStream("Edge.Live.LivePlayerScript.js")
            ?? throw new InvalidOperationException("The live player script is missing from the edge binary (embedded resource Edge.Live.LivePlayerScript.js).");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
