using Connectivity.Domain.Documents;

namespace Connectivity.Tests.Documents;

public class DocumentMergeTests
{
    [Fact]
    public void Patch_merges_objects_recursively()
    {
        var stored = Json.Object("""{"name":"a","account":{"trunks":1,"caller_id":{"cid_name":"x"}}}""");
        var patch = Json.Object("""{"account":{"caller_id":{"cid_number":"123"}}}""");

        var result = DocumentMerge.Patch(stored, patch);

        Json.AssertEqual(Json.Object("""{"name":"a","account":{"trunks":1,"caller_id":{"cid_name":"x","cid_number":"123"}}}"""), result);
    }

    [Fact]
    public void Patch_replaces_arrays_whole()
    {
        var stored = Json.Object("""{"servers":[{"name":"one"},{"name":"two"}]}""");
        var patch = Json.Object("""{"servers":[{"auth":{"auth_method":"IP"}}]}""");

        var result = DocumentMerge.Patch(stored, patch);

        Json.AssertEqual(Json.Object("""{"servers":[{"auth":{"auth_method":"IP"}}]}"""), result);
    }

    [Fact]
    public void Patch_with_null_deletes_the_key()
    {
        var stored = Json.Object("""{"name":"a","account":{"trunks":1,"auth_realm":"r"}}""");
        var patch = Json.Object("""{"name":null,"account":{"trunks":null},"missing":null}""");

        var result = DocumentMerge.Patch(stored, patch);

        Json.AssertEqual(Json.Object("""{"account":{"auth_realm":"r"}}"""), result);
    }

    [Fact]
    public void Patch_replacing_a_scalar_with_an_object_drops_the_nulls_inside_it()
    {
        var stored = Json.Object("""{"account":"legacy"}""");
        var patch = Json.Object("""{"account":{"trunks":2,"credits":null}}""");

        var result = DocumentMerge.Patch(stored, patch);

        Json.AssertEqual(Json.Object("""{"account":{"trunks":2}}"""), result);
    }

    [Fact]
    public void Patch_does_not_mutate_its_inputs()
    {
        var stored = Json.Object("""{"name":"a","account":{"trunks":1},"servers":[{"name":"s"}]}""");
        var patch = Json.Object("""{"name":null,"account":{"trunks":2},"servers":[]}""");
        var storedBefore = stored.DeepClone();
        var patchBefore = patch.DeepClone();

        var result = DocumentMerge.Patch(stored, patch);
        result["account"]!["trunks"] = 99;

        Json.AssertEqual(storedBefore, stored);
        Json.AssertEqual(patchBefore, patch);
    }

    [Fact]
    public void Patch_neither_sets_nor_deletes_server_owned_keys()
    {
        var stored = Json.Object("""{"name":"a","_read_only":{"deleted":false},"pvt_created":1}""");
        var patch = Json.Object("""{"id":"0123","_read_only":null,"pvt_created":null,"pvt_type":"x","_rev":"9","name":"b"}""");

        var result = DocumentMerge.Patch(stored, patch);

        Json.AssertEqual(Json.Object("""{"name":"b","_read_only":{"deleted":false},"pvt_created":1}"""), result);
    }

    [Fact]
    public void Replace_takes_the_public_fields_from_the_incoming_document()
    {
        var stored = Json.Object("""{"name":"old","account":{"trunks":1},"servers":[{"name":"s"}]}""");
        var incoming = Json.Object("""{"name":"new","servers":[]}""");

        var result = DocumentMerge.Replace(stored, incoming);

        Json.AssertEqual(Json.Object("""{"name":"new","servers":[]}"""), result);
    }

    [Fact]
    public void Replace_keeps_the_stored_server_owned_keys_and_id_whatever_the_client_sends()
    {
        var stored = Json.Object("""{"id":"abc","name":"old","_read_only":{"deleted":false},"pvt_created":1}""");
        var incoming = Json.Object("""{"id":"evil","name":"new","_read_only":{"deleted":true},"pvt_modified":2}""");

        var result = DocumentMerge.Replace(stored, incoming);

        Json.AssertEqual(Json.Object("""{"name":"new","id":"abc","_read_only":{"deleted":false},"pvt_created":1}"""), result);
    }

    [Fact]
    public void Replace_does_not_mutate_its_inputs()
    {
        var stored = Json.Object("""{"name":"old","pvt_created":1}""");
        var incoming = Json.Object("""{"name":"new","account":{"trunks":3}}""");
        var storedBefore = stored.DeepClone();
        var incomingBefore = incoming.DeepClone();

        var result = DocumentMerge.Replace(stored, incoming);
        result["account"]!["trunks"] = 4;
        result["pvt_created"] = 5;

        Json.AssertEqual(storedBefore, stored);
        Json.AssertEqual(incomingBefore, incoming);
    }

    [Fact]
    public void PublicFields_drops_id_and_top_level_server_owned_keys_only()
    {
        var data = Json.Object("""{"id":"abc","_read_only":{},"pvt_type":"sys_info","name":"n","account":{"_x":1,"pvt_y":2,"id":3}}""");

        var result = DocumentMerge.PublicFields(data);

        Json.AssertEqual(Json.Object("""{"name":"n","account":{"_x":1,"pvt_y":2,"id":3}}"""), result);
        Assert.True(data.ContainsKey("id"));
    }

    [Theory]
    [InlineData("_rev", true)]
    [InlineData("_", true)]
    [InlineData("pvt_created", true)]
    [InlineData("pvt", false)]
    [InlineData("PVT_created", false)]
    [InlineData("name", false)]
    [InlineData("id", false)]
    public void Server_owned_keys_start_with_an_underscore_or_pvt_(string key, bool serverOwned)
    {
        Assert.Equal(serverOwned, DocumentMerge.IsServerOwned(key));
    }
}
