namespace PipelineBuild.EndToEnd.Tests;

internal static class ProcessProbe
{
    /// <summary>True when the process is gone (or a zombie), waiting up to a few seconds.</summary>
    public static bool HasExited(int pid)
    {
        for (var i = 0; i < 50; i++)
        {
            var status = $"/proc/{pid}/status";
            if (!File.Exists(status) || File.ReadAllText(status).Contains("State:\tZ", StringComparison.Ordinal))
            {
                return true;
            }

            Thread.Sleep(100);
        }

        return false;
    }
}
