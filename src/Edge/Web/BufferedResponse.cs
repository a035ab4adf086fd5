using System.Text;
using Microsoft.AspNetCore.Http;

namespace Edge.Web;

/// <summary>Writes whole responses whose body is ready in memory: the pages, the API, the health check.</summary>
internal static class BufferedResponse
{
    public const string PlainText = "text/plain; charset=utf-8";

    /// <summary>
    /// Sends <paramref name="body"/> with its type and length. For HEAD only the headers go out,
    /// still describing the body (RFC 9110 9.3.2). What is served changes by the second, so no
    /// cache may keep it, and no browser may guess another type.
    /// </summary>
    public static Task WriteAsync(HttpContext context, int statusCode, string contentType, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        if (HttpMethods.IsHead(context.Request.Method))
            return Task.CompletedTask;
        return response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    /// <summary>A plain-text answer: <paramref name="text"/> and a line end.</summary>
    public static Task TextAsync(HttpContext context, int statusCode, string text) =>
        WriteAsync(context, statusCode, PlainText, Encoding.UTF8.GetBytes(text + "\n"));
}
