namespace PipelineBuild.Core.Sessions;

/// <summary>How an experiment's run is recorded: tagged with its name, in the history of the workspace it was copied from.</summary>
public sealed record ExperimentRecording(string Name, string RunsDatabase);
