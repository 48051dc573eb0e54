using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Graph;

/// <summary>Gives every test its own temporary workspace.</summary>
public abstract class GraphTestBase : IDisposable
{
    protected GraphTestBase()
    {
        Workspace = TestWorkspace.Create();
    }

    internal TestWorkspace Workspace { get; }

    public void Dispose()
    {
        Workspace.Dispose();
        GC.SuppressFinalize(this);
    }

    internal GraphPipeline Pipeline() => new(Workspace.Root);
}
