using System.Security.Cryptography;
using System.Text;

namespace Edge.Onvif;

/// <summary>
/// Names that stay the same for one box across restarts, upgrades and re-installs of Edge, derived
/// from its machine id (<c>/etc/machine-id</c>): the WS-Discovery endpoint UUID, by which an NVR
/// recognises a camera it already has, and the serial number. A hash, so the machine id itself,
/// which other software treats as confidential, is never shown.
/// </summary>
public sealed class OnvifIdentity
{
    private readonly byte[] _hash;

    public OnvifIdentity(string machineId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(machineId);
        _hash = SHA256.HashData(Encoding.UTF8.GetBytes("edge-onvif:" + machineId.Trim()));
    }

    /// <summary><c>urn:uuid:</c> and a version-5-shaped UUID (RFC 9562 layout, SHA-256 truncated).</summary>
    public string EndpointUuid
    {
        get
        {
            Span<byte> bytes = stackalloc byte[16];
            _hash.AsSpan(0, 16).CopyTo(bytes);
            bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
            bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
            return "urn:uuid:" + new Guid(bytes, bigEndian: true).ToString("D");
        }
    }

    /// <summary>Twelve upper-case hex digits, like a camera's serial.</summary>
    public string SerialNumber => Convert.ToHexString(_hash.AsSpan(16, 6));
}
