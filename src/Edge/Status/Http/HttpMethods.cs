namespace Edge.Status.Http;

/// <summary>The methods the status server serves.</summary>
internal static class HttpMethods
{
    public const string Get = "GET";
    public const string Head = "HEAD";
}
