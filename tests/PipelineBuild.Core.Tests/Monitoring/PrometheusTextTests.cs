using PipelineBuild.Core.Monitoring;

namespace PipelineBuild.Core.Tests.Monitoring;

public sealed class PrometheusTextTests
{
    [Fact]
    public void Should_write_help_type_and_escaped_labels_in_the_text_format()
    {
        // Given a gauge whose label value holds a quote, a backslash and a newline
        var family = new MetricFamily("pipeline_metric", MetricType.Gauge, "Help with \\ and\nnewline.",
            [MetricSample.Of(0.25, ("pipeline", "demo"), ("name", "a\"b\\c\nd"))]);

        // When it is written
        var text = PrometheusText.Write([family]);

        // Then it follows the exposition format 0.0.4
        Assert.Equal(
            "# HELP pipeline_metric Help with \\\\ and\\nnewline.\n# TYPE pipeline_metric gauge\npipeline_metric{pipeline=\"demo\",name=\"a\\\"b\\\\c\\nd\"} 0.25\n",
            text);
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(1e21, "1E+21")]
    [InlineData(3.0, "3")]
    public void Should_write_special_and_large_values_as_Prometheus_reads_them(double value, string expected) =>
        Assert.Equal(expected, PrometheusText.FormatValue(value));

    [Fact]
    public void Should_leave_out_families_without_series() =>
        Assert.Equal("", PrometheusText.Write([new MetricFamily("x", MetricType.Counter, "h", [])]));
}
