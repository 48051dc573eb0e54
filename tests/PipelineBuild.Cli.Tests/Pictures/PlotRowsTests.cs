using System.Text;
using PipelineBuild.Cli.Pictures;

namespace PipelineBuild.Cli.Tests.Pictures;

/// <summary>The rows of plot files, as DVC reads them; a file of another shape is "unreadable", not guessed at.</summary>
public sealed class PlotRowsTests
{
    [Fact]
    public void Should_read_csv_and_tsv_with_a_header_keeping_numbers_as_numbers()
    {
        // When
        var csv = PlotRows.Parse("loss.csv", Encoding.UTF8.GetBytes("epoch,loss,phase\r\n1,0.5,train\n2,0.25,\"val\"\n"))!;
        var tsv = PlotRows.Parse("loss.tsv", Encoding.UTF8.GetBytes("epoch\tloss\n1\t0.5\n"))!;

        // Then
        Assert.Equal(2, csv.Count);
        Assert.Equal((2.0, 0.25, "val"), ((double)csv[1]["epoch"]!, (double)csv[1]["loss"]!, (string)csv[1]["phase"]!));
        Assert.Equal(0.5, (double)Assert.Single(tsv)["loss"]!);
    }

    [Fact]
    public void Should_read_a_json_or_yaml_list_at_the_top_or_under_the_first_key_holding_one()
    {
        // When
        var json = PlotRows.Parse("roc.json", Encoding.UTF8.GetBytes("""{"roc": [{"fpr": 0, "tpr": 0.5}, {"fpr": 1, "tpr": 1}]}"""))!;
        var yaml = PlotRows.Parse("pr.yaml", Encoding.UTF8.GetBytes("- { recall: 0.1, precision: 0.9 }\n- { recall: 0.8, precision: 0.6 }\n"))!;

        // Then
        Assert.Equal([0.5, 1.0], json.Select(r => (double)r["tpr"]!));
        Assert.Equal([0.9, 0.6], yaml.Select(r => (double)r["precision"]!));
    }

    [Theory]
    [InlineData("m.json", "{\"accuracy\": 0.9}")]
    [InlineData("m.json", "not json")]
    [InlineData("m.yaml", "a: [unclosed")]
    [InlineData("m.json", "[{\"a\": 1, \"a\": 2}]")]
    public void Should_call_a_file_of_another_shape_unreadable(string path, string text) =>
        Assert.Null(PlotRows.Parse(path, Encoding.UTF8.GetBytes(text)));
}
