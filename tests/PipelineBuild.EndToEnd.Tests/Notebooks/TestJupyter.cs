using System.Diagnostics;
using PipelineBuild.Notebooks;

namespace PipelineBuild.EndToEnd.Tests.Notebooks;

/// <summary>The Jupyter the notebook tests run on: the Python the tool itself would pick.</summary>
internal static class TestJupyter
{
    private static readonly Lazy<string?> UnavailableReason = new(Probe);

    public static bool IsRequired => Environment.GetEnvironmentVariable("PIPELINEBUILD_REQUIRE_JUPYTER") == "1";

    public static string Python { get; } = JupyterPython.Locate(Environment.GetEnvironmentVariable);

    /// <summary>Why notebook tests cannot run here, or null.</summary>
    public static string? Unavailable => UnavailableReason.Value;

    private static string? Probe()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(Python, ["-c", "import nbclient, nbformat, nbconvert, ipykernel"])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : $"'{Python}' cannot import Jupyter (apt-get install jupyter-nbconvert python3-ipykernel): {error.Trim().Split('\n')[^1]}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"no Python for Jupyter ('{Python}': {e.Message})";
        }
    }
}
