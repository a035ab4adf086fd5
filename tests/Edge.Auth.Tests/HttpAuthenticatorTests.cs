using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Auth.Tests;

/// <summary>The shared Basic/Digest logic as the web server uses it: both schemes, MD5 and SHA-256, exact URIs.</summary>
public sealed partial class HttpAuthenticatorTests
{
    private const string Path = "/cameras/front/snapshot.jpg?width=320";
    private static readonly UserCredential[] Users = [new("viewer", "change-me"), new("admin", "s3cret:with:colons")];

    private readonly FakeTimeProvider _time = new();

    private HttpAuthenticator Both() =>
        new(AuthSchemes.Basic | AuthSchemes.Digest, [DigestAlgorithm.Sha256, DigestAlgorithm.Md5], Users, "edge", _time);

    private static string Basic(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    /// <summary>What a client computes, written out here independently of <see cref="DigestCalculator"/>.</summary>
    private static string ClientDigest(string algorithm, string user, string password, string method, string uri, string nonce)
    {
        string H(string s) => Convert.ToHexStringLower(algorithm == "SHA-256"
            ? SHA256.HashData(Encoding.UTF8.GetBytes(s))
            : MD5.HashData(Encoding.UTF8.GetBytes(s)));
        var ha1 = H($"{user}:edge:{password}");
        var ha2 = H($"{method}:{uri}");
        return $"Digest username=\"{user}\", realm=\"edge\", nonce=\"{nonce}\", uri=\"{uri}\", algorithm={algorithm}, " +
               $"response=\"{H($"{ha1}:{nonce}:00000001:0a4f113b:auth:{ha2}")}\", qop=auth, nc=00000001, cnonce=\"0a4f113b\"";
    }

    private static string NonceOf(string challenge) => NonceRegex().Match(challenge).Groups[1].Value;

    [Fact]
    public void Challenges_AreDigestSha256ThenMd5ThenBasic()
    {
        var result = Both().Check("GET", Path, null);

        Assert.Equal(AuthStatus.Challenge, result.Status);
        Assert.Collection(result.Challenges,
            c => Assert.Matches("^Digest realm=\"edge\", nonce=\"[0-9a-f]{48}\", algorithm=SHA-256, qop=\"auth\"$", c),
            c => Assert.Matches("^Digest realm=\"edge\", nonce=\"[0-9a-f]{48}\", algorithm=MD5, qop=\"auth\"$", c),
            c => Assert.Equal("Basic realm=\"edge\"", c));
    }

    [Theory]
    [InlineData("SHA-256")]
    [InlineData("MD5")]
    public void Digest_RoundTripsWithEitherAlgorithm(string algorithm)
    {
        var auth = Both();
        var nonce = NonceOf(auth.Check("GET", Path, null).Challenges[0]);

        Assert.Equal(AuthResult.Allowed("admin"), auth.Check("GET", Path, ClientDigest(algorithm, "admin", "s3cret:with:colons", "GET", Path, nonce)));
    }

    [Fact]
    public void Basic_IsAcceptedAlongsideDigest()
    {
        Assert.Equal(AuthResult.Allowed("viewer"), Both().Check("GET", "/", Basic("viewer", "change-me")));
    }

    [Fact]
    public void DigestOnly_RefusesBasicWithAFreshChallenge()
    {
        var auth = new HttpAuthenticator(AuthSchemes.Digest, [DigestAlgorithm.Sha256, DigestAlgorithm.Md5], Users, "edge", _time);

        var result = auth.Check("GET", "/", Basic("viewer", "change-me"));

        Assert.Equal(AuthStatus.Challenge, result.Status);
        Assert.All(result.Challenges, c => Assert.StartsWith("Digest ", c, StringComparison.Ordinal));
    }

    [Fact]
    public void DigestUri_MustBeTheRequestTargetAsSent()
    {
        var auth = Both();
        var nonce = NonceOf(auth.CreateChallenges()[0]);

        var result = auth.Check("GET", "/api/status", ClientDigest("SHA-256", "viewer", "change-me", "GET", Path, nonce));

        Assert.Equal(AuthStatus.Denied, result.Status);
        Assert.Equal("uri does not match the request", result.Reason);
    }

    [Fact]
    public void Digest_RefusesAnAlgorithmNotOffered()
    {
        var md5Only = new HttpAuthenticator(AuthSchemes.Digest, [DigestAlgorithm.Md5], Users, "edge", _time);
        var nonce = NonceOf(md5Only.CreateChallenges()[0]);

        var result = md5Only.Check("GET", Path, ClientDigest("SHA-256", "viewer", "change-me", "GET", Path, nonce));

        Assert.Equal(AuthStatus.Denied, result.Status);
        Assert.Equal("unsupported algorithm", result.Reason);
    }

    [Fact]
    public void DigestStaleNonce_GetsEveryChallengeAgain_MarkedStale()
    {
        var auth = Both();
        var nonce = NonceOf(auth.CreateChallenges()[0]);
        _time.Advance(TimeSpan.FromMinutes(6));

        var result = auth.Check("GET", Path, ClientDigest("SHA-256", "viewer", "change-me", "GET", Path, nonce));

        Assert.Equal(AuthStatus.Challenge, result.Status);
        Assert.Equal(2, result.Challenges.Count(c => c.EndsWith(", stale=true", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("nobody", "change-me")]
    [InlineData("viewer", "wrong")]
    public void AWrongUserAndAWrongPassword_GetTheSameAnswer(string user, string password)
    {
        var auth = Both();
        var nonce = NonceOf(auth.CreateChallenges()[0]);

        var digest = auth.Check("GET", Path, ClientDigest("SHA-256", user, password, "GET", Path, nonce));
        var basic = auth.Check("GET", Path, Basic(user, password));

        foreach (var result in new[] { digest, basic })
        {
            Assert.Equal(AuthStatus.Denied, result.Status);
            Assert.Equal("wrong user name or password", result.Reason);
            Assert.Equal(3, result.Challenges.Count);
            Assert.DoesNotContain(password, string.Join(" ", result.Challenges), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Off_LetsEveryoneIn()
    {
        var auth = new HttpAuthenticator(AuthSchemes.None, [], [], "edge", _time);

        Assert.True(auth.Check("GET", "/", null).IsAllowed);
        Assert.Throws<InvalidOperationException>(() => auth.CreateChallenges());
    }

    [Fact]
    public void RandomAuthorizationHeaders_NeverThrow()
    {
        var random = new Random(31);
        var auth = Both();
        const string alphabet = "Digest Basic username=\"realm,nonce uri response qop=auth nc cnonce algorithm SHA-256\\=+/09afAF";
        for (var i = 0; i < 20_000; i++)
        {
            var chars = new char[random.Next(0, 160)];
            for (var c = 0; c < chars.Length; c++)
                chars[c] = random.Next(10) == 0 ? (char)random.Next(0x20, 0x3000) : alphabet[random.Next(alphabet.Length)];
            Assert.NotEqual(AuthStatus.Allowed, auth.Check("GET", Path, new string(chars)).Status);
        }
    }

    [GeneratedRegex("nonce=\"([0-9a-f]+)\"")]
    private static partial Regex NonceRegex();
}
