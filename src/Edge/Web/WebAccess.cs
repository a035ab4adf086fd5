using Edge.Auth;
using Edge.Config;
using Edge.Media.Diagnostics;
using Edge.Snapshots;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Edge.Web;

/// <summary>
/// Who may view: runs before every route. When the config asks for a login
/// (<see cref="HttpConfig.LoginRequired"/>), a request needs a user's credentials, by HTTP Basic
/// or Digest (RFC 7616, SHA-256 or MD5) through the shared <see cref="HttpAuthenticator"/>, or
/// the session cookie a browser got with its first good request, or for a snapshot the key of a
/// <see cref="SnapshotLinks"/> URL; otherwise it is answered 401
/// with one <c>WWW-Authenticate</c> per scheme, which makes a browser show its login prompt.
/// </summary>
/// <remarks>
/// <para>
/// The ONVIF services (<c>/onvif/...</c>) pass through: <see cref="Onvif.OnvifServer"/> checks
/// each call itself. <c>/healthz</c> stays open for uptime monitors, but without a login it says only
/// <c>ok</c> or <c>not ok</c> (see <see cref="MayShowDetail"/>).
/// </para>
/// <para>
/// A 401 is the same whether the user exists or not. Failed logins are logged at most once a
/// minute per client address, with the user name the client gave and never a password or an
/// <c>Authorization</c> value. A WebSocket from a page of another site is refused (403): the
/// browser would otherwise lend that page its cached login.
/// </para>
/// </remarks>
internal sealed class WebAccess
{
    private static readonly TimeSpan FailureLogInterval = TimeSpan.FromMinutes(1);
    private static readonly object AnonymousKey = new();

    private readonly HttpAuthenticator? _authenticator;
    private readonly SessionCookie _cookies;
    private readonly SnapshotLinks _snapshotLinks;
    private readonly LogThrottle _failureLog;
    private readonly ILogger _log;
    private readonly bool _secureCookie;

    /// <param name="config">Who may log in, and whether anyone must.</param>
    /// <param name="time">The clock, for cookie expiry and throttled log lines.</param>
    /// <param name="log">Where failed logins are reported.</param>
    /// <param name="snapshotLinks">The keys that open one camera's snapshot without a login (MQTT's image entity); none when null.</param>
    public WebAccess(HttpConfig config, TimeProvider time, ILogger log, SnapshotLinks? snapshotLinks = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        _log = log;
        _snapshotLinks = snapshotLinks ?? new SnapshotLinks();
        _cookies = new SessionCookie(time);
        _failureLog = new LogThrottle(FailureLogInterval, time);
        _secureCookie = config.IsTls;
        if (config.LoginRequired)
        {
            var schemes = config.Auth == HttpAuthMode.Digest ? AuthSchemes.Digest : AuthSchemes.Digest | AuthSchemes.Basic;
            _authenticator = new HttpAuthenticator(
                schemes,
                [DigestAlgorithm.Sha256, DigestAlgorithm.Md5],
                [.. config.Users.Select(u => new UserCredential(u.Name, u.Password))],
                config.Realm,
                time);
        }
    }

    /// <summary>True when viewing needs a login.</summary>
    public bool LoginRequired => _authenticator is not null;

    /// <summary>True when the request may see details (the reason behind an unhealthy /healthz): no login is needed, or it logged in.</summary>
    public static bool MayShowDetail(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return !context.Items.ContainsKey(AnonymousKey);
    }

    /// <summary>The middleware: lets the request through to <paramref name="next"/>, or answers it.</summary>
    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (_authenticator is null)
            return next(context);

        // ONVIF leaves a few calls open (the time, the services) and takes credentials inside the
        // SOAP envelope too, so its services check every call themselves, against these users.
        if (Onvif.OnvifEndpoint.Serves(context.Request.Path))
            return next(context);

        if (IsCrossSiteWebSocket(context.Request))
            return BufferedResponse.TextAsync(context, StatusCodes.Status403Forbidden, "a WebSocket from a page of another site is refused; open the live view from this box's own page");

        if (_cookies.Validate(context.Request.Cookies[SessionCookie.Name]) is not null)
            return next(context);

        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        {
            if (SnapshotCameraOf(context.Request.Path) is { } camera && _snapshotLinks.Opens(camera, context.Request.Query[SnapshotLinks.QueryName].ToString()))
                return next(context);
        }

        var authorization = context.Request.Headers.Authorization.Count == 1 ? context.Request.Headers.Authorization[0] : null;
        var result = _authenticator.Check(context.Request.Method, RequestTarget(context), authorization);
        if (result.IsAllowed)
        {
            context.Response.Cookies.Append(SessionCookie.Name, _cookies.Issue(result.UserName ?? ""), new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = _secureCookie,
                Path = "/",
                IsEssential = true,
            });
            return next(context);
        }

        // The health check stays open, saying no more than ok or not ok.
        if (context.Request.Path.Equals(Status.StatusEndpoints.HealthPath, StringComparison.Ordinal))
        {
            context.Items[AnonymousKey] = null;
            return next(context);
        }

        if (result.Status == AuthStatus.Denied)
            ReportFailure(context, result);
        foreach (var challenge in result.Challenges)
            context.Response.Headers.Append("WWW-Authenticate", challenge);
        return BufferedResponse.TextAsync(context, StatusCodes.Status401Unauthorized, "login required: a user from [[http.users]] or [[rtsp.users]] of this box's edge.toml");
    }

    /// <summary>The camera of a <c>/cameras/NAME/snapshot.jpg</c> path, or null for any other path.</summary>
    internal static string? SnapshotCameraOf(PathString path)
    {
        const string Prefix = "/cameras/";
        const string Suffix = "/snapshot.jpg";
        var value = path.Value;
        if (value is null || value.Length <= Prefix.Length + Suffix.Length
            || !value.StartsWith(Prefix, StringComparison.Ordinal) || !value.EndsWith(Suffix, StringComparison.Ordinal))
            return null;
        var name = value[Prefix.Length..^Suffix.Length];
        return name.Contains('/', StringComparison.Ordinal) ? null : name;
    }

    /// <summary>The request target as the client sent it (path and query), which a Digest client signs.</summary>
    private static string RequestTarget(HttpContext context) =>
        context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw
            ? raw
            : context.Request.Path.Value + context.Request.QueryString.Value;

    private static bool IsCrossSiteWebSocket(HttpRequest request)
    {
        // Read from the header: this gate runs before the WebSocket middleware has looked at the request.
        if (!request.Headers.Upgrade.Any(u => string.Equals(u, "websocket", StringComparison.OrdinalIgnoreCase)))
            return false;
        var origin = request.Headers.Origin.Count == 1 ? request.Headers.Origin[0] : null;
        if (origin is null)
            return false; // not a browser: a script or a player, which lends no one its login
        return !Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            || !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    private void ReportFailure(HttpContext context, AuthResult result)
    {
        var address = context.Connection.RemoteIpAddress;
        var client = (address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address)?.ToString() ?? "unknown";
        if (_failureLog.ShouldLog(client))
            Status.HttpLog.LoginFailed(_log, client, result.Reason ?? "wrong credentials", result.UserName ?? "");
    }
}
