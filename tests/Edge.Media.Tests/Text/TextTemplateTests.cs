using Edge.Media.Text;

namespace Edge.Media.Tests.Text;

public sealed class TextTemplateTests
{
    private static readonly DateTimeOffset Evening = new(2026, 3, 5, 19, 7, 9, TimeSpan.FromHours(1));

    [Theory]
    [InlineData("%Y-%m-%d %H:%M:%S", "2026-03-05 19:07:09")]
    [InlineData("%F %T", "2026-03-05 19:07:09")]
    [InlineData("%D %R", "03/05/26 19:07")]
    [InlineData("%e %b %Y, %I:%M %p", " 5 Mar 2026, 07:07 PM")]
    [InlineData("%a %A %B day %j", "Thu Thursday March day 064")]
    [InlineData("%y %z 100%%", "26 +0100 100%")]
    [InlineData("{camera} #{frame}", "porch #1234567")]
    [InlineData("{camera}\n%T", "porch\n19:07:09")]
    [InlineData("", "")]
    public void Conversions_AreFilledIn(string template, string expected) =>
        Assert.Equal(expected, TextTemplate.Parse(template, "porch").Format(Evening, 1234567).ToString());

    [Fact]
    public void Formatting_ReusesItsBuffer_AndFollowsTheClock()
    {
        var template = TextTemplate.Parse("%H:%M:%S {frame}", "cam");

        Assert.Equal("19:07:09 1", template.Format(Evening, 1).ToString());
        Assert.Equal("00:00:00 2", template.Format(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), 2).ToString());
        Assert.Equal("12:30:00 3 AM/PM", TextTemplate.Parse("%I:%M:%S {frame} AM/PM", "c").Format(new DateTimeOffset(2027, 1, 1, 0, 30, 0, TimeSpan.Zero), 3).ToString());
    }

    [Theory]
    [InlineData("%Q", "%Q is not a conversion Edge knows (it knows %Y %y %m")]
    [InlineData("50%", "it ends with a lone '%' (write %% for a percent sign)")]
    [InlineData("{name}", "{name} is not a placeholder Edge knows (it knows {camera} and {frame})")]
    [InlineData("{camera", "{camera is not a placeholder Edge knows")]
    [InlineData("café", "'é' is not printable ASCII")]
    [InlineData("tab\there", "'\t' is not printable ASCII")]
    public void Mistakes_AreRefusedWithTheReason(string template, string reason)
    {
        Assert.False(TextTemplate.TryParse(template, "cam", out var parsed, out var error));

        Assert.Null(parsed);
        Assert.StartsWith(reason, error, StringComparison.Ordinal);
    }
}
