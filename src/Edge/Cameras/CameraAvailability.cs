using Edge.Media.Health;

namespace Edge.Cameras;

/// <summary>Why a camera has no picture to show right now, in a sentence for a 503 answer.</summary>
internal static class CameraAvailability
{
    /// <summary>Null while camera <paramref name="name"/> streams (or is unknown to the health model); else the reason it does not.</summary>
    public static string? NotStreamingReason(HealthModel health, string name)
    {
        var camera = health.Cameras.FirstOrDefault(c => c.Name == name);
        if (camera is null || camera.State == CameraState.Streaming)
            return null;
        var state = camera.State.ToString().ToLowerInvariant();
        return camera.Detail.Length == 0 || camera.State != CameraState.Failed
            ? $"camera {name} is {state}, so there is no picture"
            : $"camera {name} is {state}: {camera.Detail}";
    }
}
