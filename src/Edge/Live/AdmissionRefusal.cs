namespace Edge.Live;

/// <summary>Why a live viewer was turned away; each maps to one HTTP status.</summary>
internal enum AdmissionRefusal
{
    /// <summary>404: no camera has that name.</summary>
    UnknownCamera,

    /// <summary>503: the camera exists but is not streaming.</summary>
    NotStreaming,

    /// <summary>503: the camera already has <see cref="LiveViewers.MaxPerCamera"/> viewers.</summary>
    TooManyViewers,
}
