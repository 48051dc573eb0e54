using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Cli.Ci;

/// <summary>
/// Writes the files a CI system reads after a step. A failure is a warning (PB9002), not a failed
/// run: the pipeline's own result does not depend on the CI system's extras.
/// </summary>
internal static class CiFiles
{
    public static bool Append(TextWriter log, ICiProvider ci, string path, string text) => Try(log, ci, path, () => File.AppendAllText(path, text));

    public static bool Write(TextWriter log, ICiProvider ci, string path, string text) => Try(log, ci, path, () =>
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    });

    private static bool Try(TextWriter log, ICiProvider ci, string path, Action write)
    {
        try
        {
            write();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var message = $"{path}: warning {CiCodes.FileNotWritten}: cannot write this CI file ({IoErrorText.Describe(e)}); the run's result is unchanged";
            Console.Error.WriteLine(message);
            log.WriteLine(ci.Warning(message));
            return false;
        }
    }
}
