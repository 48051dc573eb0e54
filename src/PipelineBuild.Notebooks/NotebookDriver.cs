using System.Text.Json;
using PipelineBuild.Core.Execution.Processes;

namespace PipelineBuild.Notebooks;

/// <summary>
/// Starts <c>notebook_driver.py</c> (shipped inside this assembly) with the Jupyter Python: <c>probe</c>
/// a kernel or <c>run</c> a request; the driver answers with a small JSON result file.
/// </summary>
public sealed class NotebookDriver
{
    private static readonly Lazy<string> ScriptText = new(() =>
    {
        using var stream = typeof(NotebookDriver).Assembly.GetManifestResourceStream("notebook_driver.py")
            ?? throw new InvalidOperationException("notebook_driver.py is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    private readonly Lazy<string> _python;
    private readonly ProcessLaunch _launch;

    /// <param name="locatePython">Called once, when a notebook step first needs Jupyter (runs without notebooks never look).</param>
    /// <param name="launch">How the driver's process starts (chosen by the composition root).</param>
    public NotebookDriver(Func<string> locatePython, ProcessLaunch launch = ProcessLaunch.Spawn)
    {
        _python = new Lazy<string>(locatePython);
        _launch = launch;
    }

    public string Python => _python.Value;

    /// <summary>The driver's source (a container notebook step writes it where the container can run it).</summary>
    public static string Script => ScriptText.Value;

    /// <summary>Runs the driver; the result file's root element, or null when it wrote none.</summary>
    public async Task<(int ExitCode, JsonElement? Result)> RunAsync(
        string mode,
        string argument,
        string resultPath,
        string workingDirectory,
        IReadOnlyDictionary<string, string> environment,
        Action<string, bool> onLine,
        CancellationToken cancellationToken)
    {
        File.Delete(resultPath);
        var env = new Dictionary<string, string>(environment, StringComparer.Ordinal)
        {
            // debugpy, loaded by ipykernel, warns on every start about frozen modules otherwise.
            ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1",
        };
        var exitCode = await ProcessRunner.RunAsync(
            new ProcessSpec(Python, ["-c", Script, mode, argument, resultPath], workingDirectory, env) { Launch = _launch },
            onLine,
            cancellationToken).ConfigureAwait(false);
        return (exitCode, TakeResult(resultPath));
    }

    /// <summary>The root element of the result file the driver wrote (then deleted), or null when it wrote none.</summary>
    public static JsonElement? TakeResult(string resultPath)
    {
        if (!File.Exists(resultPath))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(resultPath));
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            File.Delete(resultPath);
        }
    }

    internal static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    internal static int? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;
}
