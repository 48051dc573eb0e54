using System.Collections.Concurrent;
using System.Globalization;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Execution.Processes;

/// <summary>
/// Step process groups recorded in <c>.pipeline/processes/</c> with their leader's start time: one file per run
/// (<see cref="RunProcessRecord"/>), a line when a group starts and one when it ends, removed when the run is over.
/// A run that finds a record left by a crashed one stops the groups it still names (SIGKILL) under the workspace
/// lock, before any output is touched. The start time tells a reused process id apart; a group whose leader is
/// gone is still addressed safely, as Linux does not reuse an id while a group holds it.
/// </summary>
public static class ProcessGroupRecords
{
    private const long MaxRecordBytes = 64L << 20;
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private static readonly ConcurrentDictionary<string, RunProcessRecord> Open = new(StringComparer.Ordinal);

    public static void Record(string folder, int groupId)
    {
        if (ProcessIdentity.StartTime(groupId) is { } started)
        {
            RecordOf(folder).Add(groupId, started);
        }
    }

    public static void Remove(string folder, int groupId)
    {
        if (Open.TryGetValue(Path.GetFullPath(folder), out var record))
        {
            record.Remove(groupId);
        }
    }

    /// <summary>The run is over: its record goes once no group it names is still running (a warm task host may outlive the run briefly).</summary>
    public static void EndRun(string folder)
    {
        if (Open.TryGetValue(Path.GetFullPath(folder), out var record))
        {
            record.EndRun();
        }
    }

    /// <summary>Stops every recorded group still running; the number of groups stopped.</summary>
    public static int StopLeftovers(string folder)
    {
        // A link planted in the folder's place is never followed: its files would be read, and deleted, wherever it points.
        if (!OperatingSystem.IsLinux() || FileKinds.Of(folder) != FileKind.Directory)
        {
            return 0;
        }

        var own = Open.TryGetValue(Path.GetFullPath(folder), out var record) && record.IsOpen ? record.Path : null;
        var stopped = 0;
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            if (string.Equals(Path.GetFullPath(file), own, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var (groupId, started) in GroupsNamedBy(file))
            {
                if (groupId > 1 && IsTheRecordedGroup(groupId, started) && HasLiveMember(groupId))
                {
                    ProcessSignals.SignalGroup(groupId, ProcessSignals.SigKill);
                    WaitUntilGone(groupId);
                    stopped++;
                }
            }

            File.Delete(file);
        }

        return stopped;
    }

    private static RunProcessRecord RecordOf(string folder) => Open.GetOrAdd(Path.GetFullPath(folder), f => new RunProcessRecord(f));

    /// <summary>
    /// The groups a record still names: a run's file (<c>run-&lt;pid&gt;</c>: <c>+ group start</c> lines, minus the groups a
    /// <c>- group</c> line ended; a torn last line is ignored), or a file per group (<c>&lt;group&gt;</c> holding the start
    /// time) as tools before 2026-11-30 wrote them.
    /// </summary>
    private static IEnumerable<(int Group, ulong Started)> GroupsNamedBy(string file)
    {
        var name = Path.GetFileName(file);
        if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var single))
        {
            return ulong.TryParse(ReadRecord(file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var started) ? [(single, started)] : [];
        }

        if (!name.StartsWith(RunProcessRecord.FilePrefix, StringComparison.Ordinal))
        {
            return [];
        }

        var held = new Dictionary<int, ulong>();
        foreach (var line in ReadRecord(file).Split('\n'))
        {
            var fields = line.Split(' ');
            if (fields.Length == 3 && fields[0] == "+"
                && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var group)
                && ulong.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var started))
            {
                held[group] = started;
            }
            else if (fields.Length == 2 && fields[0] == "-" && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ended))
            {
                held.Remove(ended);
            }
        }

        return held.Select(g => (g.Key, g.Value));
    }

    /// <summary>A live leader must be the one recorded (same start time); a gone leader's id cannot have been reused while its group lives.</summary>
    private static bool IsTheRecordedGroup(int groupId, ulong started) => ProcessIdentity.StartTime(groupId) is not { } current || current == started;

    /// <summary>A record's text; empty for anything but a regular file (a link or FIFO planted among the records is not read).</summary>
    private static string ReadRecord(string file)
    {
        try
        {
            return RegularFile.TryReadAllBytes(file, MaxRecordBytes) is { } bytes ? System.Text.Encoding.ASCII.GetString(bytes) : string.Empty;
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
