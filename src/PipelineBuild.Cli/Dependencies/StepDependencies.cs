namespace PipelineBuild.Cli.Dependencies;

/// <summary>What one step needs: where it runs and, by kind, its programs, image, task, kernel and requirements files.</summary>
internal sealed record StepDependencies(string Id, string RunsOn)
{
    public IReadOnlyList<string> Programs { get; init; } = [];

    public string? Image { get; init; }

    /// <summary>A .NET task step's task name, and the project defining it (null: built in).</summary>
    public string? Task { get; init; }

    public string? TaskProject { get; init; }

    /// <summary>A notebook step's notebook and kernel (<c>python3: CPython 3.11.2</c>); <see cref="KernelMissing"/> when it is not installed.</summary>
    public string? Notebook { get; init; }

    public string? Kernel { get; init; }

    public string? KernelMissing { get; init; }

    public IReadOnlyList<string> Requirements { get; init; } = [];
}
