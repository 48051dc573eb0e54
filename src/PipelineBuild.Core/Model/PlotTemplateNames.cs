namespace PipelineBuild.Core.Model;

/// <summary>The names of <see cref="PlotTemplate"/> as the pipeline file and the HTML pages write them.</summary>
public static class PlotTemplateNames
{
    public static readonly IReadOnlyList<string> All = ["linear", "scatter", "bar", "confusion", "roc", "precision-recall", "smooth"];

    public static string Of(PlotTemplate template) => All[(int)template];

    public static bool TryParse(string name, out PlotTemplate template)
    {
        var index = All.ToList().IndexOf(name);
        template = index < 0 ? PlotTemplate.Linear : (PlotTemplate)index;
        return index >= 0;
    }
}
