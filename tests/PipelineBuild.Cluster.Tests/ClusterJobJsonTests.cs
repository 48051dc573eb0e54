using System.Text;
using System.Text.Json;

namespace PipelineBuild.Cluster.Tests;

public sealed class ClusterJobJsonTests
{
    private static readonly ClusterJob Job = new(
        ClusterJob.CurrentSchema,
        "train",
        new string('a', 64),
        ["sh", "-e", "-c", "echo hi > out.txt"],
        ".",
        new SortedDictionary<string, string>(StringComparer.Ordinal) { ["MODE"] = "fast" },
        [new ClusterJobInput("data/in.csv", new string('b', 64), 12, Executable: false)],
        ["out.txt", "reports/"]);

    [Fact]
    public void Should_read_back_the_job_it_wrote_with_the_contract_member_names()
    {
        // Given
        var bytes = ClusterJobJson.Serialize(Job);

        // When
        var read = ClusterJobJson.Deserialize(bytes);
        var text = Encoding.UTF8.GetString(bytes);

        // Then
        Assert.Equal(Job.Key, read.Key);
        Assert.Equal(Job.Command, read.Command);
        Assert.Equal(Job.Inputs, read.Inputs);
        Assert.Equal(Job.Outputs, read.Outputs);
        Assert.Equal("fast", read.Environment["MODE"]);
        foreach (var member in new[] { "\"schema\":1", "\"step\":", "\"key\":", "\"command\":", "\"workingDirectory\":", "\"environment\":", "\"inputs\":", "\"sha256\":", "\"size\":12", "\"executable\":false", "\"outputs\":" })
        {
            Assert.Contains(member, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Should_give_the_same_bytes_and_digest_for_the_same_job()
    {
        // When
        var first = ClusterJobJson.Serialize(Job);
        var second = ClusterJobJson.Serialize(Job with { Inputs = [.. Job.Inputs] });

        // Then
        Assert.Equal(first, second);
        Assert.Equal(ClusterJobJson.DigestOf(first), ClusterJobJson.DigestOf(second));
    }

    [Theory]
    [InlineData("{\"schema\":2,\"step\":\"s\",\"key\":\"k\",\"command\":[\"sh\"],\"workingDirectory\":\".\",\"environment\":{},\"inputs\":[],\"outputs\":[]}")]
    [InlineData("{\"schema\":1,\"step\":\"s\",\"key\":\"k\",\"command\":[\"sh\"],\"workingDirectory\":\".\",\"environment\":{},\"inputs\":[],\"outputs\":[],\"extra\":1}")]
    [InlineData("{\"schema\":1,\"step\":\"s\",\"key\":\"k\",\"command\":[\"sh\"],\"workingDirectory\":\".\",\"environment\":{},\"inputs\":[]}")]
    [InlineData("{\"schema\":1,\"step\":null,\"key\":\"k\",\"command\":[\"sh\"],\"workingDirectory\":\".\",\"environment\":{},\"inputs\":[],\"outputs\":[]}")]
    [InlineData("[]")]
    public void Should_refuse_a_spec_of_another_schema_or_with_unknown_missing_or_null_members(string json)
    {
        // When / Then
        Assert.ThrowsAny<JsonException>(() => ClusterJobJson.Deserialize(Encoding.UTF8.GetBytes(json)));
    }
}
