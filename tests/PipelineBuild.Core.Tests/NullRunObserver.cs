using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;

namespace PipelineBuild.Core.Tests;

/// <summary>An observer for tests that do not look at the run's events.</summary>
internal sealed class NullRunObserver : IRunObserver
{
    public void RunStarted(string runId, int stepCount)
    {
    }

    public void StepStarted(StepDefinition step, StepDecision decision)
    {
    }

    public void StepOutput(StepDefinition step, string line, bool isError)
    {
    }

    public void StepFinished(StepResult result)
    {
    }

    public void Warning(string message)
    {
    }
}
