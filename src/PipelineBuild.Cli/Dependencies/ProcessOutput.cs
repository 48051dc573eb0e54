using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace PipelineBuild.Cli.Dependencies;

/// <summary>Runs a short-lived program (a <c>--version</c>, a Python one-liner) for its output, 10 seconds at most.</summary>
internal static class ProcessOutput
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The exit code, stdout and stderr; null when it cannot start or does not end in time.</summary>
    public static (int ExitCode, string Output, string Error)? Run(string program, IReadOnlyList<string> args)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(info)!;
            process.StandardInput.Close();
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }

            return (process.ExitCode, output.Result, error.Result);
        }
        catch (Win32Exception)
        {
            return null;
        }
    }

    /// <summary>Stdout of a run that succeeded, else "".</summary>
    public static string Read(string program, IReadOnlyList<string> args) => Run(program, args) is (0, var output, _) ? output : "";

    /// <summary>The first non-empty line of a run that succeeded (stdout, else stderr), or null.</summary>
    public static string? FirstLine(string program, IReadOnlyList<string> args) =>
        Run(program, args) is (0, var output, var error)
            ? (output.Trim().Length > 0 ? output : error).Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0)
            : null;
}
