namespace Edge.EndToEnd.Tests.Support;

/// <summary>Camera tables the end-to-end tests start edge with.</summary>
internal static class TestCameras
{
    /// <summary>One test-pattern camera "cam", small so that many clients decode it cheaply.</summary>
    public const string One = """
        [camera.cam]
        source = "test"
        width = 320
        height = 240
        fps = 25
        """;
}
