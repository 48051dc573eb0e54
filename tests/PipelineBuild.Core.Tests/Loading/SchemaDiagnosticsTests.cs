using static PipelineBuild.Core.Tests.Loading.LoaderTestKit;

namespace PipelineBuild.Core.Tests.Loading;

public sealed class SchemaDiagnosticsTests
{
    [Fact]
    public void Should_report_unknown_key_with_nearest_suggestion()
    {
        // Given a misspelt 'inputs'
        const string yaml = """
            pipeline: p
            stages:
              s:
                steps:
                  a:
                    run: echo
                    inptus: [x]
            """;

        // When
        var result = Load(yaml);

        // Then the diagnostic points at the key and suggests the right one
        var diagnostic = Single(result, "PB2001");
        AssertAt(diagnostic, 7, 9);
        Assert.Equal("pipelines/train.yaml(7,9): error PB2001: unknown key 'inptus' in step 's.a'; did you mean 'inputs'?", diagnostic.ToString());
        Assert.False(result.Succeeded);
    }

    [Fact]
    public void Should_list_the_valid_keys_when_no_key_is_close()
    {
        // Given / When
        var diagnostic = Single(Load("pipeline: p\nzzzzzzzz: 1\n"), "PB2001");

        // Then
        AssertAt(diagnostic, 2, 1);
        Assert.StartsWith("valid keys: pipeline, workspace", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_report_duplicate_keys_at_top_level_naming_the_first_line()
    {
        // Given / When
        var diagnostic = Single(Load("pipeline: p\nstages: {}\npipeline: q\n"), "PB2002");

        // Then
        AssertAt(diagnostic, 3, 1);
        Assert.Contains("first defined at line 1", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_report_duplicate_keys_nested_in_params_with_and_env()
    {
        // Given
        const string yaml = """
            pipeline: p
            params: { a: 1, a: 2 }
            stages:
              s:
                steps:
                  t:
                    task: T
                    with:
                      x: 1
                      x: 2
                    env: { K: a, K: b }
            """;

        // When
        var diagnostics = Load(yaml).Diagnostics.Where(d => d.Code == "PB2002").ToList();

        // Then every one is reported at its second occurrence
        Assert.Equal([(2, 17), (10, 11), (11, 22)], diagnostics.Select(d => (d.Location.Line, d.Location.Column)));
    }

    [Fact]
    public void Should_report_duplicate_keys_in_a_map_of_many_keys()
    {
        // Given a map long enough to be indexed, with duplicates of an early and of a late key
        var steps = string.Concat(Enumerable.Range(1, 40).Select(i => $"      t{i}: {{ run: echo }}\n"));
        var yaml = $"pipeline: p\nstages:\n  s:\n    steps:\n{steps}      t2: {{ run: echo }}\n      t40: {{ run: echo }}\n";

        // When
        var diagnostics = Load(yaml).Diagnostics.Where(d => d.Code == "PB2002").ToList();

        // Then both are reported at the repeat, naming the first line
        Assert.Equal([(45, 7), (46, 7)], diagnostics.Select(d => (d.Location.Line, d.Location.Column)));
        Assert.Contains("first defined at line 6", diagnostics[0].Message, StringComparison.Ordinal);
        Assert.Contains("first defined at line 44", diagnostics[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_report_a_map_where_a_list_is_expected()
    {
        // Given / When
        var diagnostic = Single(Load("pipeline: p\nstages:\n  s:\n    steps:\n      a:\n        run: x\n        inputs: { a: 1 }\n"), "PB2003");

        // Then
        AssertAt(diagnostic, 7, 17);
        Assert.Equal("'inputs' must be a list of strings, not a map", diagnostic.Message);
    }

    [Fact]
    public void Should_accept_a_single_string_as_a_one_item_list()
    {
        // Given / When
        var step = AssertLoads("pipeline: p\nstages:\n  s:\n    steps:\n      a:\n        run: x\n        inputs: a.txt\n").Pipeline!.Steps[0];

        // Then
        Assert.Equal("a.txt", Assert.Single(step.Inputs).Path);
    }

    [Theory]
    [InlineData("run: x\n        task: T", 7, 9, "both")]
    [InlineData("inputs: [a]", 5, 7, "neither")]
    public void Should_report_a_step_with_both_or_neither_run_and_task(string body, int line, int column, string word)
    {
        // Given / When
        var diagnostic = Single(Load($"pipeline: p\nstages:\n  s:\n    steps:\n      a:\n        {body}\n"), "PB2004");

        // Then
        AssertAt(diagnostic, line, column);
        Assert.Contains(word, diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pipeline: Iris\nstages: {}\n", 1, 11)]
    [InlineData("pipeline: p\nstages:\n  Prep:\n    steps: {}\n", 3, 3)]
    [InlineData("pipeline: p\nstages:\n  s:\n    steps:\n      a.b:\n        run: x\n", 5, 7)]
    public void Should_report_bad_names(string yaml, int line, int column)
    {
        // Given / When / Then
        AssertAt(Single(Load(yaml), "PB2006"), line, column);
    }

    [Fact]
    public void Should_report_a_missing_pipeline_name()
    {
        // Given / When / Then
        AssertAt(Single(Load("stages: {}\n"), "PB2009"), 1, 1);
    }

    [Theory]
    [InlineData("timeout: 5x", 7, 18)]
    [InlineData("retries: -1", 7, 18)]
    [InlineData("cache: maybe", 7, 16)]
    [InlineData("network: host", 7, 18)]
    [InlineData("resources: { memory: lots }", 7, 30)]
    [InlineData("resources: { gpus: some }", 7, 28)]
    public void Should_report_bad_values(string option, int line, int column)
    {
        // Given / When
        var result = Load($"pipeline: p\nstages:\n  s:\n    steps:\n      a:\n        run: x\n        {option}\n");

        // Then
        AssertAt(Single(result, "PB2010"), line, column);
    }

    [Fact]
    public void Should_report_a_bad_pull_policy()
    {
        // Given / When / Then
        AssertAt(Single(Load("pipeline: p\nimages:\n  i: { image: x, pull: often }\n"), "PB2010"), 3, 24);
    }

    [Fact]
    public void Should_collect_several_errors_at_once()
    {
        // Given a file with four unrelated problems
        const string yaml = """
            pipeline: Bad_Name
            stages:
              s:
                steps:
                  a:
                    run: echo ${{ params.nope }}
                    timeout: soon
                  b:
                    outptus: [x]
            """;

        // When
        var result = Load(yaml);

        // Then all are reported, in file order
        Assert.Equal(["PB2006", "PB2005", "PB2010", "PB2004", "PB2001"], result.Diagnostics.Select(d => d.Code));
        Assert.Null(result.Pipeline);
    }
}
