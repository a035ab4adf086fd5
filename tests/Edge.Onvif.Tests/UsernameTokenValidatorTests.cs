using System.Globalization;
using Edge.Auth;
using Edge.Onvif.Security;
using Edge.Tests.Shared;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Onvif.Tests;

/// <summary>WS-Security UsernameToken: the digest, the clock-skew window and replayed nonces.</summary>
public sealed class UsernameTokenValidatorTests
{
    private static readonly byte[] Nonce = Convert.FromBase64String("LKqI6G/AikKCQrN0zqZFlg==");
    private const string Created = "2010-09-16T07:50:45Z";

    [Fact]
    public async Task Digest_MatchesOpenssl()
    {
        // Computed by another implementation: openssl's SHA-1 of nonce || created || password, then base64.
        var input = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(input, [.. Nonce, .. "2010-09-16T07:50:45Zuserpassword"u8.ToArray()]);
            var run = await ExternalTool.RunAsync("sh", ["-c", $"openssl dgst -sha1 -binary '{input}' | base64"], TimeSpan.FromSeconds(20));
            Assert.Equal(0, run.ExitCode);

            Assert.Equal(run.StdoutText.Trim(), UsernameTokenValidator.ComputeDigest(Nonce, Created, "userpassword"));
        }
        finally
        {
            File.Delete(input);
        }
    }

    [Fact]
    public void Digest_MatchesTheOnvifProgrammersGuideExample()
    {
        Assert.Equal("tuOSpGlFlIXsozq4HFNeeGeFLEI=", UsernameTokenValidator.ComputeDigest(Nonce, Created, "userpassword"));
    }

    [Fact]
    public void ValidDigest_WithinTheWindow_IsAccepted_AndTheSameNonceAgainIsARefusedReplay()
    {
        var (validator, time) = Create();
        var token = Token("userpassword", time.GetUtcNow());

        Assert.Null(validator.Check(token));
        Assert.Contains("replayed", validator.Check(token), StringComparison.Ordinal);
    }

    [Fact]
    public void ANewNonce_IsAccepted_EachTime()
    {
        var (validator, time) = Create();

        for (var i = 0; i < 5; i++)
            Assert.Null(validator.Check(Token("userpassword", time.GetUtcNow(), [(byte)i, 1, 2, 3])));
    }

    [Theory]
    [InlineData(-6)]
    [InlineData(6)]
    public void Created_OutsideTheClockSkewWindow_IsRefused(int minutes)
    {
        var (validator, time) = Create();

        var refusal = validator.Check(Token("userpassword", time.GetUtcNow().AddMinutes(minutes)));

        Assert.NotNull(refusal);
        Assert.Contains("more than 5 minutes from this box's clock", refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-4)]
    [InlineData(4)]
    public void Created_InsideTheWindow_IsAccepted(int minutes)
    {
        var (validator, time) = Create();

        Assert.Null(validator.Check(Token("userpassword", time.GetUtcNow().AddMinutes(minutes))));
    }

    [Fact]
    public void WrongPassword_AndUnknownUser_AreRefusedAlike()
    {
        var (validator, time) = Create();

        var wrong = validator.Check(Token("nope", time.GetUtcNow()));
        var unknown = validator.Check(Token("userpassword", time.GetUtcNow(), user: "mallory"));

        Assert.Equal("wrong user name or password", wrong);
        Assert.Equal(wrong, unknown);
    }

    [Fact]
    public void ARefusedToken_DoesNotUseUpItsNonce()
    {
        var (validator, time) = Create();
        var nonce = new byte[] { 9, 9, 9 };

        Assert.NotNull(validator.Check(Token("nope", time.GetUtcNow(), nonce)));
        Assert.Null(validator.Check(Token("userpassword", time.GetUtcNow(), nonce)));
    }

    [Fact]
    public void PlainTextPassword_IsRefusedUnlessAllowed()
    {
        var time = new FakeTimeProvider();
        var users = new[] { new UserCredential("user", "userpassword") };
        var plain = new UsernameToken("user", "userpassword", IsDigest: false, null, null);

        Assert.Contains("plain-text", new UsernameTokenValidator(users, time).Check(plain), StringComparison.Ordinal);
        Assert.Null(new UsernameTokenValidator(users, time, allowPlainText: true).Check(plain));
        Assert.NotNull(new UsernameTokenValidator(users, time, allowPlainText: true).Check(plain with { Password = "x" }));
    }

    [Theory]
    [InlineData(null, "2025-06-01T12:00:00Z", "needs a Nonce and a Created")]
    [InlineData("!!!", "2025-06-01T12:00:00Z", "not Base64")]
    [InlineData("AAAA", "yesterday", "not an ISO 8601")]
    public void MalformedTokens_AreRefusedWithAReason(string? nonce, string created, string expected)
    {
        var (validator, _) = Create();

        Assert.Contains(expected, validator.Check(new UsernameToken("user", "x", true, nonce, created)), StringComparison.Ordinal);
    }

    private static (UsernameTokenValidator, FakeTimeProvider) Create()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        return (new UsernameTokenValidator([new UserCredential("user", "userpassword")], time), time);
    }

    private static UsernameToken Token(string password, DateTimeOffset created, byte[]? nonce = null, string user = "user")
    {
        nonce ??= Nonce;
        var createdText = created.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        return new UsernameToken(user, UsernameTokenValidator.ComputeDigest(nonce, createdText, password), true, Convert.ToBase64String(nonce), createdText);
    }
}
