namespace Edge.Auth.Tests;

public sealed class DigestCalculatorTests
{
    [Fact]
    public void Matches_the_rfc_2617_example()
    {
        // RFC 2617 3.5: Mufasa / "Circle Of Life", qop=auth.
        var response = DigestCalculator.ComputeResponse(
            DigestAlgorithm.Md5, "Mufasa", "testrealm@host.com", "Circle Of Life", "GET", "/dir/index.html",
            "dcd98b7102dd2f0e8b11d0f600bfb0c093", "auth", "00000001", "0a4f113b");

        Assert.Equal("6629fae49393a05397450978507c4ef1", response);
    }

    [Theory]
    [InlineData(DigestAlgorithm.Md5, "8ca523f5e9506fed4657c9700eebdbec")]
    [InlineData(DigestAlgorithm.Sha256, "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")]
    public void Matches_the_rfc_7616_examples(DigestAlgorithm algorithm, string expected)
    {
        // RFC 7616 3.9.1: the same request answered with MD5 and with SHA-256.
        var response = DigestCalculator.ComputeResponse(
            algorithm, "Mufasa", "http-auth@example.org", "Circle of Life", "GET", "/dir/index.html",
            "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "auth", "00000001", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ");

        Assert.Equal(expected, response);
    }

    [Fact]
    public void Matches_the_rfc_2069_form_without_qop()
    {
        // Computed independently (Python hashlib) for the same inputs without qop.
        var response = DigestCalculator.ComputeResponse(
            DigestAlgorithm.Md5, "Mufasa", "testrealm@host.com", "Circle Of Life", "GET", "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093");

        Assert.Equal("670fd8c2df070c60b045671b8b24ff02", response);
    }

    [Fact]
    public void Matches_an_rtsp_describe()
    {
        var response = DigestCalculator.ComputeResponse(DigestAlgorithm.Md5, "viewer", "edge", "change-me", "DESCRIBE", "rtsp://10.0.0.2:8554/front", "0123456789abcdef");

        Assert.Equal("00b1261061a7bdb07a575c6c871b7f9b", response);
    }

    [Theory]
    [InlineData(null, true, DigestAlgorithm.Md5)]
    [InlineData("md5", true, DigestAlgorithm.Md5)]
    [InlineData("SHA-256", true, DigestAlgorithm.Sha256)]
    [InlineData("MD5-sess", false, DigestAlgorithm.Md5)]
    [InlineData("SHA-512-256", false, DigestAlgorithm.Md5)]
    public void Parses_the_algorithm_parameter(string? name, bool known, DigestAlgorithm expected)
    {
        Assert.Equal(known, DigestCalculator.TryParse(name, out var algorithm));
        if (known)
            Assert.Equal(expected, algorithm);
    }
}
