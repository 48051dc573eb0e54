using System.Text.Json.Nodes;
using PipelineBuild.Kubernetes.Manifests;

namespace PipelineBuild.Kubernetes.Tests;

public sealed class YamlManifestWriterTests
{
    [Theory]
    [InlineData("true")]
    [InlineData("no")]
    [InlineData("0755")]
    [InlineData("1e3")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("- item")]
    [InlineData("key: value # comment")]
    [InlineData("&anchor *alias !!binary")]
    [InlineData("line one\nline two\n")]
    [InlineData("trailing space \nand tab\t")]
    [InlineData("--- \n...")]
    [InlineData("\u0000\u001b[31m")]
    [InlineData("")]
    public void Should_write_every_string_so_that_it_reads_back_as_the_same_string(string value)
    {
        var document = new JsonObject { ["value"] = value, [value.Length == 0 ? "empty" : value] = 1 };

        var read = Assert.Single(StrictManifests.Documents(YamlManifestWriter.Write([document])));

        Assert.True(JsonNode.DeepEquals(document, read), read.ToJsonString());
    }

    [Fact]
    public void Should_write_numbers_and_booleans_as_themselves_and_one_document_each()
    {
        JsonNode[] documents = [new JsonObject { ["n"] = 3, ["b"] = false, ["list"] = new JsonArray(1, "1") }, new JsonObject { ["kind"] = "Job" }];

        var read = StrictManifests.Documents(YamlManifestWriter.Write(documents));

        Assert.Equal(2, read.Count);
        Assert.True(JsonNode.DeepEquals(documents[0], read[0]), read[0].ToJsonString());
        Assert.True(JsonNode.DeepEquals(documents[1], read[1]), read[1].ToJsonString());
    }
}
