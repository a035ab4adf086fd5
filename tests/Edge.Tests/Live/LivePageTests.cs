using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Edge.Live;

namespace Edge.Tests.Live;

public sealed partial class LivePageTests
{
    [Fact]
    public void The_policy_allows_exactly_the_inline_player_script_by_its_hash()
    {
        var page = Encoding.UTF8.GetString(LivePage.Write("front"));

        var script = ScriptPattern().Match(page);
        Assert.True(script.Success, page);
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script.Groups[1].Value)));
        Assert.Contains($"script-src 'sha256-{hash}'", LivePage.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Single(ScriptPattern().Matches(page));
        Assert.Contains("new WebSocket(", script.Groups[1].Value, StringComparison.Ordinal);
    }

    [Fact]
    public void The_policy_lets_the_player_reach_its_WebSocket_its_MediaSource_and_the_snapshots_only()
    {
        var policy = LivePage.ContentSecurityPolicy.Split(';', StringSplitOptions.TrimEntries);

        Assert.Contains("default-src 'none'", policy);
        Assert.Contains("connect-src 'self'", policy);
        Assert.Contains("media-src blob:", policy);
        Assert.Contains("img-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain(policy, p => p.Contains("unsafe-inline", StringComparison.Ordinal) && p.StartsWith("script-src", StringComparison.Ordinal));
    }

    [Fact]
    public void The_page_points_the_video_at_the_cameras_stream_and_escapes_its_name()
    {
        var page = Encoding.UTF8.GetString(LivePage.Write("yard & <gate>"));

        Assert.Contains("<video id=\"live\" autoplay muted playsinline aria-label=\"yard &amp; &lt;gate&gt; live\"", page, StringComparison.Ordinal);
        Assert.Contains("data-ws=\"/cameras/yard%20%26%20%3Cgate%3E/live\"", page, StringComparison.Ordinal);
        Assert.Contains("data-snapshot=\"/cameras/yard%20%26%20%3Cgate%3E/snapshot.jpg\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<gate>", page, StringComparison.Ordinal);
    }

    [GeneratedRegex("<script>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ScriptPattern();
}
