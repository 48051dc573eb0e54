using PipelineBuild.Core.Loading;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;
using static PipelineBuild.Core.Tests.Loading.LoaderTestKit;

namespace PipelineBuild.Core.Tests.Loading;

/// <summary>Expressions in <c>run</c> become words the shell reads back as data, placed for their quoting context.</summary>
public sealed class ShellQuotingTests
{
    private static StepDefinition Step(string run, string msg, string extra = "", LoadOptions? options = null)
    {
        var yaml = $"pipeline: p\nparams:\n  msg: \"{msg.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}\"\n  lr: 0.1\nstages:\n  s:\n    steps:\n      a:\n{extra}        run: |-\n          {run.Replace("\n", "\n          ", StringComparison.Ordinal)}\n";
        return AssertLoads(yaml, options).Pipeline!.Steps[0];
    }

    [Fact]
    public void Should_leave_the_command_of_plain_values_unchanged_so_fingerprints_stay_the_same()
    {
        // Given plain values bare, in double quotes and in a path
        var step = Step("train --lr ${{ params.lr }} --name \"${{ params.msg }}\" --out models/${{ params.msg }}.bin", "run-7_a/b:c=d,e+f@g%h");

        // Then the command is what plain pasting gave
        Assert.Equal("train --lr 0.1 --name \"run-7_a/b:c=d,e+f@g%h\" --out models/run-7_a/b:c=d,e+f@g%h.bin", step.Command);
    }

    [Theory]
    [InlineData("echo ${{ params.msg }}", "a b$(x)'", "echo 'a b$(x)'\\'''")]
    [InlineData("echo \"<${{ params.msg }}>\"", "a \"$x\" `y` \\", "echo \"<a \\\"\\$x\\\" \\`y\\` \\\\>\"")]
    [InlineData("echo '<${{ params.msg }}>'", "it's", "echo '<it'\\''s>'")]
    [InlineData("echo $'<${{ params.msg }}>'", "it's \\n", "echo $'<it\\'s \\\\n>'")]
    [InlineData("echo \"$(cat ${{ params.msg }})\"", "a b", "echo \"$(cat 'a b')\"")]
    [InlineData("# note ${{ params.msg }}\necho", "x\ntouch p", "# note 'x\ntouch p'\necho")]
    [InlineData("cat <<EOF\n'${{ params.msg }}' \"\nEOF\necho ${{ params.msg }}", "$(x) `y`", "cat <<EOF\n'\\$(x) \\`y\\`' \"\nEOF\necho '$(x) `y`'")]
    [InlineData("cat <<'EOF'\n${{ params.msg }}\nEOF", "$(x)", "cat <<'EOF'\n$(x)\nEOF")]
    [InlineData("echo $((1<<2)) ${{ params.msg }}", "a b", "echo $((1<<2)) 'a b'")]
    public void Should_quote_a_value_for_its_place_in_the_command(string run, string value, string expected)
    {
        Assert.Equal(expected, Step(run, value).Command);
    }

    [Theory]
    [InlineData("echo `echo ${{ params.msg }}`", "x", "PB2030")]
    [InlineData("cat <<EOF\n${{ params.msg }}\nEOF", "a\nEOF\ntouch p", "PB2032")]
    [InlineData("cat <<-EOF\n${{ params.msg }}\nEOF", "a\n\tEOF", "PB2032")]
    public void Should_refuse_a_value_that_cannot_be_placed_safely(string run, string value, string code)
    {
        var yaml = $"pipeline: p\nparams:\n  msg: \"{value.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal)}\"\nstages:\n  s:\n    steps:\n      a:\n        run: |-\n          {run.Replace("\n", "\n          ", StringComparison.Ordinal)}\n";
        Single(Load(yaml), code);
    }

    [Fact]
    public void Should_refuse_an_expression_in_a_shell_without_known_quoting_but_accept_raw()
    {
        var refused = Load("pipeline: p\nparams: { msg: hi }\nstages:\n  s:\n    steps:\n      a:\n        shell: python3 -c\n        run: print('${{ params.msg }}')\n");
        AssertAt(Single(refused, "PB2031"), 8, 21);

        var raw = AssertLoads("pipeline: p\nparams: { msg: hi }\nstages:\n  s:\n    steps:\n      a:\n        shell: python3 -c\n        run: print('${{ raw(params.msg) }}')\n");
        Assert.Equal("print('hi')", raw.Pipeline!.Steps[0].Command);
    }

