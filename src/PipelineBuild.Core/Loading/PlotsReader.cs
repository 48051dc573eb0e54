using PipelineBuild.Core.Model;
using PipelineBuild.Core.Yaml;

namespace PipelineBuild.Core.Loading;

/// <summary>
/// Reads <c>plots:</c> of a step or of the pipeline, DVC's shape: a list whose items are a path, or a
/// one-key map <c>path: { x, y, template, title, x_label, y_label }</c>.
/// </summary>
internal sealed class PlotsReader
{
    private static readonly string[] Extensions = [".csv", ".tsv", ".json", ".yaml", ".yml", ".png", ".svg"];

    private readonly SchemaReader _reader;

    public PlotsReader(SchemaReader reader)
    {
        _reader = reader;
    }

    public List<PlotDefinition> Read(YamlTreeNode node, string? step)
    {
        var plots = new List<PlotDefinition>();
        if (node is YamlTreeScalar { IsNull: true })
        {
            return plots;
        }

        if (node is not YamlTreeSequence sequence)
        {
            _reader.WrongType(node, "'plots'", "a list of files, e.g. - plots/loss.csv: { x: epoch, y: loss }");
            return plots;
        }

        foreach (var item in sequence.Items)
        {
            if (ReadItem(item, step) is { } plot)
            {
                plots.Add(plot);
            }
        }

        return plots;
    }

    private PlotDefinition? ReadItem(YamlTreeNode item, string? step)
    {
        if (item is YamlTreeScalar scalar)
        {
            return Plot(scalar, step);
        }

        if (_reader.Mapping(item, "a plot") is not { } mapping)
        {
            return null;
        }

        if (mapping.Entries.Count != 1)
        {
            _reader.Error(LoaderCodes.BadValue, mapping.Location, "a plot is one file: - path: { x, y, template }", "write one file per list item");
            return null;
        }

        var (path, options) = mapping.Entries[0];
        var plot = Plot(path, step);
        if (plot is null || options is YamlTreeScalar { IsNull: true } || _reader.Mapping(options, $"plot '{path.Value}'") is not { } settings)
        {
            return plot;
        }

        _reader.CheckKeys(settings, PipelineKeys.Plot, $"plot '{path.Value}'");
        foreach (var (key, value) in settings.Entries)
        {
            plot = key.Value switch
            {
                "x" => plot with { X = _reader.String(value, "'x'") },
                "y" => plot with { Y = value is YamlTreeSequence ? _reader.ScalarList(value, "'y'").Select(y => y.Value).ToList() : _reader.String(value, "'y'") is { } y ? [y] : [] },
                "template" => plot with { Template = Template(value) },
                "title" => plot with { Title = _reader.String(value, "'title'") },
                "x_label" => plot with { XLabel = _reader.String(value, "'x_label'") },
                "y_label" => plot with { YLabel = _reader.String(value, "'y_label'") },
                _ => plot,
            };
        }

        return plot;
    }

    private PlotDefinition? Plot(YamlTreeScalar path, string? step)
    {
        var normalized = PathNormalizer.Normalize(path.Value);
        if (!Extensions.Any(e => normalized.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
        {
            _reader.BadValue(path, "a plot file", "a .csv, .tsv, .json, .yaml data file or a .png, .svg image");
            return null;
        }

        return new PlotDefinition(normalized, path.Location) { Step = step };
    }

    private PlotTemplate Template(YamlTreeNode value)
    {
        if (_reader.Scalar(value, "'template'") is not { } scalar)
        {
            return PlotTemplate.Linear;
        }

        if (!PlotTemplateNames.TryParse(scalar.Value, out var template))
        {
            _reader.BadValue(scalar, "'template'", string.Join(", ", PlotTemplateNames.All));
        }

        return template;
    }
}
