using Connectivity.Api.Kazoo;

namespace Connectivity.Tests.Api;

/// <summary>How If-Match / If-None-Match values are compared with a revision, as HTTP clients spell them.</summary>
public sealed class RevisionHeaderTests
{
    private const string Revision = "3-5b1f0000000000000000000000000000";

    [Theory]
    [InlineData(Revision)]
    [InlineData("\"" + Revision + "\"")]
    [InlineData("W/\"" + Revision + "\"")]
    [InlineData("\"2-aaaa\", \"" + Revision + "\"")]
    [InlineData("*")]
    public void A_header_naming_the_current_revision_in_any_spelling_matches(string header) =>
        Assert.True(RevisionHeaders.Matches(header, Revision));

    [Theory]
    [InlineData("2-5b1f0000000000000000000000000000")]
    [InlineData("\"3-5b1f\"")]
    [InlineData("\"2-aaaa\", \"4-bbbb\"")]
    [InlineData("")]
    public void A_header_naming_another_revision_does_not_match(string header) =>
        Assert.False(RevisionHeaders.Matches(header, Revision));

    [Fact]
    public void The_etag_is_the_revision_quoted() => Assert.Equal("\"" + Revision + "\"", RevisionHeaders.ToETag(Revision));
}
