using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Edge.EndToEnd.Tests.Support;

/// <summary>Small HTTP helpers for tests of the daemon's web server.</summary>
internal static class StatusApi
{
    /// <summary>Waits (up to <paramref name="bound"/>) until <c>/api/status</c> says <paramref name="camera"/> is streaming.</summary>
    public static async Task WaitUntilStreamingAsync(HttpClient client, string camera, EdgeServer edge, TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < bound)
        {
            try
            {
                last = await client.GetStringAsync("api/status");
                using var status = JsonDocument.Parse(last);
                if (status.RootElement.GetProperty("cameras").EnumerateArray().Any(c => c.GetProperty("name").GetString() == camera && c.GetProperty("state").GetString() == "streaming"))
                    return;
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            await Task.Delay(200);
        }
        Assert.Fail($"camera {camera} did not stream: {last}\n{edge.Process.Output}");
    }

    /// <summary>Polls <c>/api/status</c> until <paramref name="condition"/> holds (up to <paramref name="bound"/>), and returns that status.</summary>
    public static async Task<JsonElement> WaitForStatusAsync(HttpClient client, Func<JsonElement, bool> condition, EdgeServer edge, TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < bound)
        {
            try
            {
                last = await client.GetStringAsync("api/status");
                var root = JsonDocument.Parse(last).RootElement.Clone();
                if (condition(root))
                    return root;
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"/api/status did not reach the expected state within {bound.TotalSeconds:0} s. Last:\n{last}\nedge output:\n{edge.Process.Output}");
    }

    /// <summary>Reads a streamed body (live.mp4) as a player would, until it ends or <paramref name="stop"/>.</summary>
    public static async Task DrainAsync(Stream body, CancellationToken stop)
    {
        var buffer = new byte[65536];
        try
        {
            while (await body.ReadAsync(buffer, stop) > 0)
            {
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
        }
    }

    /// <summary>The status code and body of a GET.</summary>
    public static async Task<(HttpStatusCode Status, string Text)> GetTextAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
