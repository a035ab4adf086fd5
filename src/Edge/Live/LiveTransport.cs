namespace Edge.Live;

/// <summary>How a live viewer gets the camera's fragmented MP4.</summary>
internal enum LiveTransport
{
    /// <summary>The browser's live view: binary WebSocket messages into Media Source Extensions.</summary>
    WebSocket,

    /// <summary><c>live.mp4</c>: one chunked HTTP response, for ffmpeg, VLC and ffplay.</summary>
    Http,
}
