using Edge.Config;
using Edge.Media.Streaming;
using Edge.Snapshots;
using Microsoft.Extensions.Logging;

namespace Edge.Cameras;

/// <summary>Chooses what runs for a camera from its config and what this board has.</summary>
internal static class CameraPipelineFactory
{
    public static ICameraPipeline Create(CameraConfig camera, StreamHub hub, RawFrameTap snapshotTap, ILoggerFactory loggers, ILogger log)
    {
        switch (camera.Source)
        {
            case CameraSourceKind.Test:
                return new RawCameraPipeline(camera, hub, snapshotTap, loggers);
            case CameraSourceKind.Auto when !File.Exists(camera.Device):
                CameraLog.NoDeviceUsingTestPattern(log, camera.Name, camera.Device);
                return new RawCameraPipeline(camera, hub, snapshotTap, loggers);
            case CameraSourceKind.Auto:
            case CameraSourceKind.V4l2:
                return new V4l2CameraPipeline(camera, hub, loggers, log) { SnapshotTap = snapshotTap };
            default:
                // rpicam and file: the source delivers H.264 already.
                return new EncodedCameraPipeline(camera, hub, loggers);
        }
    }
}
