using Edge.Rtsp.Protocol.Auth;

namespace Edge.Rtsp.Tests.Protocol.Auth;

public sealed class DigestCalculatorTests
{
    [Fact]
    public void Matches_the_rfc_2617_example()
    {
        // RFC 2617 3.5: Mufasa / "Circle Of Life", qop=auth.
        var response = DigestCalculator.ComputeResponse(
            "Mufasa", "testrealm@host.com", "Circle Of Life", "GET", "/dir/index.html",
            "dcd98b7102dd2f0e8b11d0f600bfb0c093", "auth", "00000001", "0a4f113b");

        Assert.Equal("6629fae49393a05397450978507c4ef1", response);
    }

    [Fact]
    public void Matches_the_rfc_2069_form_without_qop()
    {
        // Computed independently (Python hashlib) for the same inputs without qop.
        var response = DigestCalculator.ComputeResponse(
            "Mufasa", "testrealm@host.com", "Circle Of Life", "GET", "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093");

        Assert.Equal("670fd8c2df070c60b045671b8b24ff02", response);
    }

    [Fact]
    public void Matches_an_rtsp_describe()
    {
        var response = DigestCalculator.ComputeResponse("viewer", "edge", "change-me", "DESCRIBE", "rtsp://10.0.0.2:8554/front", "0123456789abcdef");

        Assert.Equal("00b1261061a7bdb07a575c6c871b7f9b", response);
    }
}
