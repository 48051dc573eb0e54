using PipelineBuild.Cli.Dependencies;

namespace PipelineBuild.Cli.Tests.Dependencies;

public sealed class CommandProgramsTests
{
    [Theory]
    [InlineData("python3 src/train.py --seed 1", "python3")]
    [InlineData("LC_ALL=C sort -u a.txt | uniq -c > out.txt && echo done", "sort,uniq")]
    [InlineData("cd data; tar -xzf x.tgz 2>&1 || exit 1", "tar")]
    [InlineData("for f in data/*.csv; do wc -l \"$f\"; done", "wc")]
    [InlineData("./scripts/run.sh && /usr/bin/env jq .a x.json", "/usr/bin/env,jq")]
    [InlineData("out=\"data/$(basename \"$f\")\"; cp \"$f\" \"$out\"", "cp,basename")]
    [InlineData("echo 'not | a program' # comment; rm -rf x", "")]
    [InlineData("$PYTHON train.py; sudo apt-get install -y jq", "sudo,apt-get")]
    [InlineData("x=1\n__pb_status=$?; if [ \"$__pb_status\" -ne 0 ]; then exit \"$__pb_status\"; fi", "")]
    public void Should_find_the_programs_a_shell_command_calls(string command, string expected)
    {
        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries), CommandPrograms.Find(command));
    }

    [Fact]
    public void Should_name_the_workspace_scripts_handed_to_a_shell()
    {
        Assert.Equal(["scripts/a.sh", "b.sh"], CommandPrograms.Scripts("bash scripts/a.sh 4 && sh b.sh; python3 c.sh"));
    }
}
