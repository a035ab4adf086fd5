using System.Diagnostics.CodeAnalysis;

namespace Edge.Video.V4l2;

/// <summary>
/// The start-up check of the V4L2 binding: is there a layout table for this architecture, and does
/// the runtime lay out the fixed structs as the kernel expects? Call it once at start-up and report
/// the problem, rather than meeting it as EINVAL/ENOTTY from the first ioctl.
/// </summary>
public static class V4l2AbiCheck
{
    /// <summary>The layout in use, e.g. <c>x86_64</c>, <c>arm64</c> or <c>armhf (time64)</c>; null when unsupported.</summary>
    public static string? AbiName => V4l2Abi.TryVerify(out _) ? V4l2Abi.Current.Name : null;

    /// <summary>Returns false with a message naming the problem when V4L2 cannot be used by this process.</summary>
    public static bool TryVerify([NotNullWhen(false)] out string? problem) => V4l2Abi.TryVerify(out problem);

    /// <summary>Throws <see cref="PlatformNotSupportedException"/> with the problem when V4L2 cannot be used.</summary>
    public static void ThrowIfUnsupported()
    {
        if (!V4l2Abi.TryVerify(out var problem))
            throw new PlatformNotSupportedException(problem);
    }
}
