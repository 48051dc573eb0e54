namespace PipelineBuild.Core.Model;

/// <summary>How a data plot is drawn; the names are DVC's (<c>linear</c>, <c>precision-recall</c>…).</summary>
public enum PlotTemplate
{
    Linear,
    Scatter,
    Bar,
    Confusion,
    Roc,
    PrecisionRecall,
    Smooth,
}
