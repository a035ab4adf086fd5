using System.Runtime.InteropServices;

namespace Edge.Reload;

/// <summary>
/// SIGHUP (<c>systemctl reload edge</c>) for the whole life of <c>edge run</c>, as a request on
/// <see cref="ReloadRequests"/> that <see cref="ConfigReloader"/> serves once the host runs.
/// </summary>
/// <remarks>
/// Taken from the first moment, before the config is read: SIGHUP's default action ends a
/// process, and systemd counts a death by SIGHUP as a clean exit, so it would not even restart
/// edge. A reload landing while the host was being built (as when edge has waited for a broken
/// file, the file is fixed, and the fix itself asks for a reload) ended the daemon. A request
/// made before the reloader runs may announce a file written after edge read it, so it is kept
/// and served; when the file is the one edge started with, that reload changes nothing and says so.
/// </remarks>
internal sealed class HangupSignal : IDisposable
{
    private readonly PosixSignalRegistration _registration;

    private HangupSignal(ReloadRequests requests)
    {
        _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            requests.Request("SIGHUP");
        });
    }

    /// <summary>Turns SIGHUP into reload requests from now on.</summary>
    public static HangupSignal RequestReloads(ReloadRequests requests) => new(requests);

    public void Dispose() => _registration.Dispose();
}
