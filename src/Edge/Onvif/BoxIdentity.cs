using System.Runtime.InteropServices;

namespace Edge.Onvif;

/// <summary>What this box is, read once from the system: its machine id and, on a Raspberry Pi and its kin, the board's model.</summary>
internal static class BoxIdentity
{
    private static readonly string[] MachineIdFiles = ["/etc/machine-id", "/var/lib/dbus/machine-id"];

    /// <summary>
    /// The machine id, which systemd makes at first boot and keeps; failing that (a container
    /// without one) the first MAC address, and failing that the device name, so the UUID is at
    /// least stable on this box with this config.
    /// </summary>
    public static string MachineId(string deviceName)
    {
        foreach (var path in MachineIdFiles)
        {
            try
            {
                var id = File.ReadAllText(path).Trim();
                if (id.Length > 0)
                    return id;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
        return LocalInterfaces.PrimaryMac() ?? deviceName;
    }

    /// <summary>The board's model from the device tree ("Raspberry Pi 4 Model B Rev 1.4"), or null on a PC.</summary>
    public static string? BoardModel()
    {
        try
        {
            var model = File.ReadAllText("/proc/device-tree/model").TrimEnd('\0', '\n', ' ');
            return model.Length > 0 ? model : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The hardware id ONVIF asks for: the board, or the processor architecture.</summary>
    public static string HardwareId() => BoardModel() ?? RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();
}
