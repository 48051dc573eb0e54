namespace PipelineBuild.Sdk;

/// <summary>
/// A task's log. Lines go to the step's log file (<c>.pipeline/logs/&lt;run&gt;/&lt;step&gt;.log</c>) and to
/// the console; error lines are also shown under a failed step. Plain <c>Console.WriteLine</c> works too.
/// </summary>
public sealed class TaskLog
{
    private readonly TextWriter _output;
    private readonly TextWriter _error;

    /// <summary>A log writing to the given writers.</summary>
    /// <param name="output">Receives information and warnings.</param>
    /// <param name="error">Receives errors.</param>
    public TaskLog(TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        _output = output;
        _error = error;
    }

    /// <summary>A log on the process's standard output and error (what the task host captures).</summary>
    public static TaskLog Console => new(System.Console.Out, System.Console.Error);

    /// <summary>Writes an information line.</summary>
    /// <param name="message">The text.</param>
    public void Info(string message) => _output.WriteLine(message);

    /// <summary>Writes a warning line, prefixed <c>warning:</c>.</summary>
    /// <param name="message">The text.</param>
    public void Warning(string message) => _output.WriteLine($"warning: {message}");

    /// <summary>Writes an error line to the error stream, prefixed <c>error:</c>.</summary>
    /// <param name="message">The text.</param>
    public void Error(string message) => _error.WriteLine($"error: {message}");
}
