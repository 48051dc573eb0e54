using System.Diagnostics;

namespace PipelineBuild.Core.Tests.Caching;

/// <summary>Puts hostile entries in the store's place: a FIFO (with mkfifo, as an attacker would), a folder, a symlink.</summary>
internal static class SpecialFiles
{
    public static void Fifo(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    /// <summary>Replaces whatever is at <paramref name="path"/> by <paramref name="replacement"/>.</summary>
    public static void Replace(string path, Action<string> replacement)
    {
        if (File.Exists(path))
        {
            File.SetAttributes(path, FileAttributes.Normal);
            File.Delete(path);
        }

        replacement(path);
    }

    /// <summary>Runs <paramref name="action"/> and fails (instead of hanging the suite) if it does not return: a FIFO read blocks forever.</summary>
    public static T WithoutHanging<T>(Func<T> action)
    {
        var task = Task.Factory.StartNew(action, TaskCreationOptions.LongRunning);
        Assert.True(task.Wait(TimeSpan.FromMinutes(2)), "the store blocked on a special file");
        return task.Result;
    }
}
