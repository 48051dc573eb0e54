using System.Globalization;

namespace PipelineBuild.Core.Workspace;

/// <summary>
/// A process told apart from a later one that reuses its id: its id and its start time in clock ticks
/// since boot (<c>/proc/&lt;pid&gt;/stat</c> field 22), as recorded in state files of the workspace.
/// </summary>
public static class ProcessIdentity
{
    /// <summary>This process's start time; null where <c>/proc</c> is missing.</summary>
    public static ulong? OfCurrentProcess() => StartTime(Environment.ProcessId);

    /// <summary>True while the process that had this id and start time is still running (a zombie is not).</summary>
    public static bool IsAlive(int pid, ulong startTime) =>
        StatFields($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat") is { Length: > 19 } fields
        && fields[0] != "Z"
        && ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
        && ticks == startTime;

    /// <summary>The process's start time in clock ticks since boot; null when it is gone.</summary>
    public static ulong? StartTime(int pid)
    {
        var fields = StatFields($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        return fields is { Length: > 19 } && ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? ticks : null;
    }

    /// <summary>The fields of a <c>stat</c> file after the command name (which may hold spaces and parentheses): state first.</summary>
    public static string[]? StatFields(string path)
    {
        try
        {
            var text = File.ReadAllText(path);
            var end = text.LastIndexOf(')');
            return end < 0 ? null : text[(end + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
