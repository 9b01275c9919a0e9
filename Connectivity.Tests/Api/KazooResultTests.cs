using System.Text.Json.Nodes;
using Connectivity.Api.Kazoo;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Connectivity.Tests.Api;

/// <summary>An envelope whose data is written from stored JSON, as lookups and GET document answer.</summary>
public sealed class KazooResultTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(200_000)] // past the 64 KB a thread keeps for writing envelopes
    public async Task Each_answer_states_its_own_length_and_carries_nothing_of_the_one_written_before_it(int length)
    {
        var text = new string('x', length);
        foreach (var data in (string[])["first", text, "third", "fourth"])
        {
            var (contentLength, body) = await ExecuteAsync(KazooResult.Ok(writer => writer.WriteStringValue(data)));

            Assert.Equal(body.Length, contentLength);
            var envelope = JsonNode.Parse(body)!;
            Assert.Equal(data, envelope["data"]!.GetValue<string>());
            Assert.Equal("success", envelope["status"]!.GetValue<string>());
        }
    }

    [Fact]
    public void The_envelope_kept_for_a_replay_holds_the_data_the_answer_writes()
    {
        var calls = 0;
        var result = KazooResult.Ok(writer =>
        {
            calls++;
            writer.WriteStartObject();
            writer.WriteString("number", "+14158867900");
            writer.WriteEndObject();
        }, "1-abc");

        var envelope = result.EnvelopeFor(Context());

        Assert.Equal("+14158867900", envelope["data"]!["number"]!.GetValue<string>());
        Assert.Equal("1-abc", envelope["revision"]!.GetValue<string>());
        Assert.Equal(1, calls);
    }

    private static async Task<(long? ContentLength, byte[] Body)> ExecuteAsync(KazooResult result)
    {
        var context = Context();
        var body = new MemoryStream();
        context.Response.Body = body;
        await result.ExecuteAsync(context);
        return (context.Response.ContentLength, body.ToArray());
    }

    private static DefaultHttpContext Context() =>
        new() { RequestServices = new ServiceCollection().BuildServiceProvider() };
}
