namespace PipelineBuild.Notebooks;

/// <summary>
/// The Python interpreter that runs Jupyter: <c>PIPELINEBUILD_JUPYTER_PYTHON</c> when set, else the
/// interpreter named by the <c>#!</c> line of the <c>jupyter</c> command on PATH (so a pyenv or venv
/// <c>python3</c> earlier on PATH without Jupyter is not picked), else <c>python3</c>.
/// </summary>
public static class JupyterPython
{
    public const string Variable = "PIPELINEBUILD_JUPYTER_PYTHON";

    public static string Locate(Func<string, string?> environment)
    {
        if (environment(Variable) is { Length: > 0 } pinned)
        {
            return pinned;
        }

        foreach (var folder in (environment("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var jupyter = Path.Combine(folder, "jupyter");
            if (File.Exists(jupyter) && Interpreter(jupyter) is { } python)
            {
                return python;
            }
        }

        return "python3";
    }

    /// <summary>The interpreter of a script's <c>#!/path/python3</c> line (not <c>#!/usr/bin/env python3</c>: PATH decides that).</summary>
    internal static string? Interpreter(string script)
    {
        try
        {
            using var reader = new StreamReader(script);
            var first = reader.ReadLine();
            if (first is null || !first.StartsWith("#!", StringComparison.Ordinal))
            {
                return null;
            }

            var program = first[2..].Trim().Split(' ', 2)[0];
            return Path.IsPathRooted(program) && Path.GetFileName(program).StartsWith("python", StringComparison.Ordinal) ? program : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
