using System.Runtime.InteropServices;

namespace Edge.Reload;

/// <summary>
/// SIGHUP from the first moment of <c>edge run</c> until <see cref="ConfigReloader"/> takes
/// over, and remembered for it. SIGHUP's default action ends a process, and systemd counts a
/// death by SIGHUP as a clean exit, so it would not even restart edge: a
/// <c>systemctl reload edge</c> landing while the host is being built (as when edge has waited
/// for a broken file, the file is fixed, and the fix itself asks for a reload) ended the daemon.
/// </summary>
/// <remarks>
/// A SIGHUP that arrives before the reloader exists may announce a file written after edge read
/// it, so the reloader reloads once at start when one came (<see cref="Take"/>); when the file
/// is the one edge started with, that reload changes nothing and says so.
/// </remarks>
internal sealed class EarlyHangup : IDisposable
{
    private readonly PosixSignalRegistration _registration;
    private int _received;

    private EarlyHangup()
    {
        _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            Interlocked.Exchange(ref _received, 1);
        });
    }

    /// <summary>Takes SIGHUP from now on.</summary>
    public static EarlyHangup Listen() => new();

    /// <summary>Whether a SIGHUP came since <see cref="Listen"/> or the last call; clears it.</summary>
    public bool Take() => Interlocked.Exchange(ref _received, 0) == 1;

    public void Dispose() => _registration.Dispose();
}
