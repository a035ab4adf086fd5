using System.Globalization;

namespace Edge.Linux.Procfs;

/// <summary>
/// What this process holds, read from <c>/proc/self</c>: for watching a daemon that is meant to run
/// for months. Memory or descriptors that only ever grow are a leak; these numbers show it long
/// before the board runs out.
/// </summary>
/// <param name="ResidentBytes">Resident memory (what <c>ps</c> calls RSS), shared library pages included; -1 if unknown.</param>
/// <param name="ManagedHeapBytes">Bytes the .NET heap holds now; native memory (codecs, buffers) is not in it.</param>
/// <param name="Threads">Threads in the process; -1 if unknown.</param>
/// <param name="OpenFiles">Open file descriptors (sockets, devices, files); -1 if unknown.</param>
public sealed record ProcessResources(long ResidentBytes, long ManagedHeapBytes, int Threads, int OpenFiles)
{
    /// <summary>Reads the numbers now. Never throws: what cannot be read is -1.</summary>
    public static ProcessResources ReadSelf() => new(
        ReadResidentBytes("/proc/self/statm"),
        GC.GetTotalMemory(forceFullCollection: false),
        ReadThreads("/proc/self/status"),
        CountOpenFiles("/proc/self/fd"));

    /// <summary>The second field of <c>statm</c> (resident pages) times the page size.</summary>
    public static long ParseResidentBytes(string statm, long pageSize)
    {
        var fields = statm.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 2 && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pages)
            ? pages * pageSize
            : -1;
    }

    /// <summary>The <c>Threads:</c> line of <c>status</c>.</summary>
    public static int ParseThreads(string status)
    {
        foreach (var line in status.Split('\n'))
        {
            if (line.StartsWith("Threads:", StringComparison.Ordinal)
                && int.TryParse(line.AsSpan("Threads:".Length).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var threads))
                return threads;
        }
        return -1;
    }

    private static long ReadResidentBytes(string path) =>
        TryReadText(path) is { } text ? ParseResidentBytes(text, Environment.SystemPageSize) : -1;

    private static int ReadThreads(string path) =>
        TryReadText(path) is { } text ? ParseThreads(text) : -1;

    private static int CountOpenFiles(string path)
    {
        try
        {
            // Listing the directory holds one descriptor of its own, which is not the daemon's.
            return Math.Max(0, Directory.EnumerateFileSystemEntries(path).Count() - 1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }

    private static string? TryReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
