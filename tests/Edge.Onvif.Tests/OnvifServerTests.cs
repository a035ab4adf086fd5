using System.Security.Cryptography;
using System.Text;
using Edge.Onvif.Soap;
using Microsoft.Extensions.Time.Testing;
using static Edge.Onvif.Tests.OnvifFixtures;

namespace Edge.Onvif.Tests;

/// <summary>The device and media services through <see cref="OnvifServer"/>: who may call what, and what each call says.</summary>
public sealed class OnvifServerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData(OnvifRequestContext.DevicePath, "<GetSystemDateAndTime xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/>")]
    [InlineData(OnvifRequestContext.DevicePath, "<GetCapabilities xmlns=\"http://www.onvif.org/ver10/device/wsdl\"><Category>All</Category></GetCapabilities>")]
    [InlineData(OnvifRequestContext.DevicePath, "<GetServices xmlns=\"http://www.onvif.org/ver10/device/wsdl\"><IncludeCapability>true</IncludeCapability></GetServices>")]
    [InlineData(OnvifRequestContext.DevicePath, "<GetServiceCapabilities xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/>")]
    [InlineData(OnvifRequestContext.MediaPath, "<GetServiceCapabilities xmlns=\"http://www.onvif.org/ver10/media/wsdl\"/>")]
    public void OpenCalls_AreAnsweredWithoutALogin(string path, string body)
    {
        var response = Handle(path, Envelope(body));

        Assert.Equal(200, response.StatusCode);
        Assert.Null(FaultSubcode(response));
    }

    [Theory]
    [InlineData(OnvifRequestContext.DevicePath, "<GetDeviceInformation xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/>")]
    [InlineData(OnvifRequestContext.DevicePath, "<GetNetworkInterfaces xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/>")]
    [InlineData(OnvifRequestContext.DevicePath, "<SystemReboot xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/>")]
    [InlineData(OnvifRequestContext.MediaPath, "<GetProfiles xmlns=\"http://www.onvif.org/ver10/media/wsdl\"/>")]
    [InlineData(OnvifRequestContext.MediaPath, "<GetStreamUri xmlns=\"http://www.onvif.org/ver10/media/wsdl\"><ProfileToken>front</ProfileToken></GetStreamUri>")]
    public void OtherCalls_WithoutCredentials_Get401WithDigestChallengesAndNotAuthorized(string path, string body)
    {
        var response = Handle(path, Envelope(body));

        Assert.Equal(401, response.StatusCode);
        Assert.Contains(response.Challenges, c => c.StartsWith("Digest realm=\"edge\"", StringComparison.Ordinal) && c.Contains("algorithm=MD5", StringComparison.Ordinal));
        Assert.Equal("ter:NotAuthorized", FaultSubcode(response));
    }

    [Fact]
    public void AUsernameToken_OpensTheOtherCalls()
    {
        var response = Handle(OnvifRequestContext.DevicePath, Envelope(
            "<GetDeviceInformation xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/>",
            SecurityHeader(User, Password, _time.GetUtcNow())));

        Assert.Equal(200, response.StatusCode);
        var info = BodyOf(response);
        Assert.Equal(("Edge", "Edge on Test Board", "0.1.0", "0123456789AB", "x64"), (
            info.Element(Tds + "Manufacturer")!.Value, info.Element(Tds + "Model")!.Value, info.Element(Tds + "FirmwareVersion")!.Value,
            info.Element(Tds + "SerialNumber")!.Value, info.Element(Tds + "HardwareId")!.Value));
        Assert.Equal(User, response.UserName);
    }

    [Fact]
    public void AWrongUsernameToken_Gets400NotAuthorized()
    {
        var response = Handle(OnvifRequestContext.MediaPath, Envelope(
            "<GetProfiles xmlns=\"http://www.onvif.org/ver10/media/wsdl\"/>",
            SecurityHeader(User, "wrong", _time.GetUtcNow())));

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("ter:NotAuthorized", FaultSubcode(response));
        Assert.Contains("Sender not authorized", Encoding.UTF8.GetString(response.Body), StringComparison.Ordinal);
    }

    [Fact]
    public void HttpDigest_AnsweringTheChallenge_OpensTheOtherCalls()
    {
        var server = new OnvifServer(Options(), _time);
        var body = Envelope("<GetProfiles xmlns=\"http://www.onvif.org/ver10/media/wsdl\"/>");
        var challenge = server.Handle(server.Media, Post(body, OnvifRequestContext.MediaPath)).Challenges.First(c => c.Contains("MD5", StringComparison.Ordinal));
        var nonce = challenge.Split("nonce=\"")[1].Split('"')[0];

        // RFC 7616 with qop=auth, computed here from the parts.
        static string Md5(string s) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(s)));
        var ha1 = Md5($"{User}:edge:{Password}");
        var ha2 = Md5($"POST:{OnvifRequestContext.MediaPath}");
        var answer = Md5($"{ha1}:{nonce}:00000001:abcdef:auth:{ha2}");
        var authorization = $"Digest username=\"{User}\", realm=\"edge\", nonce=\"{nonce}\", uri=\"{OnvifRequestContext.MediaPath}\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"abcdef\", response=\"{answer}\"";

        var response = server.Handle(server.Media, Post(body, OnvifRequestContext.MediaPath, authorization));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(2, BodyOf(response).Elements(Trt + "Profiles").Count());
    }

    [Fact]
    public void WithoutAuth_EveryCallIsOpen()
    {
        var response = Handle(OnvifRequestContext.MediaPath, Envelope("<GetProfiles xmlns=\"http://www.onvif.org/ver10/media/wsdl\"/>"), requireAuth: false);

        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public void GetProfiles_HasOneProfilePerCamera_WithItsH264Configuration()
    {
        var profiles = BodyOf(Handle(OnvifRequestContext.MediaPath, Envelope("<GetProfiles xmlns=\"http://www.onvif.org/ver10/media/wsdl\"/>"), requireAuth: false))
            .Elements(Trt + "Profiles").ToArray();

        Assert.Equal(["front", "back"], profiles.Select(p => p.Attribute("token")!.Value));
        var encoder = profiles[0].Element(Tt + "VideoEncoderConfiguration")!;
        Assert.Equal("H264", encoder.Element(Tt + "Encoding")!.Value);
        Assert.Equal(("1280", "720"), (encoder.Element(Tt + "Resolution")!.Element(Tt + "Width")!.Value, encoder.Element(Tt + "Resolution")!.Element(Tt + "Height")!.Value));
        var rate = encoder.Element(Tt + "RateControl")!;
        Assert.Equal(("30", "2500"), (rate.Element(Tt + "FrameRateLimit")!.Value, rate.Element(Tt + "BitrateLimit")!.Value));
        Assert.Equal(("60", "Main"), (encoder.Element(Tt + "H264")!.Element(Tt + "GovLength")!.Value, encoder.Element(Tt + "H264")!.Element(Tt + "H264Profile")!.Value));
        var source = profiles[1].Element(Tt + "VideoSourceConfiguration")!;
        Assert.Equal("back_source", source.Element(Tt + "SourceToken")!.Value);
    }

    [Theory]
    [InlineData("front", "RTSP", "rtsp://192.168.1.20:8554/front")]
    [InlineData("back", "UDP", "rtsp://192.168.1.20:8554/back")]
    [InlineData("back", "TCP", "rtsp://192.168.1.20:8554/back")]
    public void GetStreamUri_IsTheCamerasRtspUrl_AtTheAddressTheClientReached(string profile, string protocol, string expected)
    {
        var body = $"<GetStreamUri xmlns=\"http://www.onvif.org/ver10/media/wsdl\"><StreamSetup><Stream xmlns=\"http://www.onvif.org/ver10/schema\">RTP-Unicast</Stream><Transport xmlns=\"http://www.onvif.org/ver10/schema\"><Protocol>{protocol}</Protocol></Transport></StreamSetup><ProfileToken>{profile}</ProfileToken></GetStreamUri>";

        var response = Handle(OnvifRequestContext.MediaPath, Envelope(body), requireAuth: false);

        Assert.Equal(expected, BodyOf(response).Element(Trt + "MediaUri")!.Element(Tt + "Uri")!.Value);
    }

    [Fact]
    public void GetStreamUri_OverHttp_IsRefusedAsAStreamSetupNotOffered()
    {
        var body = "<GetStreamUri xmlns=\"http://www.onvif.org/ver10/media/wsdl\"><StreamSetup><Stream xmlns=\"http://www.onvif.org/ver10/schema\">RTP-Unicast</Stream><Transport xmlns=\"http://www.onvif.org/ver10/schema\"><Protocol>HTTP</Protocol></Transport></StreamSetup><ProfileToken>front</ProfileToken></GetStreamUri>";

        var response = Handle(OnvifRequestContext.MediaPath, Envelope(body), requireAuth: false);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("ter:InvalidArgVal", FaultSubcode(response));
    }

    [Fact]
    public void GetSnapshotUri_IsTheWebServersSnapshotUrl()
    {
        var response = Handle(OnvifRequestContext.MediaPath, Envelope("<GetSnapshotUri xmlns=\"http://www.onvif.org/ver10/media/wsdl\"><ProfileToken>back</ProfileToken></GetSnapshotUri>"), requireAuth: false);

        Assert.Equal("http://192.168.1.20:8080/cameras/back/snapshot.jpg", BodyOf(response).Element(Trt + "MediaUri")!.Element(Tt + "Uri")!.Value);
    }

    [Fact]
    public void AnUnknownProfile_IsAFaultNamingIt()
    {
        var response = Handle(OnvifRequestContext.MediaPath, Envelope("<GetProfile xmlns=\"http://www.onvif.org/ver10/media/wsdl\"><ProfileToken>side</ProfileToken></GetProfile>"), requireAuth: false);

        Assert.Equal(400, response.StatusCode);
        Assert.Contains("there is no profile \"side\"", Encoding.UTF8.GetString(response.Body), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OnvifRequestContext.MediaPath, "<CreateProfile xmlns=\"http://www.onvif.org/ver10/media/wsdl\"><Name>nvr</Name></CreateProfile>")]
    [InlineData(OnvifRequestContext.MediaPath, "<DeleteProfile xmlns=\"http://www.onvif.org/ver10/media/wsdl\"><ProfileToken>front</ProfileToken></DeleteProfile>")]
    [InlineData(OnvifRequestContext.MediaPath, "<SetVideoEncoderConfiguration xmlns=\"http://www.onvif.org/ver10/media/wsdl\"/>")]
    [InlineData(OnvifRequestContext.DevicePath, "<SetSystemDateAndTime xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/>")]
    [InlineData(OnvifRequestContext.DevicePath, "<SetHostname xmlns=\"http://www.onvif.org/ver10/device/wsdl\"><Name>x</Name></SetHostname>")]
    [InlineData(OnvifRequestContext.DevicePath, "<SystemReboot xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/>")]
    [InlineData(OnvifRequestContext.MediaPath, "<GetProfiles xmlns=\"http://www.onvif.org/ver20/media/wsdl\"/>")]
    public void SettersAndUnknownCalls_AreActionNotSupported(string path, string body)
    {
        var response = Handle(path, Envelope(body), requireAuth: false);

        Assert.Equal(500, response.StatusCode);
        Assert.Equal("ter:ActionNotSupported", FaultSubcode(response));
    }

    [Fact]
    public void GetServices_NamesBothServicesAtTheAddressTheClientReached()
    {
        var services = BodyOf(Handle(OnvifRequestContext.DevicePath, Envelope("<GetServices xmlns=\"http://www.onvif.org/ver10/device/wsdl\"><IncludeCapability>true</IncludeCapability></GetServices>")))
            .Elements(Tds + "Service").ToDictionary(s => s.Element(Tds + "Namespace")!.Value, s => s.Element(Tds + "XAddr")!.Value);

        Assert.Equal("http://192.168.1.20:8080/onvif/device_service", services[SoapNamespaces.Device]);
        Assert.Equal("http://192.168.1.20:8080/onvif/media_service", services[SoapNamespaces.Media]);
    }

    [Fact]
    public void GetScopesAndNetworkInterfaces_CarryTheNameLocationAndMac()
    {
        var scopes = BodyOf(Handle(OnvifRequestContext.DevicePath, Envelope("<GetScopes xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/>"), requireAuth: false))
            .Elements(Tds + "Scopes").Select(s => s.Element(Tt + "ScopeItem")!.Value).ToArray();
        var nic = BodyOf(Handle(OnvifRequestContext.DevicePath, Envelope("<GetNetworkInterfaces xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/>"), requireAuth: false))
            .Element(Tds + "NetworkInterfaces")!;

        Assert.Contains("onvif://www.onvif.org/Profile/Streaming", scopes);
        Assert.Contains("onvif://www.onvif.org/name/Front%20door", scopes);
        Assert.Contains("onvif://www.onvif.org/location/porch", scopes);
        Assert.Contains("onvif://www.onvif.org/MAC/dc:a6:32:01:02:03", scopes);
        Assert.Equal("dc:a6:32:01:02:03", nic.Element(Tt + "Info")!.Element(Tt + "HwAddress")!.Value);
    }

    [Fact]
    public void GetSystemDateAndTime_IsThisBoxsClockInUtc()
    {
        var time = BodyOf(Handle(OnvifRequestContext.DevicePath, Envelope("<GetSystemDateAndTime xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/>")))
            .Element(Tds + "SystemDateAndTime")!.Element(Tt + "UTCDateTime")!;

        Assert.Equal("2025-6-1 12:0:0", $"{time.Element(Tt + "Date")!.Element(Tt + "Year")!.Value}-{time.Element(Tt + "Date")!.Element(Tt + "Month")!.Value}-{time.Element(Tt + "Date")!.Element(Tt + "Day")!.Value} " +
            $"{time.Element(Tt + "Time")!.Element(Tt + "Hour")!.Value}:{time.Element(Tt + "Time")!.Element(Tt + "Minute")!.Value}:{time.Element(Tt + "Time")!.Element(Tt + "Second")!.Value}");
    }

    private OnvifHttpResponse Handle(string path, byte[] body, bool requireAuth = true)
    {
        var server = new OnvifServer(Options(requireAuth), _time);
        IOnvifService service = path == OnvifRequestContext.MediaPath ? server.Media : server.Device;
        return server.Handle(service, Post(body, path));
    }
}
