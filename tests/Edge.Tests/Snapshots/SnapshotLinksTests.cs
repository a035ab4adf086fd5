using Edge.Snapshots;

namespace Edge.Tests.Snapshots;

public sealed class SnapshotLinksTests
{
    [Fact]
    public void AKey_OpensItsOwnCamera_Only()
    {
        var links = new SnapshotLinks();
        var key = links.KeyFor("porch");

        Assert.Matches("^[0-9a-f]{32}$", key);
        Assert.True(links.Opens("porch", key));
        Assert.True(links.Opens("porch", key.ToUpperInvariant()));
        Assert.False(links.Opens("gate", key));
        Assert.NotEqual(key, links.KeyFor("gate"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("00000000000000000000000000000000")]
    [InlineData("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")]
    [InlineData("0123")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    public void ForgedOrMalformedKeys_AreRefused(string? key) =>
        Assert.False(new SnapshotLinks().Opens("porch", key));

    [Fact]
    public void AnotherProcess_HasOtherKeys()
    {
        // The secret lives in the process: a restart retires every URL given out before.
        Assert.False(new SnapshotLinks().Opens("porch", new SnapshotLinks().KeyFor("porch")));
    }

    [Fact]
    public void TheKeyJoinsTheUrlsQuery()
    {
        var links = new SnapshotLinks();

        Assert.Equal($"http://10.0.0.5:8080/cameras/porch/snapshot.jpg?key={links.KeyFor("porch")}", links.WithKey("http://10.0.0.5:8080/cameras/porch/snapshot.jpg", "porch"));
        Assert.Equal($"/cameras/porch/snapshot.jpg?width=320&key={links.KeyFor("porch")}", links.WithKey("/cameras/porch/snapshot.jpg?width=320", "porch"));
    }
}
