namespace PipelineBuild.Cli.Experiments;

/// <summary>What <c>exp run</c> was asked: the pipeline, the experiments (name → <c>--param</c> assignments) and how many at once.</summary>
/// <param name="PipelineFile">The pipeline file as given (null: ./pipeline.yaml).</param>
/// <param name="ParamsFile">An absolute <c>--params-file</c>, or null.</param>
/// <param name="VariedParams">The params whose value differs between experiments.</param>
/// <param name="Jobs">Experiments run at once.</param>
internal sealed record ExperimentPlan(
    string? PipelineFile,
    string? ParamsFile,
    IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Experiments,
    IReadOnlyList<string> VariedParams,
    int Jobs,
    bool Verbose);
