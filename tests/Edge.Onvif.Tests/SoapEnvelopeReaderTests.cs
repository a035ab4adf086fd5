using System.Text;
using Edge.Onvif.Soap;
using static Edge.Onvif.Tests.OnvifFixtures;

namespace Edge.Onvif.Tests;

/// <summary>Reading requests as real clients write them: the operation, its values, the UsernameToken.</summary>
public sealed class SoapEnvelopeReaderTests
{
    [Fact]
    public void NpmOnvifClientsRequest_GivesTheOperationValuesAndToken()
    {
        // As the npm onvif package writes GetStreamUri, with its WS-Security header.
        var header = SecurityHeader("admin", "pw", new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero), [1, 2, 3, 4]);
        var body = "<GetStreamUri xmlns=\"http://www.onvif.org/ver10/media/wsdl\"><StreamSetup><Stream xmlns=\"http://www.onvif.org/ver10/schema\">RTP-Unicast</Stream>" +
            "<Transport xmlns=\"http://www.onvif.org/ver10/schema\"><Protocol>RTSP</Protocol></Transport></StreamSetup><ProfileToken>front</ProfileToken></GetStreamUri>";

        var request = SoapEnvelopeReader.Read(Envelope(body, header));

        Assert.Equal(("GetStreamUri", SoapNamespaces.Media), (request.Operation, request.OperationNamespace));
        Assert.Equal(("RTP-Unicast", "RTSP", "front"), (request.Value("Stream"), request.Value("Protocol"), request.Value("ProfileToken")));
        var token = request.Token!;
        Assert.Equal(("admin", true, "AQIDBA==", "2025-06-01T12:00:00.000Z"), (token.UserName, token.IsDigest, token.Nonce, token.Created));
        Assert.Equal(28, token.Password.Length); // base64 of a SHA-1
    }

    [Fact]
    public void PrefixedSoap11Request_WithoutHeader_IsRead()
    {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:trt=\"http://www.onvif.org/ver10/media/wsdl\">\n  <SOAP-ENV:Body>\n    <trt:GetProfile>\n      <trt:ProfileToken> back </trt:ProfileToken>\n    </trt:GetProfile>\n  </SOAP-ENV:Body>\n</SOAP-ENV:Envelope>";

        var request = SoapEnvelopeReader.Read(Encoding.UTF8.GetBytes(xml));

        Assert.Equal(("GetProfile", "back"), (request.Operation, request.Value("ProfileToken")));
        Assert.Null(request.Token);
    }

    [Fact]
    public void APlainTextPassword_IsMarkedAsNotADigest()
    {
        var header = $"<wsse:Security xmlns:wsse=\"{SoapNamespaces.Security}\"><wsse:UsernameToken><wsse:Username>u</wsse:Username><wsse:Password Type=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText\">p</wsse:Password></wsse:UsernameToken></wsse:Security>";

        var token = SoapEnvelopeReader.Read(Envelope("<GetProfiles xmlns=\"http://www.onvif.org/ver10/media/wsdl\"/>", header)).Token!;

        Assert.Equal(("u", "p", false), (token.UserName, token.Password, token.IsDigest));
    }

    [Fact]
    public void OnlyTheFirstBodyElement_IsTheOperation()
    {
        var request = SoapEnvelopeReader.Read(Envelope("<GetProfiles xmlns=\"http://www.onvif.org/ver10/media/wsdl\"/><DeleteProfile xmlns=\"http://www.onvif.org/ver10/media/wsdl\"/>"));

        Assert.Equal("GetProfiles", request.Operation);
    }

    [Fact]
    public void EscapedText_IsUnescaped_AndCommentsIgnored()
    {
        var request = SoapEnvelopeReader.Read(Envelope("<GetProfile xmlns=\"http://www.onvif.org/ver10/media/wsdl\"><ProfileToken>a&amp;<!-- x -->b</ProfileToken></GetProfile>"));

        Assert.Equal("a&b", request.Value("ProfileToken"));
    }
}
