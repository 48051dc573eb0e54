using PipelineBuild.Sdk;
using PipelineBuild.Testing;

namespace PipelineBuild.Tasks.Tests;

internal static class TaskContexts
{
    public static StepContext For(TestWorkspace workspace, string withJson) => new()
    {
        StepId = "s.t",
        Workspace = workspace.Root,
        With = TaskValues.Parse(withJson),
        Log = new TaskLog(TextWriter.Null, TextWriter.Null),
    };

    public static double Metric(StepContext context, string name) =>
        context.Metrics.Values.Single(v => v.Key == name).Value;
}
