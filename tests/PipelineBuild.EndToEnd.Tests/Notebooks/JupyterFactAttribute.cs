namespace PipelineBuild.EndToEnd.Tests.Notebooks;

/// <summary>
/// A test that runs notebooks with Jupyter (Debian: jupyter-nbconvert, python3-ipykernel): skipped, with
/// the reason, when the Jupyter Python cannot import nbclient and ipykernel — unless
/// <c>PIPELINEBUILD_REQUIRE_JUPYTER=1</c> (CI), where it runs and fails instead.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class JupyterFactAttribute : FactAttribute
{
    public JupyterFactAttribute()
    {
        if (!TestJupyter.IsRequired && TestJupyter.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
