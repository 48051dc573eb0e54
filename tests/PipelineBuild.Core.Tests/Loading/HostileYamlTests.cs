using PipelineBuild.Core.Loading;
using static PipelineBuild.Core.Tests.Loading.LoaderTestKit;

namespace PipelineBuild.Core.Tests.Loading;

public sealed class HostileYamlTests
{
    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("---\n")]
    public void Should_report_an_empty_file(string yaml)
    {
        // Given / When / Then
        AssertAt(Single(Load(yaml), "PB2007"), 1, 1);
    }

    [Fact]
    public void Should_report_a_yaml_syntax_error_at_its_position()
    {
        // Given an unclosed flow sequence
        var result = Load("pipeline: p\nstages: [a\n");

        // When / Then
        var diagnostic = Single(result, "PB2008");
        AssertAt(diagnostic, 3, 1);
        Assert.Null(result.Pipeline);
    }

    [Fact]
    public void Should_report_several_documents()
    {
        // Given / When / Then
        AssertAt(Single(Load("pipeline: p\n---\npipeline: q\n"), "PB2013"), 2, 1);
    }

    [Fact]
    public void Should_report_an_unknown_alias()
    {
        // Given / When / Then
        AssertAt(Single(Load("pipeline: *name\n"), "PB2008"), 1, 11);
    }

    [Fact]
    public void Should_stop_an_alias_bomb_at_the_node_budget_with_an_error()
    {
        // Given the "billion laughs": nine levels of nine aliases each, used as params
        var lines = new List<string> { "pipeline: p", "params:", "  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]" };
        for (var i = 1; i <= 9; i++)
        {
            var refs = string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 9));
            lines.Add($"  l{i}: &l{i} [{refs}]");
        }

        var yaml = string.Join('\n', lines) + "\nstages: {}\n";

        // When
        var result = Load(yaml);

        // Then the load stopped once it had visited the budget's nodes (9^10 would never finish), saying why
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("PB2017", diagnostic.Code);
        Assert.Contains($"more than {NodeBudget.DefaultLimit:N0} nodes", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_report_deep_nesting_without_crashing()
    {
        // Given 10,000 nested flow sequences
        var yaml = "pipeline: p\nparams: { x: " + new string('[', 10_000) + new string(']', 10_000) + " }\n";

        // When
        var result = Load(yaml);

        // Then
        var diagnostic = Single(result, "PB2015");
        Assert.Equal(2, diagnostic.Location.Line);
    }

    [Fact]
    public void Should_report_aliases_that_nest_too_deep_together()
    {
        // Given anchors whose nesting adds up past the limit only through aliases
        var deep = new string('[', 200) + new string(']', 200);
        var yaml = $"a: &a {deep}\nb: [{new string('[', 100)}*a{new string(']', 100)}]\n";

        // When / Then
        Single(Load(yaml), "PB2015");
    }

    [Fact]
    public void Should_never_throw_on_random_bytes()
    {
        // Given 30 deterministic random files, some of them YAML-ish noise
        var random = new Random(20240611);
        const string alphabet = "ab:- \n\t[]{},&*!|>'\"#%@`?~${}.0123456789\u00e9\u0000";
        for (var i = 0; i < 30; i++)
        {
            var length = random.Next(1, 2_000);
            var text = i % 2 == 0
                ? new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray())
                : System.Text.Encoding.Latin1.GetString(Enumerable.Range(0, length).Select(_ => (byte)random.Next(256)).ToArray());

            // When
            var result = new PipelineLoader(LoadOptions.Default).LoadFromText(text, FilePath);

            // Then nothing escapes; an invalid file always says why
            Assert.True(result.Succeeded || result.Diagnostics.Any(d => d.IsError), $"file {i}");
        }
    }
}
