using PipelineBuild.Core.Runs;

namespace PipelineBuild.Cli.Pictures;

/// <summary>One source of a plot's data: a recorded run, or the workspace (<see cref="Run"/> null), with the label its series gets.</summary>
internal sealed record PlotSeries(string Label, RunRecord? Run);
