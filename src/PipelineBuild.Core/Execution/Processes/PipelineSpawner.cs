using System.Runtime.InteropServices;
using PipelineBuild.Core.Workspace;
using static PipelineBuild.Core.Execution.Processes.PosixSpawnInterop;

namespace PipelineBuild.Core.Execution.Processes;

/// <summary>
/// Starts a <see cref="PipelineSpec"/> with posix_spawn, each member the leader of a session of its own (a process
/// cannot join a group of another session, and each member must be signalled with its whole tree), connected by pipes.
/// Whatever can fail is tried before the first member starts, so that nothing has run when it fails and bash can run
/// the command instead: every program is found on PATH as posix_spawnp would find it, and the redirect files are
/// opened. The members start last to first: should one still fail to start (a script without <c>#!</c>, a file removed
/// in between), those already started are killed before they could read anything, their input pipe still held here.
/// </summary>
internal static unsafe class PipelineSpawner
{
    private const int CreateMode = 0x1b6; // 0666, less the umask

    /// <exception cref="ProgramNotStartedException">A program is missing or could not start, or a redirect file could not be opened: nothing runs.</exception>
    public static SpawnedPipeline Start(PipelineSpec pipeline)
    {
        var spec = pipeline.Process;
        var members = pipeline.Members.Select(words => new SpawnedMember(Find(words[0], spec.WorkingDirectory), words, SearchesPath: false)).ToList();
        var toClose = new List<int>();
        var readEnds = new List<int>();
        var started = new List<int>();
        try
        {
            var input = pipeline.Input is { } inputFile ? OpenRedirect(inputFile, spec.WorkingDirectory, LinuxDescriptors.ReadOnly, toClose) : -1;
            var output = pipeline.Output is { } outputFile
                ? OpenRedirect(outputFile, spec.WorkingDirectory, LinuxDescriptors.WriteOnly | LinuxDescriptors.Create | (pipeline.Appends ? LinuxDescriptors.Append : LinuxDescriptors.Truncate), toClose)
                : -1;
            var stderrWrite = Pipe(readEnds, toClose);
            var stdoutRead = -1;
            if (output < 0)
            {
                output = Pipe(readEnds, toClose);
                stdoutRead = readEnds[^1];
            }

            using var strings = new NativeStrings();
            var envp = strings.AddArray(PosixSpawner.Environment(spec.EnvironmentOverrides));
            var pids = new int[members.Count];
            var stdout = output;
            var fds = stackalloc int[2];
            for (var i = members.Count - 1; i >= 0; i--)
            {
                var stdin = input;
                if (i > 0)
                {
                    // The pipe from the member before: its read end goes to this member, its write end to that one.
                    PosixSpawner.OpenPipe(fds, []);
                    toClose.Add(fds[0]);
                    toClose.Add(fds[1]);
                    stdin = fds[0];
                }

                pids[i] = PosixSpawner.Spawn(members[i], spec.WorkingDirectory, envp, strings, stdin, stdout, stderrWrite);
                started.Add(pids[i]);
                stdout = fds[1];
            }

            return new SpawnedPipeline(pids, stdoutRead, readEnds[0]);
        }
        catch
        {
            foreach (var pid in started)
            {
                ProcessSignals.SignalGroup(pid, ProcessSignals.SigKill);
                PosixSpawner.WaitForExit(pid);
            }

            foreach (var fd in readEnds)
            {
                Close(fd);
            }

            throw;
        }
        finally
        {
            // The members have their own copies; ours must go, or no member ever reads end-of-file.
            foreach (var fd in toClose)
            {
                Close(fd);
            }
        }
    }

    /// <summary>
    /// The path posix_spawnp would exec for <paramref name="program"/>: itself when it names a folder, else the first
    /// executable of that name in a folder of the tool's PATH (an empty entry is the working folder), relative paths
    /// taken from <paramref name="workingDirectory"/>, where the member starts.
    /// </summary>
    internal static string Find(string program, string workingDirectory)
    {
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return IsExecutable(program, workingDirectory) ? program : throw NotFound(program);
        }

        // Unset, glibc and bash would each search a default of their own.
        var path = System.Environment.GetEnvironmentVariable("PATH") ?? throw NotFound(program);
        foreach (var folder in path.Split(':'))
        {
            var candidate = folder.Length == 0 ? program : $"{folder.TrimEnd('/')}/{program}";
            if (IsExecutable(candidate, workingDirectory))
            {
                return candidate;
            }
        }

        throw NotFound(program);
    }

    private static bool IsExecutable(string path, string workingDirectory) => Access(Path.Combine(workingDirectory, path), Executable) == 0;

    private static ProgramNotStartedException NotFound(string program) => new($"cannot start '{program}': not found on PATH");

    /// <summary>
    /// Opens a redirect file as bash would (created 0666 less the umask), close-on-exec here. Only a file that can be
    /// read or written at an offset is taken (a FIFO's open could block, a terminal's behave differently): anything
    /// else is left to bash, as is a file that cannot be opened, whose error bash then reports.
    /// </summary>
    private static int OpenRedirect(string file, string workingDirectory, int flags, List<int> toClose)
    {
        var fd = LinuxDescriptors.Open(Path.Combine(workingDirectory, file), flags | LinuxDescriptors.NonBlocking | LinuxDescriptors.CloseOnExec, CreateMode);
        if (fd < 0)
        {
            throw new ProgramNotStartedException($"cannot open '{file}': {Describe(Marshal.GetLastPInvokeError())}");
        }

        toClose.Add(fd);
        if (Seek(fd, 0, SeekCurrent) < 0 || FileControl(fd, SetStatusFlags, flags & LinuxDescriptors.Append) != 0)
        {
            throw new ProgramNotStartedException($"'{file}' is not a plain file: bash opens it");
        }

        return fd;
    }

    /// <summary>A pipe whose read end goes to <paramref name="readEnds"/> and write end to <paramref name="toClose"/>; the write end.</summary>
    private static int Pipe(List<int> readEnds, List<int> toClose)
    {
        var fds = stackalloc int[2];
        PosixSpawner.OpenPipe(fds, []);
        readEnds.Add(fds[0]);
        toClose.Add(fds[1]);
        return fds[1];
    }
}
