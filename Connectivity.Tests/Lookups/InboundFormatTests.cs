using Connectivity.Domain.Routing;

namespace Connectivity.Tests.Lookups;

public class InboundFormatTests
{
    [Theory]
    [InlineData("e164", InboundFormat.E164)]
    [InlineData("npan", InboundFormat.Npan)]
    [InlineData("1npan", InboundFormat.OneNpan)]
    [InlineData("username", InboundFormat.Username)]
    [InlineData("e.164", InboundFormat.E164)]
    [InlineData("npanxxxxxx", InboundFormat.Npan)]
    [InlineData("1npanxxxxxx", InboundFormat.OneNpan)]
    [InlineData("e164_without_plus", InboundFormat.StripPlus)]
    [InlineData("strip_plus", InboundFormat.StripPlus)]
    public void Each_spelling_Kazoo_knows_maps_to_its_format(string spelling, InboundFormat expected) =>
        Assert.Equal(expected, InboundFormats.Parse(spelling));

    [Fact]
    public void A_missing_inbound_format_is_the_schema_default_npan() =>
        Assert.Equal(InboundFormat.Npan, InboundFormats.Parse(null));

    [Theory]
    [InlineData("E164")]
    [InlineData("route")]
    [InlineData("")]
    public void An_unrecognised_spelling_falls_to_username_as_in_Kazoo(string spelling) =>
        Assert.Equal(InboundFormat.Username, InboundFormats.Parse(spelling));

    [Theory]
    [InlineData(InboundFormat.E164, "+14158867900")]
    [InlineData(InboundFormat.Npan, "4158867900")]
    [InlineData(InboundFormat.OneNpan, "14158867900")]
    [InlineData(InboundFormat.StripPlus, "14158867900")]
    [InlineData(InboundFormat.Username, "pbx-user")]
    public void The_request_user_of_a_north_american_number_follows_the_format(InboundFormat format, string expected) =>
        Assert.Equal(expected, InboundFormats.RequestUser(format, "+14158867900", "pbx-user"));

    [Theory]
    [InlineData(InboundFormat.E164, "+442079460958")]
    [InlineData(InboundFormat.Npan, "+442079460958")]
    [InlineData(InboundFormat.OneNpan, "+442079460958")]
    [InlineData(InboundFormat.StripPlus, "442079460958")]
    public void A_number_outside_the_NANP_has_no_npan_form_and_stays_E164(InboundFormat format, string expected) =>
        Assert.Equal(expected, InboundFormats.RequestUser(format, "+442079460958", null));

    [Fact]
    public void Username_format_without_an_auth_user_has_no_request_user() =>
        Assert.Null(InboundFormats.RequestUser(InboundFormat.Username, "+14158867900", null));

    [Theory]
    [InlineData(InboundFormat.E164, "e164")]
    [InlineData(InboundFormat.Npan, "npan")]
    [InlineData(InboundFormat.OneNpan, "1npan")]
    [InlineData(InboundFormat.StripPlus, "strip_plus")]
    [InlineData(InboundFormat.Username, "username")]
    public void Each_format_is_named_by_its_current_Kazoo_spelling(InboundFormat format, string name)
    {
        Assert.Equal(name, InboundFormats.Name(format));
        Assert.Equal(format, InboundFormats.Parse(name));
    }
}
