using System.Diagnostics;
using System.Globalization;

namespace PipelineBuild.Core.Execution.Processes;

/// <summary>
/// One small <c>/bin/sh</c> per tool process that holds the process groups of the steps running now and reads a pipe
/// only the tool writes to. When the tool dies, even by SIGKILL, the kernel closes the pipe; the watcher reads
/// end-of-file and kills every group it still holds, so no step process keeps writing outputs after the tool is gone.
/// One watcher for the whole run, not a supervisor shell per step: for many small steps, a shell and two forks per step
/// cost more CPU than the steps' own commands (docs/performance.md). <c>PR_SET_PDEATHSIG</c> is no substitute: it fires
/// when the forking <i>thread</i> exits (.NET starts processes from pool threads) and reaches only the direct child.
/// </summary>
/// <remarks>
/// A group is given to the watcher right after the step process started (one pipe write; the watcher itself is
/// started before the first step) and released right after its leader was reaped and the rest of the group sent
/// SIGTERM, so the watcher never holds an id for longer than that moment after Linux could reuse it. The records
/// in <c>.pipeline/processes</c>, written after the group was given to the watcher, are the second guard for the
/// moment between a step's start and that write: a later run stops any group they name before touching outputs.
/// </remarks>
internal sealed class GroupWatcher : IDisposable
{
    private const string Shell = "/bin/sh";

    // Lines "+ <group>" and "- <group>"; anything else is ignored. At end-of-file, every group held is killed.
    // The leader is killed by its process id first: behind the setsid program (the managed launcher) the id is held
    // from the moment the process exists, before setsid() made it a group, and a kill of the group alone would then
    // miss it. Dead, it can start nothing; what it started in its group is killed with the group.
    private const string Script = """
        exec >/dev/null 2>&1
        trap '' INT HUP
        groups=' '
        while read -r change group; do
          case $group in ''|*[!0-9]*) continue ;; esac
          case "$change$groups" in
            "+"*) groups="$groups$group " ;;
            "-"*" $group "*) groups="${groups%% $group *} ${groups#* $group }" ;;
          esac
        done
        for group in $groups; do kill -9 "$group"; kill -9 "-$group"; done
        """;

    private static readonly Lazy<GroupWatcher> Instance = new(() => new GroupWatcher());
    private readonly Lock _gate = new();
    private readonly HashSet<int> _groups = [];
    private Process? _watcher;

    /// <summary>The watcher of this tool process, started with the first group it is given.</summary>
    public static GroupWatcher Shared => Instance.Value;

    public static bool IsAvailable { get; } = !OperatingSystem.IsWindows() && File.Exists(Shell);

    /// <summary>The watcher's process id while one runs (for tests that kill it).</summary>
    internal int? ProcessId
    {
        get
        {
            lock (_gate)
            {
                return _watcher?.Id;
            }
        }
    }

    /// <summary>Starts the watcher if none runs.</summary>
    public void Prepare()
    {
        if (!IsAvailable)
        {
            return;
        }

        lock (_gate)
        {
            try
            {
                _watcher ??= Start();
            }
            catch (IOException)
            {
                // Tried again with the first group; the process group records are the second guard.
            }
        }
    }

    /// <summary>Kills <paramref name="group"/> (SIGKILL to the whole group) if this process dies before <see cref="Release"/>.</summary>
    public void Watch(int group)
    {
        if (!IsAvailable || group <= 1)
        {
            return;
        }

        lock (_gate)
        {
            if (_groups.Add(group))
            {
                Send('+', group);
            }
        }
    }

    public void Release(int group)
    {
        lock (_gate)
        {
            if (_groups.Remove(group))
            {
                Send('-', group);
            }
        }
    }

    /// <summary>Closes the pipe as the kernel does when this process dies: the watcher kills the groups it still holds.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            Stop();
            _groups.Clear();
        }
    }

    private void Send(char change, int group)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{change} {group}");
        try
        {
            Write(line);
        }
        catch (IOException)
        {
            // The watcher is gone (someone killed it): a new one is given every group held now.
            Stop();
            try
            {
                foreach (var held in _groups)
                {
                    Write(string.Create(CultureInfo.InvariantCulture, $"+ {held}"));
                }
            }
            catch (IOException)
            {
                // Best effort: the process group records still let the next run stop what this one leaves.
            }
        }
    }

    private void Write(string line)
    {
        var input = (_watcher ??= Start()).StandardInput;
        input.WriteLine(line);
        input.Flush();
    }

    private void Stop()
    {
        if (_watcher is null)
        {
            return;
        }

        try
        {
            _watcher.StandardInput.Dispose();
        }
        catch (IOException)
        {
            // Already broken: the watcher saw end-of-file or is gone.
        }

        _watcher.Dispose();
        _watcher = null;
    }

    private static Process Start()
    {
        // Only stdin is a pipe (its write end close-on-exec in this process): no step inherits it, and the
        // watcher's output goes nowhere. Its own signals stay default but INT and HUP, which reach the
        // terminal's foreground group on Ctrl-C or hang-up: the tool handles those and ends the steps itself.
        var info = new ProcessStartInfo(Shell)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = false,
            RedirectStandardError = false,
            UseShellExecute = false,
            WorkingDirectory = "/",
            StandardInputEncoding = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Script);
        info.ArgumentList.Add("pipelinebuild-watcher");
        try
        {
            return Process.Start(info) ?? throw new IOException("the step watcher did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new IOException($"cannot start the step watcher: {e.Message}", e);
        }
    }
}
