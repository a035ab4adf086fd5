using Edge.EndToEnd.Tests.Support;

namespace Edge.EndToEnd.Tests.Rtsp;

/// <summary>Basic and Digest authentication with ffmpeg as the client.</summary>
public sealed class RtspAuthTests
{
    private const string Password = "Pa55-word-SECRET";

    private static string Config(string mode) => $"""
        auth = "{mode}"
        [[rtsp.users]]
        name = "viewer"
        password = "{Password}"
        {TestCameras.One}
        """;

    [Theory]
    [InlineData("basic")]
    [InlineData("digest")]
    public async Task RightPassword_Plays(string mode)
    {
        await using var edge = await EdgeServer.StartAsync("", Config(mode));

        var url = $"rtsp://viewer:{Password}@127.0.0.1:{edge.RtspPort}/cam";
        var pull = await RtspPull.DecodeAsync(url, "tcp", 320, 240, 3);

        RtspPull.AssertClean(pull, 75, source: edge);
        Assert.DoesNotContain(Password, edge.Process.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("basic")]
    [InlineData("digest")]
    public async Task WrongPassword_Is401_AndLoggedWithoutThePassword(string mode)
    {
        await using var edge = await EdgeServer.StartAsync("", Config(mode));

        var result = await ExternalTool.RunAsync("ffprobe",
            ["-v", "error", "-rtsp_transport", "tcp", $"rtsp://viewer:WRONG-{Password}@127.0.0.1:{edge.RtspPort}/cam"], TimeSpan.FromSeconds(20));
        var anonymous = await ExternalTool.RunAsync("ffprobe",
            ["-v", "error", "-rtsp_transport", "tcp", edge.Url("cam")], TimeSpan.FromSeconds(20));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("401", result.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, anonymous.ExitCode);
        Assert.Contains("401", anonymous.Stderr, StringComparison.Ordinal);
        await Task.Delay(500);
        Assert.Contains("user \"viewer\"", edge.Process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, edge.Process.Output, StringComparison.Ordinal);
    }
}
