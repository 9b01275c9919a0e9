using Connectivity.Domain.Documents;
using Connectivity.Domain.Routing;

namespace Connectivity.Tests.Lookups;

/// <summary>The INVITE's request URI is built with RFC 3261 escaping, whatever a stored document holds.</summary>
public class RequestUriTests
{
    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("a.b-c_d!~*'()&=+$,;?/", "a.b-c_d!~*'()&=+$,;?/")]
    [InlineData("%41lice", "%41lice")]
    [InlineData("100%", "100%25")]
    [InlineData("%zz", "%25zz")]
    [InlineData("bob@evil.example.com", "bob%40evil.example.com")]
    [InlineData("bob\r\nVia: evil", "bob%0D%0AVia%3A%20evil")]
    [InlineData("b\u00f8b", "b%C3%B8b")]
    [InlineData("\ud83d\ude00", "%F0%9F%98%80")]
    public void A_user_is_escaped_so_it_cannot_end_the_uri_or_the_line(string user, string escaped) =>
        Assert.Equal(escaped, SipUris.EscapeUser(user));

    [Fact]
    public void A_legacy_user_with_an_at_sign_and_crlf_cannot_change_the_request_uris_host() =>
        Assert.Equal("sip:bob%40evil.example.com%0D%0AVia%3A%20x@192.0.2.10:5080",
            new InviteTarget(InboundFormat.Username, "bob@evil.example.com\r\nVia: x", null, "192.0.2.10", 5080).RequestUri);

    [Theory]
    [InlineData("192.0.2.10", "sip:u@192.0.2.10")]
    [InlineData("2001:DB8::1", "sip:u@[2001:db8::1]")]
    [InlineData("pbx.example.com", "sip:u@pbx.example.com")]
    [InlineData("pbx.example.com\r\nVia: x", null)]
    [InlineData("evil.example.com>", null)]
    public void The_host_is_an_ip_or_a_host_name_or_there_is_no_request_uri(string host, string? uri) =>
        Assert.Equal(uri, new InviteTarget(InboundFormat.Username, "u", null, host, 5060).RequestUri);
}
