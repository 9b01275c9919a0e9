using Connectivity.Domain.Documents;

namespace Connectivity.Tests.Documents;

public class HostNamesTests
{
    [Theory]
    [InlineData("pbx")]
    [InlineData("pbx.example.com")]
    [InlineData("PBX-1.Example.COM")]
    [InlineData("3com.com")]
    [InlineData("a.b2")]
    public void RFC_1123_host_names_pass(string name) => Assert.True(HostNames.IsHostName(name));

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("pbx.example.com.")]
    [InlineData("pbx-.example.com")]
    [InlineData("pbx.-example.com")]
    [InlineData("pbx_1.example.com")]
    [InlineData("pbx example.com")]
    [InlineData("10.0.0.1")]
    [InlineData("example.123")]
    [InlineData("bücher.example")]
    public void Anything_else_is_not_a_host_name(string name) => Assert.False(HostNames.IsHostName(name));

    [Fact]
    public void Labels_longer_than_63_and_names_longer_than_253_are_refused()
    {
        Assert.True(HostNames.IsHostName(new string('a', 63) + ".com"));
        Assert.False(HostNames.IsHostName(new string('a', 64) + ".com"));
        var longName = string.Join('.', Enumerable.Repeat(new string('a', 63), 4));
        Assert.Equal(255, longName.Length);
        Assert.False(HostNames.IsHostName(longName));
        Assert.True(HostNames.IsHostName(longName[..251] + "a"));
    }
}
