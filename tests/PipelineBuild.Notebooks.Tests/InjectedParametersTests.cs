using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Notebooks.Tests;

public sealed class InjectedParametersTests
{
    private static readonly ParamSet Params = new(Map(
        ("seed", new ScalarValue("42")),
        ("train", Map(("epochs", new ScalarValue("300")), ("rate", new ScalarValue("0.5")), ("name", new ScalarValue("it's \"v2\"")))),
        ("eval", Map(("epochs", new ScalarValue("3"))))));

    [Fact]
    public void Should_assign_params_by_their_last_segment_then_with_entries_as_python_literals()
    {
        // Given a step using two params and two with entries, one overriding a param's name
        var step = Step(["seed", "train.epochs", "train.name"], Map(("seed", new ScalarValue("7")), ("flags", new ListValue([new ScalarValue("true"), new ScalarValue("-1.5e3"), Map(("k", new ScalarValue("v")))]))));

        // When the injected cell is made
        var (source, error) = InjectedParameters.For(step, Params);

        // Then every name is assigned once, sorted, with Python's spelling of the YAML types
        Assert.Null(error);
        Assert.Equal(
            "# Parameters injected by PipelineBuild (step s.nb)\nepochs = 300\nflags = [True, -1.5e3, {\"k\": \"v\"}]\nname = \"it's \\\"v2\\\"\"\nseed = 7\n",
            source);
    }

    [Fact]
    public void Should_refuse_two_params_that_would_set_one_variable_to_different_values()
    {
        var (source, error) = InjectedParameters.For(Step(["eval.epochs", "train.epochs"], MapValue.Empty), Params);

        Assert.Null(source);
        Assert.Contains("params 'eval.epochs' and 'train.epochs' would both set 'epochs'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("learning-rate")]
    [InlineData("class")]
    [InlineData("1st")]
    public void Should_refuse_a_with_key_that_is_not_a_python_variable_name(string key)
    {
        var (source, error) = InjectedParameters.For(Step([], Map((key, new ScalarValue("1")))), Params);

        Assert.Null(source);
        Assert.Contains($"'with.{key}' cannot be a Python variable name", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.1", "0.1")]
    [InlineData("False", "False")]
    [InlineData("NULL", "None")]
    [InlineData("01", "\"01\"")]
    [InlineData("1.", "\"1.\"")]
    [InlineData("é\n\\", "\"é\\n\\\\\"")]
    public void Should_write_a_scalar_as_the_python_literal_of_its_yaml_type(string text, string literal)
    {
        Assert.Equal(literal, PythonLiteral.Of(new ScalarValue(text)));
    }

    private static MapValue Map(params (string Key, ValueNode Value)[] entries) =>
        new(entries.Select(e => new KeyValuePair<string, ValueNode>(e.Key, e.Value)).ToList());

    private static StepDefinition Step(IReadOnlyList<string> parameters, MapValue with) => new()
    {
        Id = "s.nb",
        Stage = "s",
        Name = "nb",
        Kind = StepKind.Notebook,
        Notebook = "nb.ipynb",
        Params = parameters,
        With = with,
        Location = SourceLocation.None("pipeline.yaml"),
    };
}
