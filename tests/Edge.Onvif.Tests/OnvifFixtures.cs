using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Edge.Auth;
using Edge.Onvif.Security;
using Edge.Onvif.Soap;

namespace Edge.Onvif.Tests;

/// <summary>A two-camera box and requests written the way ONVIF clients write them.</summary>
internal static class OnvifFixtures
{
    public const string User = "viewer";
    public const string Password = "s3cret";

    public static readonly XNamespace Env = SoapNamespaces.Envelope12;
    public static readonly XNamespace Tds = SoapNamespaces.Device;
    public static readonly XNamespace Trt = SoapNamespaces.Media;
    public static readonly XNamespace Tt = SoapNamespaces.Schema;

    public static OnvifOptions Options(bool requireAuth = true) => new()
    {
        Device = new OnvifDeviceInfo
        {
            Manufacturer = "Edge",
            Model = "Edge on Test Board",
            FirmwareVersion = "0.1.0",
            SerialNumber = "0123456789AB",
            HardwareId = "x64",
            Name = "Front door",
            Location = "porch",
            Hostname = "edge-cam",
        },
        Cameras =
        [
            new OnvifCamera("front", 1280, 720, 30, 2500, 60, "Main"),
            new OnvifCamera("back", 640, 360, 15, 800, 30, "Baseline"),
        ],
        RtspPort = 8554,
        RequireAuth = requireAuth,
        Users = [new UserCredential(User, Password)],
        NetworkInterfaces = () => [new OnvifNetworkInterface("eth0", "dc:a6:32:01:02:03", 1500, [("192.168.1.20", 24)])],
        MacAddress = "dc:a6:32:01:02:03",
    };

    public static OnvifRequestContext Context => new("192.168.1.20", 8080);

    /// <summary>A SOAP 1.2 envelope around <paramref name="body"/>, with <paramref name="header"/> if any.</summary>
    public static byte[] Envelope(string body, string header = "") => Encoding.UTF8.GetBytes(
        $"<s:Envelope xmlns:s=\"{SoapNamespaces.Envelope12}\"><s:Header>{header}</s:Header><s:Body xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">{body}</s:Body></s:Envelope>");

    /// <summary>A UsernameToken as the npm onvif client writes it, with its digest computed here.</summary>
    public static string SecurityHeader(string user, string password, DateTimeOffset created, byte[]? nonce = null)
    {
        nonce ??= RandomNumberGenerator.GetBytes(16);
        var createdText = created.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
        var digest = UsernameTokenValidator.ComputeDigest(nonce, createdText, password);
        return "<Security s:mustUnderstand=\"1\" xmlns=\"" + SoapNamespaces.Security + "\"><UsernameToken>" +
            $"<Username>{user}</Username>" +
            $"<Password Type=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest\">{digest}</Password>" +
            $"<Nonce EncodingType=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary\">{Convert.ToBase64String(nonce)}</Nonce>" +
            $"<Created xmlns=\"{SoapNamespaces.SecurityUtility}\">{createdText}</Created>" +
            "</UsernameToken></Security>";
    }

    public static OnvifHttpRequest Post(byte[] body, string path = OnvifRequestContext.DevicePath, string? authorization = null) =>
        new("POST", path, authorization, body, false, Context);

    public static XDocument Parse(OnvifHttpResponse response) => XDocument.Parse(Encoding.UTF8.GetString(response.Body));

    public static XElement BodyOf(OnvifHttpResponse response) => Parse(response).Root!.Element(Env + "Body")!.Elements().Single();

    /// <summary>The fault's ONVIF subcode (<c>ter:...</c>), or null when the response is no fault.</summary>
    public static string? FaultSubcode(OnvifHttpResponse response)
    {
        var fault = Parse(response).Root!.Element(Env + "Body")!.Element(Env + "Fault");
        return fault?.Element(Env + "Code")!.Element(Env + "Subcode")!.Element(Env + "Value")!.Value;
    }
}
