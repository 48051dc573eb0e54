using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Tests.Execution;

/// <summary>Which <c>run</c> commands bash would only split and exec, so they may start without it.</summary>
public sealed class SimpleCommandTests
{
    [Theory]
    [InlineData("cp in/i0001.txt out/o0001.txt", new[] { "cp", "in/i0001.txt", "out/o0001.txt" })]
    [InlineData("  python3\tsrc/train.py --lr=0.1 --out models/m@2,v:1+x%  ", new[] { "python3", "src/train.py", "--lr=0.1", "--out", "models/m@2,v:1+x%" })]
    [InlineData("./scripts/prepare.sh", new[] { "./scripts/prepare.sh" })]
    public void Should_split_a_command_bash_would_only_exec_into_its_words(string command, string[] expected)
    {
        Assert.Equal(expected, SimpleCommand.TryParse(command));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("cat in.txt | sha256sum")]
    [InlineData("cp a b > log")]
    [InlineData("cp a b < in")]
    [InlineData("make && make install")]
    [InlineData("make; make install")]
    [InlineData("sleep 1 &")]
    [InlineData("cp a b\ncp c d")]
    [InlineData("echo $HOME")]
    [InlineData("echo ${HOME}")]
    [InlineData("cp `ls` out")]
    [InlineData("cp $(ls) out")]
    [InlineData("cp 'a b' c")]
    [InlineData("cp \"a b\" c")]
    [InlineData("cp a\\ b c")]
    [InlineData("cp *.txt out")]
    [InlineData("cp a? out")]
    [InlineData("cp [ab] out")]
    [InlineData("cp {a,b} out")]
    [InlineData("cp ~/a out")]
    [InlineData("cp a b # copy")]
    [InlineData("(cp a b)")]
    [InlineData("! cp a b")]
    [InlineData("LANG=C sort in")]
    [InlineData("cp a b\r")]
    [InlineData("cp données out")]
    public void Should_leave_to_bash_a_command_with_anything_bash_expands_redirects_or_chains(string command)
    {
        Assert.Null(SimpleCommand.TryParse(command));
    }

    [Theory]
    [InlineData("cd data")]
    [InlineData("echo done")]
    [InlineData("printf x")]
    [InlineData("true")]
    [InlineData("test -f a")]
    [InlineData("source env.sh")]
    [InlineData(". env.sh")]
    [InlineData("exit 3")]
    [InlineData("export A")]
    [InlineData("time make")]
    [InlineData("exec make")]
    [InlineData("kill 1")]
    public void Should_leave_to_bash_a_command_that_starts_with_a_builtin_or_keyword(string command)
    {
        Assert.Null(SimpleCommand.TryParse(command));
    }
}
