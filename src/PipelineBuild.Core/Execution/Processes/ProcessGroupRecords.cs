using System.Globalization;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Execution.Processes;

/// <summary>
/// Step process groups recorded in <c>.pipeline/processes/&lt;group id&gt;</c> with their leader's start time,
/// removed when they end. A run that finds records left by a crashed one stops those groups (SIGKILL) under
/// the workspace lock, before any output is touched. The start time tells a reused process id apart; a
/// group whose leader is gone is still addressed safely, as Linux does not reuse an id while a group holds it.
/// </summary>
public static class ProcessGroupRecords
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    public static void Record(string folder, int groupId)
    {
        if (ProcessIdentity.StartTime(groupId) is not { } started)
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, groupId.ToString(CultureInfo.InvariantCulture)), started.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the watcher still stops the group if the tool dies.
        }
    }

    public static void Remove(string folder, int groupId)
    {
        try
        {
            File.Delete(Path.Combine(folder, groupId.ToString(CultureInfo.InvariantCulture)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A stale record is harmless: its start time will not match a reused id.
        }
    }

    /// <summary>Stops every recorded group still running; the number of groups stopped.</summary>
    public static int StopLeftovers(string folder)
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists(folder))
        {
            return 0;
        }

        var stopped = 0;
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            if (int.TryParse(Path.GetFileName(file), NumberStyles.None, CultureInfo.InvariantCulture, out var groupId) && groupId > 1
                && ulong.TryParse(ReadRecord(file), NumberStyles.None, CultureInfo.InvariantCulture, out var started)
                && IsTheRecordedGroup(groupId, started)
                && HasLiveMember(groupId))
            {
                ProcessSignals.SignalGroup(groupId, ProcessSignals.SigKill);
                WaitUntilGone(groupId);
                stopped++;
            }

            File.Delete(file);
        }

        return stopped;
    }

    /// <summary>A live leader must be the one recorded (same start time); a gone leader's id cannot have been reused while its group lives.</summary>
    private static bool IsTheRecordedGroup(int groupId, ulong started) => ProcessIdentity.StartTime(groupId) is not { } current || current == started;

    private static string ReadRecord(string file)
    {
        try
        {
            return File.ReadAllText(file).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    private static void WaitUntilGone(int groupId)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (HasLiveMember(groupId) && clock.Elapsed < StopTimeout)
        {
            Thread.Sleep(20);
        }
    }

    /// <summary>Whether a process that is not a zombie belongs to the group (/proc/*/stat: state, then pgrp).</summary>
    private static bool HasLiveMember(int groupId)
    {
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(folder);
            if (name.Length == 0 || !char.IsAsciiDigit(name[0]))
            {
                continue;
            }

            var fields = ProcessIdentity.StatFields(Path.Combine(folder, "stat"));
            if (fields is not null && fields.Length > 2 && fields[0] != "Z" && fields[2] == groupId.ToString(CultureInfo.InvariantCulture))
            {
                return true;
            }
        }

        return false;
    }
}
