using System.Diagnostics;
using System.Text;
using Edge.Onvif.Discovery;
using Edge.Onvif.Soap;
using Microsoft.Extensions.Time.Testing;
using static Edge.Onvif.Tests.OnvifFixtures;

namespace Edge.Onvif.Tests;

/// <summary>
/// Requests meant to hurt: entity expansion, external entities, deep nesting, huge bodies,
/// garbage, the wrong root. Each is a 400 with a SOAP fault, quickly and without growing memory.
/// </summary>
public sealed class HostileXmlTests
{
    public static TheoryData<string, string> Hostile => new()
    {
        {
            "billion laughs",
            "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">" +
            "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\"><!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">" +
            "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\"><!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">" +
            "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\"><!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">" +
            "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]>" +
            "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body><GetProfiles xmlns=\"http://www.onvif.org/ver10/media/wsdl\">&lol9;</GetProfiles></s:Body></s:Envelope>"
        },
        {
            "external entity",
            "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>" +
            "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body><GetProfile xmlns=\"http://www.onvif.org/ver10/media/wsdl\"><ProfileToken>&xxe;</ProfileToken></GetProfile></s:Body></s:Envelope>"
        },
        { "deep nesting", "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>" + string.Concat(Enumerable.Repeat("<a>", 5_000)) + string.Concat(Enumerable.Repeat("</a>", 5_000)) + "</s:Body></s:Envelope>" },
        { "garbage", "\u0001\u0002GET / HTTP/1.1\r\n\r\n\u00ff\u00fe" },
        { "truncated", "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body><GetProfiles" },
        { "wrong namespace", "<Envelope xmlns=\"urn:not-soap\"><Body><GetProfiles xmlns=\"http://www.onvif.org/ver10/media/wsdl\"/></Body></Envelope>" },
        { "not an envelope", "<html><body>hello</body></html>" },
        { "empty body", "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body/></s:Envelope>" },
        { "nothing", "" },
        { "huge value", "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body><GetProfile xmlns=\"http://www.onvif.org/ver10/media/wsdl\"><ProfileToken>" + new string('a', 60_000) + "</ProfileToken></GetProfile></s:Body></s:Envelope>" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void HostileRequests_Get400AndAWellFormedFault(string name, string body)
    {
        var server = new OnvifServer(Options(requireAuth: false), new FakeTimeProvider());
        var started = Stopwatch.GetTimestamp();

        var response = server.Handle(server.Media, Post(Encoding.UTF8.GetBytes(body), OnvifRequestContext.MediaPath));

        Assert.True(response.StatusCode == 400, $"{name}: status {response.StatusCode}");
        Assert.Equal("ter:WellFormed", FaultSubcode(response));
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(2), $"{name} took {Stopwatch.GetElapsedTime(started)}");
        Assert.DoesNotContain("root:", Encoding.UTF8.GetString(response.Body), StringComparison.Ordinal); // no /etc/passwd echoed
    }

    [Fact]
    public void ATenMegabyteBody_IsRefusedUnread_WithoutGrowingMemory()
    {
        var server = new OnvifServer(Options(requireAuth: false), new FakeTimeProvider());
        var body = new byte[10 * 1024 * 1024];
        Encoding.UTF8.GetBytes("<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>").CopyTo(body, 0);
        body.AsSpan(100).Fill((byte)'a');
        var before = GC.GetAllocatedBytesForCurrentThread();

        var response = server.Handle(server.Media, Post(body, OnvifRequestContext.MediaPath));

        Assert.Equal(400, response.StatusCode);
        Assert.Contains($"larger than {SoapLimits.MaxBodyBytes} bytes", Encoding.UTF8.GetString(response.Body), StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1024 * 1024, "the body was copied or parsed");
    }

    [Fact]
    public void ABodyTheWebServerCutOff_IsRefusedAsTooLarge()
    {
        var server = new OnvifServer(Options(requireAuth: false), new FakeTimeProvider());

        var response = server.Handle(server.Device, new OnvifHttpRequest("POST", "/onvif/device_service", null, ReadOnlyMemory<byte>.Empty, BodyTooLarge: true, Context));

        Assert.Equal(400, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void HostileDatagrams_AreNotProbes(string name, string body)
    {
        Assert.True(WsDiscoveryProbe.TryRead(Encoding.UTF8.GetBytes(body)) is null, name);
    }

    [Fact]
    public void ADtd_IsRefusedEvenWhenHarmless()
    {
        var body = "<?xml version=\"1.0\"?><!DOCTYPE s:Envelope><s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body><GetProfiles xmlns=\"http://www.onvif.org/ver10/media/wsdl\"/></s:Body></s:Envelope>";

        var error = Assert.Throws<SoapParseException>(() => SoapEnvelopeReader.Read(Encoding.UTF8.GetBytes(body)));

        Assert.Contains("DTD", error.Message, StringComparison.Ordinal);
    }
}
