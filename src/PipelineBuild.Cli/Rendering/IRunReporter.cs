using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Recording;

namespace PipelineBuild.Cli.Rendering;

/// <summary>A console reporter: observes the run, then prints the summary.</summary>
internal interface IRunReporter : IRunObserver, IAsyncDisposable
{
    Task CompleteAsync(RunReport report);
}
