using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Edge.Auth;
using Edge.Rtsp.Protocol.Auth;
using Edge.Rtsp.Protocol.Messages;
using Edge.Rtsp.Tests.Protocol.Support;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Rtsp.Tests.Protocol.Auth;

public sealed partial class RtspAuthenticatorTests
{
    private const string Uri = "rtsp://10.0.0.2:8554/front";
    private static readonly UserCredential[] Users = [new("viewer", "change-me"), new("admin", "s3cret:with:colons")];

    private readonly FakeTimeProvider _time = new();

    private static RtspRequest Request(string method, string uri, string? authorization)
    {
        List<KeyValuePair<string, string>> headers = [new("CSeq", "3")];
        if (authorization is not null)
            headers.Add(new("Authorization", authorization));
        return new RtspRequest(method, uri, "RTSP/1.0", headers);
    }

    private static string Basic(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    private static string NonceOf(string challenge) => NonceRegex().Match(challenge).Groups[1].Value;

    /// <summary>What a client computes, written out here independently of <see cref="DigestCalculator"/>.</summary>
    private static string ClientDigest(string user, string password, string method, string uri, string nonce, bool withQop, string realm = "edge")
    {
        static string Md5(string s) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(s)));
        var ha1 = Md5($"{user}:{realm}:{password}");
        var ha2 = Md5($"{method}:{uri}");
        return withQop
            ? $"Digest username=\"{user}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", response=\"{Md5($"{ha1}:{nonce}:00000001:abcdef12:auth:{ha2}")}\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"abcdef12\""
            : $"Digest username=\"{user}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", response=\"{Md5($"{ha1}:{nonce}:{ha2}")}\"";
    }

    [Fact]
    public void Off_AllowsEverything()
    {
        var auth = new RtspAuthenticator(RtspAuthScheme.None, [], "edge", _time);

        Assert.Equal(AuthResult.Allowed(null), auth.Check(Request("DESCRIBE", Uri, null)));
    }

    [Fact]
    public void Basic_Challenges_ThenAllowsTheRightPassword()
    {
        var auth = new RtspAuthenticator(RtspAuthScheme.Basic, Users, "edge", _time);

        var challenge = auth.Check(Request("DESCRIBE", Uri, null));
        Assert.Equal(AuthStatus.Challenge, challenge.Status);
        Assert.Equal("Basic realm=\"edge\"", Assert.Single(challenge.Challenges));

        Assert.Equal(AuthResult.Allowed("viewer"), auth.Check(Request("DESCRIBE", Uri, Basic("viewer", "change-me"))));
        Assert.Equal(AuthResult.Allowed("admin"), auth.Check(Request("DESCRIBE", Uri, Basic("admin", "s3cret:with:colons"))));
    }

    [Theory]
    [InlineData("viewer", "hunter2")]
    [InlineData("viewer", "")]
    [InlineData("nobody", "change-me")]
    [InlineData("admin", "change-me")]
    public void Basic_DeniesWrongCredentials_WithoutRepeatingThePassword(string user, string password)
    {
        var auth = new RtspAuthenticator(RtspAuthScheme.Basic, Users, "edge", _time);

        var result = auth.Check(Request("DESCRIBE", Uri, Basic(user, password)));

        Assert.Equal(AuthStatus.Denied, result.Status);
        Assert.Equal(user, result.UserName);
        Assert.Equal("Basic realm=\"edge\"", Assert.Single(result.Challenges));
        if (password.Length > 0)
            Assert.DoesNotContain(password, result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Basic")]
    [InlineData("Basic !!!notbase64")]
    [InlineData("Basic dmlld2Vy")] // "viewer", no colon
    public void Basic_denies_malformed_credentials(string header)
    {
        var auth = new RtspAuthenticator(RtspAuthScheme.Basic, Users, "edge", _time);

        Assert.Equal(AuthStatus.Denied, auth.Check(Request("DESCRIBE", Uri, header)).Status);
    }

    [Fact]
    public void DigestChallenge_OffersMd5WithQopAuth()
    {
        var auth = new RtspAuthenticator(RtspAuthScheme.Digest, Users, "edge", _time);

        var result = auth.Check(Request("DESCRIBE", Uri, null));

        Assert.Equal(AuthStatus.Challenge, result.Status);
        Assert.Matches("^Digest realm=\"edge\", nonce=\"[0-9a-f]{48}\", algorithm=MD5, qop=\"auth\"$", Assert.Single(result.Challenges));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Digest_RoundTripsWithAndWithoutQop(bool withQop)
    {
        var auth = new RtspAuthenticator(RtspAuthScheme.Digest, Users, "edge", _time);
        var nonce = NonceOf(auth.Check(Request("DESCRIBE", Uri, null)).Challenges[0]);

        var result = auth.Check(Request("DESCRIBE", Uri, ClientDigest("viewer", "change-me", "DESCRIBE", Uri, nonce, withQop)));

        Assert.Equal(AuthResult.Allowed("viewer"), result);
    }

    [Fact]
    public void Digest_AcceptsTheSameNonceForLaterRequestsAndTracks()
    {
        var auth = new RtspAuthenticator(RtspAuthScheme.Digest, Users, "edge", _time);
        var nonce = NonceOf(auth.CreateChallenge());
        _time.Advance(TimeSpan.FromMinutes(4));

        var setup = $"{Uri}/trackID=0";
        Assert.True(auth.Check(Request("SETUP", setup, ClientDigest("admin", "s3cret:with:colons", "SETUP", setup, nonce, true))).IsAllowed);
        // A client that signs the base URL while setting up the track, or a relative form.
        Assert.True(auth.Check(Request("SETUP", setup, ClientDigest("admin", "s3cret:with:colons", "SETUP", Uri, nonce, false))).IsAllowed);
        Assert.True(auth.Check(Request("PLAY", Uri + "/", ClientDigest("admin", "s3cret:with:colons", "PLAY", "/front", nonce, false))).IsAllowed);
    }

    [Fact]
    public void Digest_MarksAnExpiredNonceStale()
    {
        var auth = new RtspAuthenticator(RtspAuthScheme.Digest, Users, "edge", _time);
        var nonce = NonceOf(auth.CreateChallenge());
        _time.Advance(TimeSpan.FromMinutes(6));

        var result = auth.Check(Request("PLAY", Uri, ClientDigest("viewer", "change-me", "PLAY", Uri, nonce, true)));

        Assert.Equal(AuthStatus.Challenge, result.Status);
        Assert.EndsWith(", stale=true", Assert.Single(result.Challenges), StringComparison.Ordinal);
        Assert.NotEqual(nonce, NonceOf(result.Challenges[0]));
    }

    [Fact]
    public void Digest_TreatsAForeignNonceWithARightPasswordAsStale()
    {
        var auth = new RtspAuthenticator(RtspAuthScheme.Digest, Users, "edge", _time);
        var otherServer = new RtspAuthenticator(RtspAuthScheme.Digest, Users, "edge", _time);
        var foreign = NonceOf(otherServer.CreateChallenge());

        var result = auth.Check(Request("DESCRIBE", Uri, ClientDigest("viewer", "change-me", "DESCRIBE", Uri, foreign, true)));

        Assert.Equal(AuthStatus.Challenge, result.Status);
        Assert.Contains("stale=true", Assert.Single(result.Challenges), StringComparison.Ordinal);
    }

    [Fact]
    public void Digest_DeniesAWrongPassword_EvenWithAStaleNonce()
    {
        var auth = new RtspAuthenticator(RtspAuthScheme.Digest, Users, "edge", _time);
        var nonce = NonceOf(auth.CreateChallenge());
        _time.Advance(TimeSpan.FromHours(1));

        var result = auth.Check(Request("DESCRIBE", Uri, ClientDigest("viewer", "guess", "DESCRIBE", Uri, nonce, true)));

        Assert.Equal(AuthStatus.Denied, result.Status);
        Assert.Equal("viewer", result.UserName);
        Assert.DoesNotContain("stale", Assert.Single(result.Challenges), StringComparison.Ordinal);
    }

    [Fact]
    public void Digest_DeniesOtherStreamsRealmsMethodsAndUsers()
    {
        var auth = new RtspAuthenticator(RtspAuthScheme.Digest, Users, "edge", _time);
        var nonce = NonceOf(auth.CreateChallenge());

        Assert.Equal("uri does not match the request", auth.Check(Request("DESCRIBE", Uri, ClientDigest("viewer", "change-me", "DESCRIBE", "rtsp://10.0.0.2:8554/back", nonce, true))).Reason);
        Assert.Equal("wrong realm", auth.Check(Request("DESCRIBE", Uri, ClientDigest("viewer", "change-me", "DESCRIBE", Uri, nonce, true, realm: "other"))).Reason);
        Assert.Equal(AuthStatus.Denied, auth.Check(Request("PLAY", Uri, ClientDigest("viewer", "change-me", "DESCRIBE", Uri, nonce, true))).Status);
        Assert.Equal(AuthStatus.Denied, auth.Check(Request("DESCRIBE", Uri, ClientDigest("stranger", "change-me", "DESCRIBE", Uri, nonce, true))).Status);
    }

    [Theory]
    [InlineData("Digest")]
    [InlineData("Digest username=\"viewer\"")]
    [InlineData("Digest username=\"viewer\", realm=\"edge\", nonce=\"x\", uri=\"rtsp://10.0.0.2:8554/front\", response=\"0\", algorithm=SHA-256")]
    [InlineData("Digest username=\"viewer\", realm=\"edge\", nonce=\"x\", uri=\"rtsp://10.0.0.2:8554/front\", response=\"0\", qop=auth-int, nc=1, cnonce=\"a\"")]
    [InlineData("Digest username=\"viewer\", realm=\"edge\", nonce=\"x\", uri=\"rtsp://10.0.0.2:8554/front\", response=\"0\", qop=auth")]
    [InlineData("Digest username=\"unterminated")]
    [InlineData("Digest username=\"a\", username=\"b\"")]
    public void Digest_DeniesMalformedCredentials(string header)
    {
        var auth = new RtspAuthenticator(RtspAuthScheme.Digest, Users, "edge", _time);

        Assert.Equal(AuthStatus.Denied, auth.Check(Request("DESCRIBE", Uri, header)).Status);
    }

    [Fact]
    public void AClientThatUsesTheOtherScheme_IsChallenged()
    {
        var auth = new RtspAuthenticator(RtspAuthScheme.Digest, Users, "edge", _time);

        var result = auth.Check(Request("DESCRIBE", Uri, Basic("viewer", "change-me")));

        Assert.Equal(AuthStatus.Challenge, result.Status);
        Assert.StartsWith("Digest ", Assert.Single(result.Challenges), StringComparison.Ordinal);
    }

    [Fact]
    public void Challenge_QuotesTheRealm()
    {
        var auth = new RtspAuthenticator(RtspAuthScheme.Basic, Users, "my \"cam\"", _time);

        Assert.Equal("Basic realm=\"my \\\"cam\\\"\"", auth.CreateChallenge());
    }

    [Fact]
    public void RandomAuthorizationHeaders_NeverThrow()
    {
        var random = new Random(29);
        var digest = new RtspAuthenticator(RtspAuthScheme.Digest, Users, "edge", _time);
        var basic = new RtspAuthenticator(RtspAuthScheme.Basic, Users, "edge", _time);
        const string alphabet = "Digest Basic username=\"realm,nonce uri response qop=auth nc cnonce\\=+/09afAF";
        for (var i = 0; i < 20_000; i++)
        {
            var chars = new char[random.Next(0, 120)];
            for (var c = 0; c < chars.Length; c++)
                chars[c] = random.Next(10) == 0 ? (char)random.Next(0x20, 0x3000) : alphabet[random.Next(alphabet.Length)];
            var request = Request("DESCRIBE", Uri, new string(chars));
            Assert.NotEqual(AuthStatus.Allowed, digest.Check(request).Status);
            Assert.NotEqual(AuthStatus.Allowed, basic.Check(request).Status);
        }
    }

    [GeneratedRegex("nonce=\"([0-9a-f]+)\"")]
    private static partial Regex NonceRegex();
}
