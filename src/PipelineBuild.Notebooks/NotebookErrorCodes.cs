namespace PipelineBuild.Notebooks;

/// <summary>The PB6010–PB6019 and PB6030 codes of notebook steps (docs/error-codes.md).</summary>
public static class NotebookErrorCodes
{
    /// <summary>No Python with Jupyter (nbclient, nbformat) can be started (exit 3).</summary>
    public const string JupyterUnavailable = "PB6010";

    /// <summary>The step's kernel is not installed (exit 3); the message lists the installed kernels.</summary>
    public const string UnknownKernel = "PB6011";

    /// <summary>A value to inject has a name that is not a Python identifier (the step fails).</summary>
    public const string BadParameterName = "PB6012";

    /// <summary>A notebook step names an image, but the tool was composed without a container runner (exit 3).</summary>
    public const string NoContainers = "PB6030";
}
