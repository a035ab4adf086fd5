using Microsoft.Extensions.Hosting.Systemd;

namespace Edge.Tests.Hosting;

/// <summary>
/// Microsoft.Extensions.Hosting.Systemd's own <see cref="SystemdNotifier"/>, pointed at a test's
/// socket through <c>$NOTIFY_SOCKET</c>, the only way the library takes one.
/// </summary>
internal static class LibraryNotifier
{
    /// <summary>
    /// <c>$NOTIFY_SOCKET</c> is process-wide and the library reads it in its constructor: every
    /// notifier the tests create is created under this lock, and the variable is restored after.
    /// </summary>
    private static readonly Lock EnvironmentLock = new();

    /// <summary>A notifier for <paramref name="notifySocket"/>; null gives one as outside any service manager.</summary>
    public static SystemdNotifier For(string? notifySocket)
    {
        lock (EnvironmentLock)
        {
            var saved = Environment.GetEnvironmentVariable("NOTIFY_SOCKET");
            Environment.SetEnvironmentVariable("NOTIFY_SOCKET", notifySocket);
            try
            {
                return new SystemdNotifier();
            }
            finally
            {
                Environment.SetEnvironmentVariable("NOTIFY_SOCKET", saved);
            }
        }
    }
}
