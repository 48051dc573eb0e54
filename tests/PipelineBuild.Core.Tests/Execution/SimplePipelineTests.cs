using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Tests.Execution;

/// <summary>Which <c>run</c> commands are simple commands joined by pipes, with a file read first or written last, so they may start without bash.</summary>
public sealed class SimplePipelineTests
{
    [Fact]
    public void Should_split_a_pipeline_into_its_members_and_the_file_it_writes()
    {
        var pipeline = SimplePipeline.TryParse("cat in/a.txt in/b.txt in/c.txt | sha256sum > out/o0001.txt");

        Assert.NotNull(pipeline);
        Assert.Equal([["cat", "in/a.txt", "in/b.txt", "in/c.txt"], ["sha256sum"]], pipeline.Members);
        Assert.Null(pipeline.Input);
        Assert.Equal("out/o0001.txt", pipeline.Output);
        Assert.False(pipeline.Appends);
    }

    [Theory]
    [InlineData("sort < in.txt | uniq -c | sort -rn >> counts.txt", 3, "in.txt", "counts.txt", true)]
    [InlineData("sort <in.txt|uniq", 2, "in.txt", null, false)]
    [InlineData("gzip -c data.csv > data.csv.gz", 1, null, "data.csv.gz", false)]
    [InlineData("< in.txt wc -l", 1, "in.txt", null, false)]
    [InlineData("wc -l < in.txt > n.txt", 1, "in.txt", "n.txt", false)]
    [InlineData("ls|wc -l", 2, null, null, false)]
    [InlineData("cat a |\tgrep -v x|sort", 3, null, null, false)]
    public void Should_accept_simple_commands_joined_by_pipes_with_a_file_read_first_or_written_last(
        string command, int members, string? input, string? output, bool appends)
    {
        var pipeline = SimplePipeline.TryParse(command);

        Assert.NotNull(pipeline);
        Assert.Equal(members, pipeline.Members.Count);
        Assert.Equal((input, output, appends), (pipeline.Input, pipeline.Output, pipeline.Appends));
    }

    [Theory]
    [InlineData("cp a b")]
    [InlineData("")]
    [InlineData("   ")]
    public void Should_leave_a_single_command_without_redirects_to_the_simple_command_rule(string command)
    {
        Assert.Null(SimplePipeline.TryParse(command));
    }

    [Theory]
    [InlineData("cat 'a b' | wc")]
    [InlineData("cat \"a\" | wc")]
    [InlineData("cat $HOME/a | wc")]
    [InlineData("cat a | wc > $OUT")]
    [InlineData("cat a | wc > 'out file'")]
    [InlineData("cat a 2> err | wc")]
    [InlineData("cat a | wc 2> err")]
    [InlineData("cat a | wc 2>&1")]
    [InlineData("cat a | wc >&2")]
    [InlineData("cat a | wc > out 2>&1")]
    [InlineData("cat a>out")]
    [InlineData("sort<in.txt|uniq")]
    [InlineData("cat a | wc >| out")]
    [InlineData("cat a | wc <> out")]
    [InlineData("cat << EOF | wc")]
    [InlineData("cat <<< word | wc")]
    [InlineData("cat <(ls) | wc")]
    [InlineData("cat a && wc b")]
    [InlineData("cat a ; wc b")]
    [InlineData("cat a || wc b")]
    [InlineData("cat a |& wc")]
    [InlineData("cat a & wc")]
    [InlineData("cat a > out | wc")]
    [InlineData("cat a | wc < in")]
    [InlineData("cat < a < b | wc")]
    [InlineData("cat a | wc > o1 > o2")]
    [InlineData("cat a | wc >")]
    [InlineData("cat a | wc > | x")]
    [InlineData("cat a <")]
    [InlineData("cat a | echo done")]
    [InlineData("echo a | wc")]
    [InlineData("cat a | true")]
    [InlineData("false | cat")]
    [InlineData("cat a | cd x")]
    [InlineData("cat a | LANG=C sort")]
    [InlineData("cat a | time sort")]
    [InlineData("! cat a | wc")]
    [InlineData("cat a | | wc")]
    [InlineData("| wc")]
    [InlineData("cat a |")]
    [InlineData("> out")]
    [InlineData("< in | wc")]
    [InlineData("cat a |\nwc")]
    [InlineData("cat a | wc # count")]
    [InlineData("cat *.txt | wc")]
    [InlineData("cat ~/a | wc")]
    [InlineData("(cat a) | wc")]
    [InlineData("{ cat a; } | wc")]
    public void Should_leave_to_bash_a_pipeline_with_anything_else(string command)
    {
        Assert.Null(SimplePipeline.TryParse(command));
    }

    [Fact]
    public void Should_leave_to_bash_a_pipeline_longer_than_the_loop_tells_apart()
    {
        var longest = string.Join(" | ", Enumerable.Repeat("cat", SimplePipeline.MaxMembers));

        Assert.NotNull(SimplePipeline.TryParse(longest));
        Assert.Null(SimplePipeline.TryParse(longest + " | cat"));
    }
}