    [Fact]
    public void Should_paste_a_raw_value_as_shell_syntax()
    {
        Assert.Equal("echo x > out.txt", Step("echo x ${{ raw(params.msg) }}", "> out.txt").Command);
    }

    [Theory]
    [InlineData(null, StepKind.Host, "bash -e -o pipefail -c")]
    [InlineData("bash", StepKind.Host, "bash -e -o pipefail -c")]
    [InlineData(null, StepKind.Container, "sh -e -c")]
    [InlineData("sh", StepKind.Host, "sh -e -c")]
    [InlineData("bash -c", StepKind.Host, "bash -c")]
    [InlineData("python3", StepKind.Host, "python3 -c")]
    public void Should_run_bash_and_sh_stopping_at_the_first_failure_unless_the_shell_says_otherwise(string? shell, StepKind kind, string expected)
    {
        var resolved = StepShell.Resolve(shell, kind);
        Assert.Equal(expected, string.Join(' ', [resolved.Program, .. resolved.Arguments]));
    }

    [Fact]
    public void Should_reference_a_secret_by_name_and_fingerprint_it_by_name_only()
    {
        // Given the same pipeline loaded with two values of a declared secret
        const string yaml = "pipeline: p\nsecrets: [TOKEN]\nstages:\n  s:\n    steps:\n      a:\n        env: { AUTH: \"Bearer ${{ env.TOKEN }}\" }\n        run: curl -H ${{ env.TOKEN }} \"x${{ env.TOKEN }}\"\n";
        StepDefinition LoadWith(string token) =>
            AssertLoads(yaml, LoadOptions.Default with { ProcessEnvironment = new Dictionary<string, string> { ["TOKEN"] = token } }).Pipeline!.Steps[0];
        var first = LoadWith("first-value");
        var second = LoadWith("second-value");

        // Then the command names the variable, and the definition digest does not depend on the value
        Assert.Equal("curl -H \"${TOKEN}\" \"x${TOKEN}\"", first.Command);
        Assert.Equal("Bearer first-value", first.Env["AUTH"]);
        Assert.Equal(["TOKEN"], first.Secrets.Names);
        Assert.Equal(StepFingerprint.Definition(first), StepFingerprint.Definition(second));
        Assert.DoesNotContain("first-value", first.Secrets.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_fingerprint_an_undeclared_env_value_by_value()
    {
        const string yaml = "pipeline: p\nstages:\n  s:\n    steps:\n      a:\n        run: echo ${{ env.DATA_VERSION }}\n";
        StepDefinition LoadWith(string version) =>
            AssertLoads(yaml, LoadOptions.Default with { ProcessEnvironment = new Dictionary<string, string> { ["DATA_VERSION"] = version } }).Pipeline!.Steps[0];

        Assert.NotEqual(StepFingerprint.Definition(LoadWith("1")), StepFingerprint.Definition(LoadWith("2")));
    }

    [Fact]
    public void Should_keep_task_with_values_as_data()
    {
        // Given a task step whose 'with' uses a param full of shell syntax
        var step = AssertLoads("pipeline: p\nparams: { msg: \"$(touch p); `x` | y\" }\nstages:\n  s:\n    steps:\n      a:\n        task: echo\n        with: { text: \"${{ params.msg }}\" }\n").Pipeline!.Steps[0];

        // Then the task receives it verbatim (it is passed as JSON to the task host, never through a shell)
        Assert.Equal("$(touch p); `x` | y", step.With["text"]?.ToString());
    }

    [Fact]
    public void Should_never_fail_to_load_whatever_shell_text_surrounds_an_expression()
    {
        // Given many random commands over the characters that change quoting, with expressions among them
        var random = new Random(20261130);
        const string alphabet = "\"'`$()<-#\\ a;{}E\n";
        for (var i = 0; i < 2000; i++)
        {
            var run = string.Concat(Enumerable.Range(0, random.Next(1, 30)).Select(_ => random.Next(8) == 0 ? "${{ params.msg }}" : alphabet[random.Next(alphabet.Length)].ToString()));
            var value = string.Concat(Enumerable.Range(0, random.Next(0, 6)).Select(_ => alphabet[random.Next(alphabet.Length)]));
            var yaml = $"pipeline: p\nparams:\n  msg: \"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}\"\nstages:\n  s:\n    steps:\n      a:\n        run: \"{run.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}\"\n";

            // When it loads, Then it loads or reports a problem, and never throws
            var result = Load(yaml);
            Assert.True(result.Succeeded || result.Diagnostics.Count > 0, yaml);
        }
    }
}
